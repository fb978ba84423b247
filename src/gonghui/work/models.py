"""The union's own work: its meetings and visits to employers, its yearly work plans and their
items (with a work brand, 工作品牌), and its publicity and information work."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager

MEMBER = "members.Member"
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


# ---- meetings and visits --------------------------------------------------
class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", _("Union committee meeting")
    MOBILIZATION = "mobilization", _("Mobilization meeting")
    ON_SITE = "on_site", _("On-site meeting")
    FORUM = "forum", _("Discussion forum")
    DEPLOYMENT = "deployment", _("Work deployment meeting")
    VISIT = "visit", _("Visit to employers or survey")
    OTHER = "other", _("Other")


class WorkMeeting(models.Model):
    """A meeting the union held (its committee's, a mobilization ...) or a visit it paid to employers."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("subject"), max_length=150)
    place = models.CharField(_("place"), max_length=100, blank=True)
    chaired_by = models.CharField(_("chaired by"), max_length=50, blank=True)
    employers_visited = models.CharField(
        _("employers visited"),
        max_length=300,
        blank=True,
        help_text=_("For a visit or survey: the employers visited, separated by commas."),
    )
    attendees: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        MEMBER, verbose_name=_("members present"), blank=True, related_name="+"
    )
    attendee_count = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True, help_text=_("Counted from the members listed if empty.")
    )
    absent = models.CharField(
        _("absent"), max_length=200, blank=True, help_text=_("Who was absent, and why.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting or visit")
        verbose_name_plural = _("meetings and visits")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="visit") | ~Q(employers_visited=""),
                name="work_meeting_visit_names_employers",
                violation_error_message=_("Name the employers visited."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == MeetingKind.VISIT and not self.employers_visited.strip():
            raise ValidationError({"employers_visited": _("Name the employers visited.")})


# ---- work plans ------------------------------------------------------------
class Programme(models.Model):
    """A work brand the union builds up over the years (特色工作品牌: “职工说事” ...)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work brand")
        verbose_name_plural = _("work brands")
        ordering = ["organization", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class WorkPlan(models.Model):
    """The union's work plan for a year (年度工作计划); its items are ``PlanItem`` rows."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("plan title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("work brand"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    description = models.TextField(_("description"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="work_plan_one_per_union_and_year",
                violation_error_message=_("This union already has a work plan for that year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("work", "In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Items still to do: what a carry-over copies into next year's plan.
OPEN_STATUSES = [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS]


def metric_choices() -> list[tuple[str, str]]:
    """Every registered metric, by its Chinese label: a target names what it measures."""
    # Imported here: the registry loads every app's metrics, which import the apps' models.
    from gonghui.core.metrics import registry

    return [(m.name, f"{m.label}（{m.name}）") for m in registry.all()]


class PlanItem(models.Model):
    """One task of a work plan: who does it, by when, with an optional target on a metric."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.PROTECT, related_name="items"
    )
    content = models.CharField(_("work item"), max_length=300)
    # The person responsible: typed, or taken from the member chosen. Not "owner": the record
    # form's own field of that name chooses the record's union.
    responsible = models.CharField(_("person responsible"), max_length=50, blank=True)
    member = models.ForeignKey(
        MEMBER, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Callable choices: the list follows the metrics registry without a migration per metric.
    target_metric = models.CharField(_("target metric"), max_length=60, blank=True, choices=metric_choices)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    result = models.TextField(pgettext_lazy("work", "result"), blank=True)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text=_("The open item of an earlier plan this item carries on."),
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_metric="", target_value__isnull=True)
                | (~Q(target_metric="") & Q(target_value__isnull=False)),
                name="plan_item_target_whole",
                violation_error_message=_("A target needs both a metric and a value."),
            ),
            # One continuation per item and plan: carrying over twice copies nothing twice.
            models.UniqueConstraint(
                fields=["plan", "continues"],
                name="plan_item_continued_once_per_plan",
                violation_error_message=_("This item is already carried into that plan."),
            ),
        ]

    def __str__(self) -> str:
        return self.content

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        member = self.member if self.member_id is not None else None
        if member is not None and not self.responsible.strip():
            self.responsible = member.name
        if not self.responsible.strip():
            errors["responsible"] = _("Give the person responsible or choose a member.")
        if bool(self.target_metric) != (self.target_value is not None):
            field = "target_value" if self.target_metric else "target_metric"
            errors[field] = _("A target needs both a metric and a value.")
        if self.plan_id is not None and self.due_on is not None:
            year = self.plan.year
            if self.due_on.year != year:
                errors["due_on"] = _("The due date must fall in the plan's year (%(year)s).") % {"year": year}
        if errors:
            raise ValidationError(errors)


# ---- publicity ------------------------------------------------------------
class PublicityKind(models.TextChoices):
    REPORT = "report", _("Publicity report")
    LEGAL = "legal", _("Legal education")
    INFORMATION = "information", _("Information submitted")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    BROADCAST = "broadcast", _("Television or radio")
    WEBSITE = "website", _("Website")
    WECHAT = "wechat", _("WeChat official account")
    BULLETIN = "bulletin", _("Work bulletin")
    BOARD = "board", _("Publicity board")
    OTHER = "other", _("Other")


class PublicityLevel(models.TextChoices):
    NATIONAL = "national", _("National level")
    PROVINCIAL = "provincial", _("Provincial level")
    CITY = "city", _("City level")
    COUNTY = "county", _("County level")
    OWN = "own", _("Own unit")


class PublicityStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("work", "Submitted")
    PUBLISHED = "published", _("Adopted or published")


class PublicityItem(models.Model):
    """A piece of publicity (宣传报道, 普法宣传) or of information sent up (信息报送), and where it ran."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicityKind.choices)
    title = models.CharField(_("headline"), max_length=200)
    channel = models.CharField(pgettext_lazy("work", "channel"), max_length=20, choices=Channel.choices)
    published_on = models.DateField(_("date"))
    outlet = models.CharField(
        _("outlet"), max_length=100, blank=True, help_text=_("The paper, site or body that ran or took it.")
    )
    level = models.CharField(
        _("level"), max_length=20, choices=PublicityLevel.choices, default=PublicityLevel.OWN
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PublicityStatus.choices, default=PublicityStatus.PUBLISHED
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity and information")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title
