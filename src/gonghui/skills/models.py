"""Labor competitions and contests, training, and incentives for learning (学历教育奖励)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.members.refs import person_ref

MEMBER = "members.Member"
ZERO = Decimal("0.00")


def _dates_in_order(start: Any, end: Any, field: str) -> dict[str, Any]:
    if start and end and end < start:
        return {field: _("The end date cannot be before the start date.")}
    return {}


def _count_covers_people(count: int | None, people: Any, field: str) -> dict[str, Any]:
    """The head count may exceed the people named, never fall below them."""
    named = len(people or ())
    if count is not None and count < named:
        return {
            field: _("The count (%(count)s) is smaller than the %(named)s people listed.")
            % {"count": count, "named": named}
        }
    return {}


class CompetitionKind(models.TextChoices):
    LABOR = "labor", _("Labor competition")
    CONTEST = "contest", _("Skills contest")
    KNOWLEDGE = "knowledge", _("Knowledge contest")
    DRILL = "drill", _("On-the-job drill")
    OPERATION = "operation", _("Operation contest")


class Level(models.TextChoices):
    UNIT = "unit", _("Unit level")
    CITY = "city", _("City")
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class Competition(models.Model):
    """A competition or contest the union held or its workers joined (劳动竞赛、技术比武 ...)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=CompetitionKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.UNIT)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    organizer = models.CharField(_("organizer"), max_length=100, blank=True)
    external = models.BooleanField(
        _("organized by others"), default=False, help_text=_("Joined, not held by the union itself.")
    )
    participants = models.ManyToManyField(
        MEMBER, verbose_name=_("participating members"), blank=True, related_name="+"
    )
    participant_count = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("Counted from the members listed if empty.")
    )
    results = models.TextField(_("results"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions and contests")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="competition_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = _dates_in_order(self.started_on, self.ended_on, "ended_on")
        if errors:
            raise ValidationError(errors)

    def clean_many_to_many(self, values: dict[str, Any]) -> None:
        """Check the head count against the members listed; fill it from them when empty."""
        if "participants" not in values:
            return
        people = values["participants"]
        errors = _count_covers_people(self.participant_count, people, "participant_count")
        if errors:
            raise ValidationError(errors)
        if self.participant_count is None:
            self.participant_count = len(people or ())


class CompetitionAward(
    person_ref(
        "winner",
        label=_("winner"),
        max_length=100,
        help_text=_("A person or a team; taken from the member if empty."),
        missing=_("Enter the winner or choose a member."),
    )
):
    """A result of a competition: who won what (获奖情况)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="awards"
    )
    award = models.CharField(_("award"), max_length=60)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["competition", "pk"]

    def __str__(self) -> str:
        return f"{self.winner} {self.award}"

    def clean(self) -> None:
        if errors := self.person_errors():
            raise ValidationError(errors)


class Audience(models.TextChoices):
    REPRESENTATIVES = "representatives", _("Congress representatives")
    GROUP_LEADERS = "group_leaders", _("Union group leaders")
    INSPECTORS = "inspectors", _("Labor-protection inspectors")
    OFFICERS = "officers", _("Union officers")
    ALL_STAFF = "all_staff", _("All staff")
    OTHER = "other", _("Other")


class Training(models.Model):
    """A training course the union held or sent people to (培训)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    course = models.CharField(_("course"), max_length=150)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    organizer = models.CharField(_("organizer"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        MEMBER, verbose_name=_("attending members"), blank=True, related_name="+"
    )
    attendee_count = models.PositiveIntegerField(
        _("attendees"), null=True, blank=True, help_text=_("Counted from the members listed if empty.")
    )
    content = models.TextField(_("course content"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("training")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="training_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.course

    def clean(self) -> None:
        errors = _dates_in_order(self.started_on, self.ended_on, "ended_on")
        if errors:
            raise ValidationError(errors)

    def clean_many_to_many(self, values: dict[str, Any]) -> None:
        if "attendees" not in values:
            return
        people = values["attendees"]
        errors = _count_covers_people(self.attendee_count, people, "attendee_count")
        if errors:
            raise ValidationError(errors)
        if self.attendee_count is None:
            self.attendee_count = len(people or ())


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class LearningIncentive(
    person_ref(
        label=_("person's name"),
        help_text=_("Taken from the member if empty."),
        missing=_("Enter the person's name or choose a member."),
    )
):
    """A bonus for a worker who earned a bachelor's degree or above while working (在职学历教育奖励)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    degree = models.CharField(_("degree obtained"), max_length=20, choices=Degree.choices)
    institution = models.CharField(_("school and major"), max_length=150, blank=True)
    obtained_on = models.DateField(_("degree obtained on"), null=True, blank=True)
    awarded_on = models.DateField(_("bonus paid on"))
    amount = models.DecimalField(
        _("bonus amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    union_share = models.DecimalField(
        _("paid by the union"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    employer_share = models.DecimalField(
        _("paid by the employer"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("learning incentive")
        verbose_name_plural = _("learning incentives")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=F("union_share") + F("employer_share")),
                name="learning_incentive_shares_add_up",
                violation_error_message=_("The union's and the employer's shares must add up to the amount."),
            ),
            models.CheckConstraint(
                condition=Q(obtained_on__isnull=True) | Q(awarded_on__gte=F("obtained_on")),
                name="learning_incentive_paid_after_degree",
                violation_error_message=_("The bonus cannot be paid before the degree was obtained."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_degree_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = self.person_errors()
        if self.obtained_on and self.awarded_on and self.awarded_on < self.obtained_on:
            errors["awarded_on"] = _("The bonus cannot be paid before the degree was obtained.")
        if None not in (self.amount, self.union_share, self.employer_share) and (
            self.union_share + self.employer_share != self.amount
        ):
            errors["amount"] = _(
                "The union's share (%(union)s) and the employer's share (%(employer)s) "
                "must add up to the amount (%(amount)s)."
            ) % {"union": self.union_share, "employer": self.employer_share, "amount": self.amount}
        if errors:
            raise ValidationError(errors)
