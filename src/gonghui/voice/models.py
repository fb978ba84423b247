"""Voice of members: rationalization suggestions, the activists' roster, members' evaluation of the union."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
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


class SatisfactionSurvey(models.Model):
    """A round of members' evaluation of the union (会员评家): forms out, forms back and the verdicts."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("round"), max_length=100)
    held_on = models.DateField(_("evaluation date"))
    forms_issued = models.PositiveIntegerField(_("forms issued"))
    forms_returned = models.PositiveIntegerField(_("forms returned"))
    satisfied = models.PositiveIntegerField(_("satisfied"))
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"))
    dissatisfied = models.PositiveIntegerField(_("dissatisfied"))
    opinions = models.TextField(_("main opinions"), blank=True)

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
