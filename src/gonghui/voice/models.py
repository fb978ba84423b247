"""Voice of members: rationalization suggestions, the activists' roster, members' evaluation of the union."""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.members.refs import person_ref

ZERO = Decimal("0.00")


class SuggestionChannel(models.TextChoices):
    BOX = "box", _("Suggestion box or mailbox")
    FORUM = "forum", _("Discussion meeting")
    ONLINE = "online", _("Online platform")
    CONGRESS = "congress", _("Workers' congress")
    OTHER = "other", _("Other")


class Suggestion(
    person_ref(
        "proposer",
        label=_("proposer"),
        max_length=100,
        help_text=_("Taken from the member if empty."),
        missing=_("Enter the proposer or choose a member."),
    )
):
    """A rationalization suggestion (合理化建议) and what became of it."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("suggestion title"), max_length=150)
    submitted_on = models.DateField(_("submitted on"))
    # Empty on suggestions recorded before the channel was asked.
    channel = models.CharField(
        _("suggestion channel"), max_length=20, choices=SuggestionChannel.choices, blank=True
    )
    content = models.TextField(_("content"))
    adopted = models.BooleanField(_("adopted"), default=False)
    implemented = models.BooleanField(_("implemented"), default=False)
    reward = models.DecimalField(
        _("reward"), max_digits=12, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    benefit = models.TextField(_("effect and benefit"), blank=True)
    reply = models.TextField(_("reply to the proposer"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    # The member account that sent the suggestion from the member pages (empty for others).
    account = models.ForeignKey(
        "portal.MemberAccount",
        verbose_name=pgettext_lazy("suggestion", "submitted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rationalization suggestion")
        verbose_name_plural = _("rationalization suggestions")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(implemented=False) | Q(adopted=True),
                name="suggestion_implemented_only_if_adopted",
                violation_error_message=_("Only an adopted suggestion can be implemented."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = self.person_errors()
        if self.implemented and not self.adopted:
            errors["implemented"] = _("Only an adopted suggestion can be implemented.")
        if errors:
            raise ValidationError(errors)


class ActivistArea(models.TextChoices):
    ORGANIZATION = "organization", _("Organization")
    PUBLICITY = "publicity", _("Publicity")
    CULTURE_SPORTS = "culture_sports", _("Culture and sports")
    LABOR_PROTECTION = "labor_protection", _("Labor protection")
    WOMEN = "women", _("Women's work")
    DEMOCRACY = "democracy", _("Democratic management")
    CARE = "care", _("Care and support")
    COMPETITION = "competition", _("Labor competitions")
    OTHER = "other", _("Other")


class Activist(
    person_ref(
        label=_("person's name"),
        help_text=_("Taken from the member if empty."),
        missing=_("Enter the activist's name or choose a member."),
    )
):
    """A union activist (工会积极分子) of one year."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    area = models.CharField(_("area of work"), max_length=20, choices=ActivistArea.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activist")
        verbose_name_plural = _("activists")
        ordering = ["-year", "organization", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                condition=Q(member__isnull=False),
                name="uniq_activist_member_year",
                violation_error_message=_("This member is already on that year's roster."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"

    def clean(self) -> None:
        if errors := self.person_errors():
            raise ValidationError(errors)


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class SatisfactionSurvey(models.Model):
    """A round of members' evaluation of the union (会员评家): forms out, forms back and the verdicts."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("round"), max_length=100)
    held_on = models.DateField(_("evaluation date"))
    forms_issued = models.PositiveIntegerField(_("forms issued"), default=0)
    forms_returned = models.PositiveIntegerField(_("forms returned"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    dissatisfied = models.PositiveIntegerField(_("dissatisfied"), default=0)
    opinions = models.TextField(_("main opinions"), blank=True)
    # An online round: members answer on their phones and the totals are counted from the
    # answers (never entered by hand); otherwise the totals of the paper forms are entered.
    online = models.BooleanField(
        _("answered online"),
        default=False,
        help_text=_("Members answer on their phones; the totals are counted from their answers."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT, editable=False
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("members' evaluation")
        verbose_name_plural = _("members' evaluations")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forms_returned__lte=F("forms_issued")),
                name="survey_returned_lte_issued",
                violation_error_message=_("More forms returned than issued."),
            ),
            models.CheckConstraint(
                condition=Q(forms_returned=F("satisfied") + F("basically_satisfied") + F("dissatisfied")),
                name="survey_verdicts_add_up",
                violation_error_message=_(
                    "Satisfied, basically satisfied and dissatisfied must add up to the forms returned."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def satisfaction_rate(self) -> Decimal | None:
        if not self.forms_returned:
            return None
        share = Decimal(self.satisfied + self.basically_satisfied) * 100 / self.forms_returned
        return share.quantize(Decimal("0.01"), ROUND_HALF_UP)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        counts = (
            self.forms_issued,
            self.forms_returned,
            self.satisfied,
            self.basically_satisfied,
            self.dissatisfied,
        )
        if None in counts:
            return
        if self.forms_returned > self.forms_issued:
            errors["forms_returned"] = _("%(returned)s forms returned, but only %(issued)s issued.") % {
                "returned": self.forms_returned,
                "issued": self.forms_issued,
            }
        verdicts = self.satisfied + self.basically_satisfied + self.dissatisfied
        if verdicts != self.forms_returned:
            errors["dissatisfied"] = _(
                "Satisfied, basically satisfied and dissatisfied add up to %(verdicts)s, "
                "not to the %(returned)s forms returned."
            ) % {"verdicts": verdicts, "returned": self.forms_returned}
        if errors:
            raise ValidationError(errors)


class SurveyQuestion(models.Model):
    """A question of an online round, answered 满意 / 基本满意 / 不满意; the overall verdict counts."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name=_("round"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=200)
    overall = models.BooleanField(
        _("overall verdict"),
        default=False,
        help_text=_("The answers to the overall verdict are the round's totals and its satisfaction rate."),
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(overall=True),
                name="uniq_survey_overall_question",
                violation_error_message=_("The round already has an overall verdict question."),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyBallot(models.Model):
    """That someone has answered a round: a keyed hash of their ID number, nothing readable.

    No link to the answers, which are stored apart (``SurveyResponse``) so nobody can tell who
    answered what. The key includes the round, so the same person cannot be traced across rounds.
    """

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name=_("round"), on_delete=models.CASCADE, related_name="ballots"
    )
    person_key = models.CharField(max_length=64)
    answered_on = models.DateField(_("answered on"))

    objects = OrgScopedManager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person_key"],
                name="uniq_survey_ballot_person",
                violation_error_message=_("You have already taken part in this evaluation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('ballot')} {self.pk}"


class SurveyResponse(models.Model):
    """One anonymous answer to one question: no ballot, no member, no time; a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name=_("round"), on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="responses"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)

    objects = OrgScopedManager()

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")

    def __str__(self) -> str:
        return self.get_verdict_display()


class SurveyOpinion(models.Model):
    """A free-text opinion given with an answer: anonymous like the answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(
        SatisfactionSurvey, verbose_name=_("round"), on_delete=models.CASCADE, related_name="opinion_texts"
    )
    text = models.TextField(_("opinion"))

    objects = OrgScopedManager()

    class Meta:
        verbose_name = _("evaluation opinion")
        verbose_name_plural = _("evaluation opinions")

    def __str__(self) -> str:
        return self.text[:30]
