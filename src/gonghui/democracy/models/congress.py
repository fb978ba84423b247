"""Congress sessions (职工代表大会 / 会员代表大会) with their representatives, proposals,
resolutions and the follow-up of each resolution (落实情况)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.members.refs import RosterPerson


class CongressKind(models.TextChoices):
    WORKERS = "workers", _("Workers' congress")
    MEMBERS = "members", _("Members' congress")
    JOINT = "joint", _("Workers' and members' congress")
    GENERAL = "general", _("General meeting of staff")
    # 劳资恳谈会: a meeting of the employer with workers' representatives, a form of democratic
    # management but no congress: it elects nothing and passes no resolutions, so it is kept
    # out of the congress counts (``CONGRESS_KINDS``) and counted on its own.
    LABOUR_TALKS = "labour_talks", _("Labour-management consultation meeting")


CONGRESS_KINDS = [k for k in CongressKind.values if k != CongressKind.LABOUR_TALKS]


class Congress(models.Model):
    """One session: the 次 of a 届."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("kind of congress"), max_length=20, choices=CongressKind.choices, default=CongressKind.WORKERS
    )
    term_no = models.PositiveSmallIntegerField(_("term (届)"))
    session_no = models.PositiveSmallIntegerField(_("session (次)"))
    name = models.CharField(
        _("session title"), max_length=150, blank=True, help_text=_("Empty: built from term and session.")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    delegates_total = models.PositiveIntegerField(
        _("delegates"), help_text=_("All delegates of the term (应到).")
    )
    delegates_present = models.PositiveIntegerField(_("delegates present"))
    frontline_delegates = models.PositiveIntegerField(
        _("frontline workers among them"), null=True, blank=True
    )
    women_delegates = models.PositiveIntegerField(_("women among them"), null=True, blank=True)
    management_delegates = models.PositiveIntegerField(
        _("managers among them"), null=True, blank=True, help_text=_("Middle managers and leaders.")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # 提案征集: representatives submit proposals on their phones while the window is open.
    proposals_open_from = models.DateField(
        _("proposals collected from"),
        null=True,
        blank=True,
        help_text=_("Representatives may submit proposals online from this day."),
    )
    proposals_open_until = models.DateField(
        _("proposals collected until"),
        null=True,
        blank=True,
        help_text=_("Last day for proposals online. Both empty: no proposals online."),
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "term_no", "session_no"],
                name="democracy_congress_unique_session",
                violation_error_message=_("This union already has this session of this term."),
            )
        ]

    def __str__(self) -> str:
        if self.name:
            return self.name
        return _("Term %(term)s, session %(session)s of the %(kind)s") % {
            "term": self.term_no,
            "session": self.session_no,
            "kind": self.get_kind_display(),
        }

    @property
    def quorate(self) -> bool:
        return self.delegates_present * 3 >= self.delegates_total * 2

    @property
    def majority(self) -> int:
        """Votes a resolution needs: more than half of ALL delegates."""
        return self.delegates_total // 2 + 1

    def proposals_open_on(self, day: dt.date) -> bool:
        """Proposals are collected online on ``day``: a window is set and ``day`` lies within it."""
        start, end = self.proposals_open_from, self.proposals_open_until
        if start is None and end is None:
            return False
        return (start is None or start <= day) and (end is None or day <= end)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        start, end = self.proposals_open_from, self.proposals_open_until
        if start and end and end < start:
            errors["proposals_open_until"] = _("The collection of proposals cannot end before it starts.")
        total = self.delegates_total
        if total is not None:
            if self.delegates_present is not None and self.delegates_present > total:
                errors["delegates_present"] = _(
                    "More delegates present (%(present)s) than there are delegates (%(total)s)."
                ) % {"present": self.delegates_present, "total": total}
            for name in ("frontline_delegates", "women_delegates", "management_delegates"):
                value = getattr(self, name)
                if value is not None and value > total:
                    errors[name] = _("Cannot exceed the %(total)s delegates.") % {"total": total}
            front, managers = self.frontline_delegates or 0, self.management_delegates or 0
            if "management_delegates" not in errors and front + managers > total:
                errors["management_delegates"] = _(
                    "Frontline workers and managers together (%(sum)s) exceed the %(total)s delegates."
                ) % {"sum": front + managers, "total": total}
        if errors:
            raise ValidationError(errors)


class DelegateCategory(models.TextChoices):
    FRONTLINE = "frontline", _("Frontline worker")
    TECHNICAL = "technical", _("Technical or professional staff")
    MANAGEMENT = "management", _("Manager or leader")
    OTHER = "other", _("Other")


class Representative(RosterPerson):
    """A delegate on the roster of a session (代表名册), and whether they attended."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress session"), on_delete=models.CASCADE, related_name="representatives"
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=[("M", _("Male")), ("F", _("Female"))], blank=True
    )
    category = models.CharField(
        _("category"), max_length=20, choices=DelegateCategory.choices, default=DelegateCategory.FRONTLINE
    )
    unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("unit or group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended = models.BooleanField(_("attended"), default=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["congress", "pk"]

    def __str__(self) -> str:
        return self.person_name

    def clean(self) -> None:
        errors = self.person_errors()
        if self.member_id and not self.gender:
            self.gender = getattr(self.member, "gender", "") or ""
        if errors:
            raise ValidationError(errors)


class ProposalCategory(models.TextChoices):
    OPERATIONS = "operations", _("Production and operations")
    WAGES = "wages", _("Wages and welfare")
    SAFETY = "safety", _("Labor protection and safety")
    DEMOCRACY = "democracy", _("Democratic management")
    TRAINING = "training", _("Training and careers")
    LIVING = "living", _("Living conditions and services")
    OTHER = "other", _("Other")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted (立案)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    CONVERTED = "converted", _("Handled as an opinion")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Proposal(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress session"), on_delete=models.PROTECT, related_name="proposals"
    )
    number = models.CharField(_("proposal number"), max_length=20, blank=True)
    title = models.CharField(_("proposal title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    submitter = models.CharField(_("submitted by"), max_length=50)
    submitter_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("submitter on the roster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seconders = models.CharField(
        _("seconded by"), max_length=300, blank=True, help_text=_("Names, separated by 、")
    )
    category = models.CharField(_("category"), max_length=20, choices=ProposalCategory.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    reason = models.CharField(
        _("reason not accepted"), max_length=300, blank=True, help_text=_("Why it was not accepted.")
    )
    handling_department = models.CharField(_("handled by"), max_length=100, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("reply date"), null=True, blank=True)
    satisfaction = models.CharField(
        _("proposer's rating"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    # Submitted by the representative on the member pages (/m/proposals/new/), not typed in by an officer.
    submitted_online = models.BooleanField(_("submitted online"), default=False, editable=False)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["congress", "number", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def handled(self) -> bool:
        return self.status == ProposalStatus.ACCEPTED and self.replied_on is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        answered = bool(self.reply.strip()) or self.replied_on is not None
        if self.status in (ProposalStatus.NOT_ACCEPTED, ProposalStatus.CONVERTED) and not self.reason.strip():
            errors["reason"] = _("Say why the proposal was not accepted.")
        if answered and self.status in (ProposalStatus.PENDING, ProposalStatus.NOT_ACCEPTED):
            errors["status"] = _("Only an accepted proposal or one handled as an opinion is replied to.")
        if self.replied_on and not self.reply.strip():
            errors["reply"] = _("Give the reply as well as its date.")
        if self.reply.strip() and not self.replied_on:
            errors["replied_on"] = _("Give the date of the reply.")
        if self.replied_on and self.congress_id and self.replied_on < self.congress.held_on:
            errors["replied_on"] = _("The reply cannot come before the session (%(day)s).") % {
                "day": self.congress.held_on
            }
        if self.satisfaction and not answered:
            errors["satisfaction"] = _("The proposer rates the reply once there is one.")
        if errors:
            raise ValidationError(errors)


class ResolutionKind(models.TextChoices):
    PLAN = "plan", _("Plan or scheme")
    RULES = "rules", _("Rules or regulations")
    REPORT = "report", _("Work report")
    CONTRACT = "contract", _("Collective contract draft")
    ELECTION = "election", _("Election or appointment")
    OTHER = "other", _("Other")


def passed_q(prefix: str = "") -> Q:
    """Resolutions passed: a quorate session and more than half of ALL delegates in favour.

    Integer arithmetic on both databases: ``for > total // 2`` is "more than half", and
    ``present >= (2 * total + 2) // 3`` is "at least two thirds". ``prefix`` reaches a
    resolution through a relation (``"resolutions__"``).
    """
    c = f"{prefix}congress__"
    total = F(f"{c}delegates_total")
    return Q(**{f"{prefix}votes_for__gt": total / 2}) & Q(
        **{f"{c}delegates_present__gte": (total * 2 + 2) / 3}
    )


class Resolution(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress session"), on_delete=models.PROTECT, related_name="resolutions"
    )
    title = models.CharField(_("resolution title"), max_length=200)
    kind = models.CharField(
        _("kind of resolution"), max_length=20, choices=ResolutionKind.choices, default=ResolutionKind.PLAN
    )
    summary = models.TextField(_("resolution summary"), blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), default=0)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["congress", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def passed(self) -> bool:
        c = self.congress
        return c.quorate and self.votes_for * 2 > c.delegates_total

    def clean(self) -> None:
        if not self.congress_id or None in (self.votes_for, self.votes_against, self.votes_abstain):
            return
        total = self.votes_for + self.votes_against + self.votes_abstain
        present = self.congress.delegates_present
        if total > present:
            raise ValidationError(
                {
                    "votes_for": _(
                        "For, against and abstaining add up to %(total)s votes, more than the %(present)s "
                        "delegates present."
                    )
                    % {"total": total, "present": present}
                }
            )


class FollowUpStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Under way")
    DONE = "done", _("Carried out")
    DELAYED = "delayed", _("Delayed")


class FollowUp(models.Model):
    """落实情况: how a resolution is being carried out, dated."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    reported_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.IN_PROGRESS
    )
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    progress = models.TextField(_("implementation progress"))

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["resolution", "reported_on", "pk"]

    def __str__(self) -> str:
        return _("%(resolution)s: follow-up of %(day)s") % {
            "resolution": self.resolution,
            "day": self.reported_on,
        }

    def clean(self) -> None:
        if self.resolution_id and self.reported_on:
            held = self.resolution.congress.held_on
            if self.reported_on < held:
                raise ValidationError(
                    {
                        "reported_on": _(
                            "The follow-up cannot come before the session that passed it (%(day)s)."
                        )
                        % {"day": held}
                    }
                )
