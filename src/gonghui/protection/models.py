"""Labor-protection supervision (劳动保护监督检查) and labor-dispute mediation (劳动争议调解)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.members.refs import person_ref

MEMBER = "members.Member"


class InspectorLevel(models.TextChoices):
    """The three levels of the supervision network (三级劳动保护监督检查组织)."""

    COMMITTEE = "committee", _("Supervision committee member")
    UNIT = "unit", _("Unit inspector")
    TEAM = "team", _("Team inspector")


class LaborInspector(
    person_ref(
        label=_("person's name"),
        help_text=_("Taken from the member if empty."),
        missing=_("Enter the inspector's name or choose a member."),
    )
):
    """A labor-protection inspector: a committee member, a unit's inspector or a team's (班组)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("inspector level"), max_length=20, choices=InspectorLevel.choices)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    team = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("team (union group)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"org_type": "group"},
    )
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("labor-protection inspector")
        verbose_name_plural = _("labor-protection inspectors")
        ordering = ["organization", "level", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(appointed_on__isnull=True)
                | Q(left_on__gte=F("appointed_on")),
                name="inspector_left_after_appointed",
                violation_error_message=_("The date of leaving cannot be before the appointment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}）"

    def clean(self) -> None:
        errors = self.person_errors()
        if self.level == InspectorLevel.TEAM and not self.team_id:
            errors["team"] = _("A team inspector needs the team (union group) they inspect.")
        if self.team_id and self.team.org_type != "group":
            errors["team"] = _("Choose a union group as the team.")
        if self.appointed_on and self.left_on and self.left_on < self.appointed_on:
            errors["left_on"] = _("The date of leaving cannot be before the appointment.")
        if errors:
            raise ValidationError(errors)


class HazardLevel(models.TextChoices):
    NONE = "none", _("No hazard found")
    GENERAL = "general", _("General hazard")
    MAJOR = "major", _("Major hazard")


class Inspection(models.Model):
    """One labor-protection inspection, its findings and the rectification it asked for."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField(_("inspection date"))
    place = models.CharField(_("place inspected"), max_length=100)
    inspectors = models.ManyToManyField(
        LaborInspector, verbose_name=_("inspectors"), blank=True, related_name="inspections"
    )
    findings = models.TextField(_("findings"), blank=True)
    hazard_level = models.CharField(
        _("hazard level"), max_length=20, choices=HazardLevel.choices, default=HazardLevel.NONE
    )
    rectification_required = models.BooleanField(_("rectification required"), default=False)
    rectify_by = models.DateField(_("rectification deadline"), null=True, blank=True)
    rectified_on = models.DateField(_("rectification closed on"), null=True, blank=True)
    rectification = models.TextField(_("rectification measures"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("labor-protection inspection")
        verbose_name_plural = _("labor-protection inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectified_on__isnull=True) | Q(rectified_on__gte=F("inspected_on")),
                name="inspection_closed_after_inspected",
                violation_error_message=_("Rectification cannot be closed before the inspection date."),
            ),
            models.CheckConstraint(
                condition=Q(rectify_by__isnull=True) | Q(rectify_by__gte=F("inspected_on")),
                name="inspection_deadline_after_inspected",
                violation_error_message=_("The rectification deadline cannot be before the inspection date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.place}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        day = self.inspected_on
        if day and self.rectified_on and self.rectified_on < day:
            errors["rectified_on"] = _("Rectification cannot be closed before the inspection date.")
        if day and self.rectify_by and self.rectify_by < day:
            errors["rectify_by"] = _("The rectification deadline cannot be before the inspection date.")
        if self.rectification_required:
            if self.hazard_level == HazardLevel.NONE:
                errors["hazard_level"] = _("Rectification is required only for a hazard: choose its level.")
            if not self.rectify_by:
                errors["rectify_by"] = _("Set the deadline of the rectification.")
        elif self.rectify_by or self.rectified_on:
            errors["rectification_required"] = _(
                "Tick “rectification required” when a deadline or closing date is given."
            )
        if errors:
            raise ValidationError(errors)


class AnkangCup(models.Model):
    """The union's participation in the year's “安康杯” work-safety competition."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1999), MaxValueValidator(2100)]
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    teams = models.PositiveIntegerField(_("teams taking part"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    result = models.CharField(_("result and honours"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ankang Cup participation")
        verbose_name_plural = _("Ankang Cup participation")
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="uniq_ankang_cup_year",
                violation_error_message=_(
                    "This union's Ankang Cup participation for that year is already recorded."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("%(org)s: Ankang Cup %(year)s") % {"org": self.organization.name, "year": self.year}

    def clean(self) -> None:
        if self.joined_on and self.year and self.joined_on.year != self.year:
            raise ValidationError({"joined_on": _("The date joined must fall in the competition year.")})


class MediationKind(models.TextChoices):
    PAY = "pay", _("Pay")
    CONTRACT = "contract", _("Labor contract")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance and welfare")
    HOURS = "hours", _("Working hours, rest and leave")
    SAFETY = "safety", _("Work safety and occupational injury")
    DISMISSAL = "dismissal", _("Dismissal and termination")
    OTHER = "other", _("Other")


class MediationOutcome(models.TextChoices):
    PENDING = "pending", _("Being mediated")
    MEDIATED = "mediated", _("Settled by mediation")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FAILED = "failed", _("Mediation failed")
    ARBITRATION = "arbitration", _("Referred to arbitration")


# A collective labor dispute: three or more workers with a common claim (企业劳动争议处理条例 1993,
# 第四条, still how unions count them).
COLLECTIVE_MIN_WORKERS = 3


class MediationCase(models.Model):
    """A labor-dispute case before the union's mediation committee (劳动争议调解委员会)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("case"), max_length=120)
    applicant = models.CharField(_("applicant"), max_length=100)
    respondent = models.CharField(_("respondent"), max_length=100)
    kind = models.CharField(_("kind of dispute"), max_length=20, choices=MediationKind.choices)
    received_on = models.DateField(_("received on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=MediationOutcome.choices, default=MediationOutcome.PENDING
    )
    summary = models.TextField(_("facts and claims"), blank=True)
    agreement = models.TextField(_("agreement or result"), blank=True)
    collective_dispute = models.BooleanField(
        _("collective labor dispute"),
        default=False,
        help_text=_("Three or more workers with a common claim (集体劳动争议)."),
    )
    workers_involved = models.PositiveIntegerField(
        _("workers involved"), null=True, blank=True, help_text=_("At least 3 for a collective dispute.")
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="mediation_closed_after_received",
                violation_error_message=_("A case cannot be closed before it was received."),
            ),
            models.CheckConstraint(
                condition=Q(collective_dispute=False) | Q(workers_involved__gte=COLLECTIVE_MIN_WORKERS),
                name="mediation_collective_workers",
                violation_error_message=_("A collective dispute involves at least 3 workers."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.received_on and self.closed_on and self.closed_on < self.received_on:
            errors["closed_on"] = _("A case cannot be closed before it was received.")
        elif self.outcome == MediationOutcome.PENDING and self.closed_on:
            errors["outcome"] = _("A closed case needs its outcome.")
        elif self.outcome and self.outcome != MediationOutcome.PENDING and not self.closed_on:
            errors["closed_on"] = _("Enter the date the case was closed.")
        if self.collective_dispute and (self.workers_involved or 0) < COLLECTIVE_MIN_WORKERS:
            errors["workers_involved"] = _("A collective dispute involves at least 3 workers.")
        if errors:
            raise ValidationError(errors)


class AccidentGrade(models.TextChoices):
    """The national classification of production-safety accidents (生产安全事故报告和调查处理条例 第三条)."""

    GENERAL = "general", _("General accident")
    LARGER = "larger", _("Larger accident")
    MAJOR = "major", _("Major accident")
    GRAVE = "grave", _("Extraordinarily grave accident")


class Accident(models.Model):
    """A work accident (生产安全事故) in the union's unit, its casualties and the union's follow-up."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("date of the accident"))
    place = models.CharField(_("place"), max_length=150)
    grade = models.CharField(
        _("accident grade"), max_length=20, choices=AccidentGrade.choices, default=AccidentGrade.GENERAL
    )
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    serious_injuries = models.PositiveIntegerField(_("serious injuries"), default=0)
    minor_injuries = models.PositiveIntegerField(_("minor injuries"), default=0)
    cause = models.TextField(_("cause of the accident"), blank=True)
    union_action = models.TextField(
        _("union's involvement and follow-up"),
        blank=True,
        help_text=_("Taking part in the investigation, help to the injured and the families, rectification."),
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work accident")
        verbose_name_plural = _("work accidents")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["organization", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.place}"

    def clean(self) -> None:
        # The grade may be higher than the casualties say (direct losses also grade an accident),
        # never lower.
        least = least_grade(self.deaths or 0, self.serious_injuries or 0)
        if self.grade in GRADE_ORDER and GRADE_ORDER.index(self.grade) < GRADE_ORDER.index(least):
            raise ValidationError(
                {
                    "grade": _("With these casualties the accident is at least a %(grade)s.")
                    % {"grade": AccidentGrade(least).label}
                }
            )


GRADE_ORDER = [AccidentGrade.GENERAL, AccidentGrade.LARGER, AccidentGrade.MAJOR, AccidentGrade.GRAVE]


def least_grade(deaths: int, serious: int) -> str:
    """The lowest grade the casualties allow (条例 第三条: 3/10/30 deaths, 10/50/100 seriously injured)."""
    if deaths >= 30 or serious >= 100:
        return AccidentGrade.GRAVE
    if deaths >= 10 or serious >= 50:
        return AccidentGrade.MAJOR
    if deaths >= 3 or serious >= 10:
        return AccidentGrade.LARGER
    return AccidentGrade.GENERAL
