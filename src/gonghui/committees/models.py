"""Committees, leading groups, their seats and their elections.

A committee (工会委员会, 经费审查委员会, 女职工委员会, 劳动保护监督检查委员会, 劳动争议调解委员会)
or a leading group (领导小组) is one row per term; its people are seats (child records), which
may name a member of the roster or, for people outside the union (the Party secretary as
组长), only a name and a title. An election (child of the committee it elects) holds the
figures the rules of DOMAIN.md are checked against, and its candidates with their votes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.committees import rules
from gonghui.core.scope import OrgScopedManager
from gonghui.members.refs import RosterPerson, person_ref


class CommitteeKind(models.TextChoices):
    UNION = "union", _("Union committee")
    FUNDS_REVIEW = "funds_review", _("Funds review committee")
    WOMEN = "women", _("Women workers' committee")
    LABOR_PROTECTION = "labor_protection", _("Labor-protection supervision committee")
    MEDIATION = "mediation", _("Labor dispute mediation committee")
    # 集体协商委员会: the union's side of collective bargaining, its seats the 协商代表.
    BARGAINING = "bargaining", _("Collective bargaining committee")
    LEADING_GROUP = "leading_group", _("Leading group")
    OTHER = "other", _("Other committee")


# Elected by the members' congress with fixed terms of 3 or 5 years (工会法 art. 16).
ELECTED_KINDS = {CommitteeKind.UNION, CommitteeKind.FUNDS_REVIEW, CommitteeKind.WOMEN}


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    DIRECTOR = "director", _("Committee director")
    DEPUTY_DIRECTOR = "deputy_director", _("Committee deputy director")
    LEADER = "leader", _("Group leader (组长)")
    DEPUTY_LEADER = "deputy_leader", _("Deputy group leader")
    ORGANIZATION = "organization", _("Organization member")
    PUBLICITY = "publicity", _("Publicity member")
    PRODUCTION = "production", _("Production member")
    LIVELIHOOD = "livelihood", _("Livelihood and labor-protection member")
    WOMEN = "women", _("Women's work member")
    FUNDS_REVIEW = "funds_review", _("Funds review member")
    MEDIATION = "mediation", _("Labor dispute mediation member")
    NEGOTIATOR = "negotiator", _("Bargaining representative")
    MEMBER = "member", _("Committee member")
    GROUP_MEMBER = "group_member", _("Group member (成员)")


# The person who heads the body: 主席, 主任 or 组长.
HEAD_POSITIONS = [Position.CHAIR, Position.DIRECTOR, Position.LEADER]


class Selection(models.TextChoices):
    ELECTED = "elected", _("Elected")
    APPOINTED = "appointed", _("Appointed")
    CO_OPTED = "co_opted", _("By-elected or co-opted")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Committee(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of body"), max_length=20, choices=CommitteeKind.choices)
    name = models.CharField(_("name of the body"), max_length=100)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"),
        null=True,
        blank=True,
        choices=[(3, _("3 years")), (5, _("5 years"))],
        help_text=_("Union, funds review and women workers' committees: 3 or 5 years."),
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(
        _("term end"), null=True, blank=True, help_text=_("Left empty: the start plus the term.")
    )
    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("The document that set it up (文号).")
    )
    duties = models.TextField(_("duties"), blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee or leading group")
        verbose_name_plural = _("committees and leading groups")
        ordering = ["organization", "kind", "-term_start", "pk"]
        indexes = [models.Index(fields=["organization", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_elected_kind(self) -> bool:
        return self.kind in ELECTED_KINDS

    @property
    def start(self) -> dt.date | None:
        return self.term_start or self.established_on

    def in_office(self, day: dt.date) -> bool:
        start = self.start
        return (
            (start is None or start <= day)
            and (self.term_end is None or self.term_end >= day)
            and (self.dissolved_on is None or self.dissolved_on > day)
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_elected_kind:
            if self.term_start is None:
                errors["term_start"] = _("An elected committee needs the start of its term.")
            if self.term_years not in rules.TERM_YEARS:
                errors["term_years"] = _("The term of this committee is 3 or 5 years.")
        if self.term_start and self.term_years and not self.term_end:
            self.term_end = years_after(self.term_start, self.term_years) - dt.timedelta(days=1)
        if self.term_start and self.term_end:
            if self.term_end <= self.term_start:
                errors["term_end"] = _("The term must end after it starts.")
            elif self.term_years and self.term_end > years_after(self.term_start, self.term_years):
                errors["term_end"] = _(
                    "A term of %(years)s years that starts on %(start)s ends on %(end)s at the latest."
                ) % {
                    "years": self.term_years,
                    "start": self.term_start,
                    "end": years_after(self.term_start, self.term_years),
                }
        elif self.term_end and not self.term_start:
            errors["term_start"] = _("Give the start of the term as well as its end.")
        start = self.start
        if self.dissolved_on and start and self.dissolved_on < start:
            errors["dissolved_on"] = _("It cannot be dissolved before it was set up.")
        if errors:
            raise ValidationError(errors)


class Seat(
    person_ref(
        "person_name",
        label=_("full name"),
        help_text=_("Taken from the member when one is chosen."),
        member_help_text=_("Leave empty for a person who is not on the roster (e.g. the Party secretary)."),
        on_delete=models.SET_NULL,
        member_wins=True,
        missing=_("Give the person's name or choose a member."),
    )
):
    """A person's place on a committee or leading group."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats"
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    position = models.CharField(_("seat position"), max_length=20, choices=Position.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    job_title = models.CharField(
        _("post held"), max_length=100, blank=True, help_text=_("E.g. 局党委书记, 财务科科长.")
    )
    unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("unit or group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_time = models.BooleanField(_("full-time"), default=False)
    selection = models.CharField(
        _("how chosen"), max_length=20, choices=Selection.choices, default=Selection.ELECTED
    )
    is_finance_staff = models.BooleanField(
        _("finance staff"), default=False, help_text=_("Works in the union's or the employer's finance.")
    )
    term_start = models.DateField(
        _("seat held from"), null=True, blank=True, help_text=_("Empty: the committee's term.")
    )
    term_end = models.DateField(_("seat held until"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("committee seats")
        ordering = ["committee", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.person_name}"

    def clean(self) -> None:
        errors = self.person_errors()
        if self.member_id and not self.gender:
            self.gender = getattr(self.member, "gender", "") or ""
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("The term must end after it starts.")
        if errors:
            raise ValidationError(errors)


class ElectionKind(models.TextChoices):
    FOUNDING = "founding", _("Founding election")
    REGULAR = "regular", _("Regular re-election (换届)")
    BY_ELECTION = "by_election", _("By-election")


class Assembly(models.TextChoices):
    GENERAL_MEETING = "general_meeting", _("General meeting of members")
    CONGRESS = "congress", _("Members' congress")


class Method(models.TextChoices):
    COMPETITIVE = "competitive", _("Secret ballot, more candidates than seats (差额)")
    EQUAL = "equal", _("Secret ballot, as many candidates as seats (等额)")


class Election(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("body elected"), on_delete=models.PROTECT, related_name="elections"
    )
    held_on = models.DateField(_("date"))
    kind = models.CharField(
        _("kind of election"), max_length=20, choices=ElectionKind.choices, default=ElectionKind.REGULAR
    )
    assembly = models.CharField(
        _("assembly"), max_length=20, choices=Assembly.choices, default=Assembly.CONGRESS
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.COMPETITIVE)
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    eligible_voters = models.PositiveIntegerField(
        _("entitled voters"), help_text=_("Members or delegates entitled to vote (应到).")
    )
    present = models.PositiveIntegerField(_("voters present"))
    votes_cast = models.PositiveIntegerField(_("ballots cast"))
    approving_body = models.CharField(_("approved by"), max_length=100, blank=True)
    approved_on = models.DateField(_("date of approval"), null=True, blank=True)
    approval_number = models.CharField(_("approval number"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return _("%(body)s election of %(day)s") % {"body": self.committee, "day": self.held_on}

    @property
    def quorate(self) -> bool:
        """Valid only with at least two thirds of those entitled present."""
        return self.present * 3 >= self.eligible_voters * 2

    @property
    def votes_needed(self) -> int:
        """More than half of ALL those entitled."""
        return self.eligible_voters // 2 + 1

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.present is not None
            and self.eligible_voters is not None
            and self.present > self.eligible_voters
        ):
            errors["present"] = _(
                "More people present (%(present)s) than entitled to vote (%(eligible)s)."
            ) % {
                "present": self.present,
                "eligible": self.eligible_voters,
            }
        if self.votes_cast is not None and self.present is not None and self.votes_cast > self.present:
            errors["votes_cast"] = _("More ballots cast (%(votes)s) than voters present (%(present)s).") % {
                "votes": self.votes_cast,
                "present": self.present,
            }
        if self.approved_on and self.held_on and self.approved_on < self.held_on:
            errors["approved_on"] = _("The approval cannot come before the election.")
        if self.approval_number and not self.approved_on:
            errors["approved_on"] = _("Give the date of the approval.")
        if errors:
            raise ValidationError(errors)


class Candidate(RosterPerson):
    """A candidate of an election and the votes received."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    position = models.CharField(_("seat position"), max_length=20, choices=Position.choices, blank=True)
    votes = models.PositiveIntegerField(_("votes received"))
    elected = models.BooleanField(_("elected"), default=False)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates and results")
        ordering = ["election", "-votes", "pk"]

    def __str__(self) -> str:
        return self.person_name

    def clean(self) -> None:
        errors = self.person_errors()
        election = self.election if self.election_id else None
        if election is not None and self.votes is not None:
            if self.votes > election.votes_cast:
                errors["votes"] = _("More votes (%(votes)s) than ballots cast (%(cast)s).") % {
                    "votes": self.votes,
                    "cast": election.votes_cast,
                }
            elif self.elected and not election.quorate:
                errors["elected"] = _(
                    "Fewer than two thirds of those entitled were present: the election is void and "
                    "nobody is elected."
                )
            elif self.elected and self.votes < election.votes_needed:
                errors["elected"] = _(
                    "Elected needs more than half of all %(eligible)s entitled voters, i.e. at least "
                    "%(needed)s votes."
                ) % {"eligible": election.eligible_voters, "needed": election.votes_needed}
        if errors:
            raise ValidationError(errors)
