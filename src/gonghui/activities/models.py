"""Festival, sports and culture activities, and the facilities of the workers' home (职工之家)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager


class Occasion(models.TextChoices):
    NEW_YEAR = "new_year", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    WOMENS_DAY = "womens_day", _("Women's Day (8 March)")
    LABOUR_DAY = "labour_day", _("Labour Day (1 May)")
    YOUTH_DAY = "youth_day", _("Youth Day (4 May)")
    PARTY_DAY = "party_day", _("Party founding day (1 July)")
    NATIONAL_DAY = "national_day", _("National Day")
    LANTERN_FESTIVAL = "lantern_festival", _("Lantern Festival")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    DOUBLE_NINTH = "double_ninth", _("Double Ninth Festival")
    OTHER = "other", _("Other")


# Occasions that make an activity a festival activity (节日活动): every named occasion, the
# traditional festivals (元宵, 端午, 中秋, 重阳 — the elders' day the unions visit retirees on) as
# much as the commemorative days; only "other" is not one.
FESTIVALS = [o for o in Occasion.values if o != Occasion.OTHER]


class ActivityKind(models.TextChoices):
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture and art")
    RECREATION = "recreation", _("Games and recreation")
    READING = "reading", _("Reading and lectures")
    OUTING = "outing", _("Visits and outings")
    VOLUNTEER = "volunteer", _("Volunteering")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """A festival, sports or culture activity the union organized (文体活动)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("activity"), max_length=150)
    occasion = models.CharField(
        _("occasion"), max_length=20, choices=Occasion.choices, default=Occasion.OTHER
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("activity date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    organizer = models.CharField(_("organized by"), max_length=100, blank=True)
    co_organizers = models.CharField(_("co-organized by"), max_length=200, blank=True)
    audience = models.CharField(_("intended for"), max_length=100, blank=True)
    programme = models.TextField(_("programme"), blank=True)
    cost = models.DecimalField(
        _("cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.TextField(_("description"), blank=True)
    # Online sign-up on the member pages (/m/activities/<id>/).
    signup_open = models.BooleanField(
        _("members sign up online"), default=False, help_text=_("Members can sign up on their phones.")
    )
    signup_limit = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    signup_until = models.DateField(
        _("sign up until"), null=True, blank=True, help_text=_("Empty: until the day of the activity.")
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("held_on")),
                name="activity_dates_in_order",
                violation_error_message=_("The end date cannot be before the date of the activity."),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="activity_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.held_on and self.ended_on and self.ended_on < self.held_on:
            errors["ended_on"] = _("The end date cannot be before the date of the activity.")
        if self.held_on and self.signup_until and self.signup_until > (self.ended_on or self.held_on):
            errors["signup_until"] = _("Sign-up cannot close after the activity.")
        if errors:
            raise ValidationError(errors)

    def signup_closes_on(self) -> dt.date:
        """The last day members can sign up."""
        return self.signup_until or self.held_on

    def signup_open_on(self, day: dt.date) -> bool:
        return self.signup_open and day <= self.signup_closes_on()


class ActivitySignup(models.Model):
    """A member signed up online for an activity (报名), once per activity."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="signups"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity sign-up")
        verbose_name_plural = _("activity sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                name="activity_signup_once",
                violation_error_message=_("You have already signed up for this activity."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"


class FacilityKind(models.TextChoices):
    BASKETBALL = "basketball", _("Basketball court")
    BOCCE = "bocce", _("Bocce court")
    VOLLEYBALL = "volleyball", _("Air volleyball court")
    BADMINTON = "badminton", _("Badminton ground")
    TABLE_TENNIS = "table_tennis", _("Table tennis room")
    FITNESS = "fitness", _("Fitness area")
    CLUB = "club", _("Workers' club")
    LIBRARY = "library", _("Workers' library")
    OFFICE = "office", _("Union office")
    ACTIVITY_ROOM = "activity_room", _("Activity room")
    MULTIMEDIA = "multimedia", _("Multimedia equipment")
    COMPUTER = "computer", _("Computers")
    ARCHIVE_CABINET = "archive_cabinet", _("Archive cabinets")
    DESK = "desk", _("Desks")
    OTHER = "other", _("Other")


class Funding(models.TextChoices):
    ADMINISTRATION = "administration", _("The administration (employer or government)")
    UNION_FUNDS = "union_funds", _("Union funds")
    TECH_ASSOCIATION = "tech_association", _("Technical association development fund")
    HIGHER_UNION = "higher_union", _("Higher union")
    DONATION = "donation", _("Donations")
    OTHER = "other", _("Other")


class Facility(models.Model):
    """A venue or piece of equipment of the workers' home (职工之家阵地), with how it was paid for."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding.choices, blank=True)
    acquired_on = models.DateField(_("built or acquired on"), null=True, blank=True)
    renovated_on = models.DateField(_("renovated on"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities and equipment")
        ordering = ["organization", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(renovated_on__isnull=True)
                | Q(acquired_on__isnull=True)
                | Q(renovated_on__gte=F("acquired_on")),
                name="facility_renovated_after_acquired",
                violation_error_message=_("A facility cannot be renovated before it was built or acquired."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.acquired_on and self.renovated_on and self.renovated_on < self.acquired_on:
            raise ValidationError(
                {"renovated_on": _("A facility cannot be renovated before it was built or acquired.")}
            )
