"""Hardship files (困难职工档案): a member's household, its figures and the computed category.

Restricted: only roles holding ``care.hardship`` read them (the record types' view_perm).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm
from gonghui.care.models.common import CodeListField, money_field
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive


class HardshipCause(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    DISABILITY = "disability", _("Disability")
    DISASTER = "disaster", _("Natural disaster")
    ACCIDENT = "accident", _("Accident")
    SCHOOLING = "schooling", _("Children's schooling")
    SINGLE_PARENT = "single_parent", _("Single parent")
    SPOUSE_UNEMPLOYED = "spouse_unemployed", _("Spouse unemployed")
    LOW_WAGE = "low_wage", _("Low wages")
    OTHER = "other", _("Other")


class HardshipCategory(models.TextChoices):
    DEEP = "deep", _("Deep hardship")
    RELATIVE = "relative", _("Relative hardship")
    ACCIDENTAL = "accidental", _("Accidental hardship")
    NONE = "none", _("Not in hardship by the standard")
    UNKNOWN = "unknown", _("Undetermined (no minimum-living line)")


class HardshipLevel(models.TextChoices):
    SPECIAL = "special", _("Extreme hardship (特困)")
    SERIOUS = "serious", _("Serious hardship (重困)")
    GENERAL = "general", _("General hardship")


class FileStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("hardship file", "On file")
    EXITED = "exited", pgettext_lazy("hardship file", "Exited")


class HardshipFile(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="hardship_files"
    )
    file_no = models.CharField(_("file number"), max_length=30, blank=True)
    assessed_on = models.DateField(_("date filed"))
    causes = CodeListField(_("causes of hardship"), options=HardshipCause)
    annual_income = money_field(_("annual household income (yuan)"))
    rigid_expenses = money_field(
        _("annual rigid expenses (yuan)"),
        default=0,
        help_text=_("Medical, schooling and other unavoidable costs of the year."),
    )
    household_size = models.PositiveSmallIntegerField(
        _("household size"),
        validators=[
            MinValueValidator(1, message=_("A household has at least one person.")),
            MaxValueValidator(30, message=_("Enter a household size of at most 30.")),
        ],
    )
    disaster_or_accident = models.BooleanField(
        _("disaster, serious accident or epidemic"),
        default=False,
        help_text=_("The household suffered a disaster, a serious accident or an epidemic this year."),
    )
    migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    city_work_since = models.DateField(_("working in the city since"), null=True, blank=True)
    situation = models.TextField(_("situation"), blank=True)
    level = models.CharField(
        pgettext_lazy("hardship", "level"),
        max_length=20,
        choices=HardshipLevel.choices,
        blank=True,
        help_text=_("Left empty, it follows the category."),
    )
    # Computed by the service from the figures and the local minimum-living line.
    category = models.CharField(
        pgettext_lazy("hardship", "category"),
        max_length=20,
        choices=HardshipCategory.choices,
        editable=False,
        default="unknown",
    )
    migrant_hardship = models.BooleanField(_("hardship migrant worker"), default=False, editable=False)
    per_capita_monthly = models.DecimalField(
        _("monthly income per person (yuan)"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    living_line = models.DecimalField(
        _("minimum living line applied (yuan)"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FileStatus.choices, default=FileStatus.ACTIVE, editable=False
    )
    exited_on = models.DateField(_("exit date"), null=True, blank=True, editable=False)
    exit_reason = models.CharField(_("exit reason"), max_length=200, blank=True, editable=False)

    # The household's income and story. The file type itself is for hardship officers only
    # (view_perm); the declaration keeps these fields closed wherever else they might show.
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "annual_income": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
        "rigid_expenses": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
        "per_capita_monthly": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
        "situation": Sensitive(Perm.HARDSHIP, Mask.TEXT),
        "exit_reason": Sensitive(Perm.HARDSHIP, Mask.TEXT),
    }

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="active"),
                name="care_one_open_hardship_file_per_member",
                violation_error_message=_("This member already has an open hardship file."),
            )
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return str(_("Hardship file of %(name)s") % {"name": self.member.name})

    def get_causes_display(self) -> str:
        return self._meta.get_field("causes").labels(self.causes)

    def clean(self) -> None:
        if self.migrant_worker and self.city_work_since is None:
            raise ValidationError(
                {"city_work_since": _("Say since when the migrant worker has worked in the city.")}
            )
        if self.city_work_since and self.assessed_on and self.city_work_since > self.assessed_on:
            raise ValidationError({"city_work_since": _("This date lies after the date filed.")})


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")
    DISABLED = "disabled", pgettext_lazy("health", "Disabled")


class HouseholdMember(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    hardship_file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.CASCADE, related_name="household"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    age = models.PositiveSmallIntegerField(
        _("age"), validators=[MaxValueValidator(120, message=_("Enter an age of at most 120."))]
    )
    health = models.CharField(_("health"), max_length=20, choices=Health.choices, default=Health.HEALTHY)
    occupation = models.CharField(_("work or school"), max_length=100, blank=True)
    annual_income = money_field(_("annual income (yuan)"), default=0)

    # A relative's health and income (the name and relation are what the file is about).
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "health": Sensitive(Perm.HARDSHIP, Mask.TEXT),
        "annual_income": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
    }

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.name


class ReviewResult(models.TextChoices):
    CONTINUE = "continue", _("Keep on file")
    EXIT = "exit", _("Exit (no longer in hardship)")


class HardshipReview(models.Model):
    """The yearly review (年度复核): new figures, the category again, keep or exit."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    hardship_file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField(pgettext_lazy("yearly review", "review date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    annual_income = money_field(_("annual household income (yuan)"))
    rigid_expenses = money_field(_("annual rigid expenses (yuan)"), default=0)
    household_size = models.PositiveSmallIntegerField(
        _("household size"),
        validators=[
            MinValueValidator(1, message=_("A household has at least one person.")),
            MaxValueValidator(30, message=_("Enter a household size of at most 30.")),
        ],
    )
    disaster_or_accident = models.BooleanField(_("disaster, serious accident or epidemic"), default=False)
    level = models.CharField(
        pgettext_lazy("hardship", "level"), max_length=20, choices=HardshipLevel.choices, blank=True
    )
    result = models.CharField(
        _("result"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.CONTINUE
    )
    note = models.TextField(_("note"), blank=True)
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "annual_income": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
        "rigid_expenses": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
        "per_capita_monthly": Sensitive(Perm.HARDSHIP, Mask.AMOUNT),
        "note": Sensitive(Perm.HARDSHIP, Mask.TEXT),
    }
    category = models.CharField(
        pgettext_lazy("hardship", "category"),
        max_length=20,
        choices=HardshipCategory.choices,
        editable=False,
        default="unknown",
    )
    per_capita_monthly = models.DecimalField(
        _("monthly income per person (yuan)"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly review")
        verbose_name_plural = _("yearly reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["hardship_file", "year"],
                name="care_one_review_per_file_and_year",
                violation_error_message=_("This file has already been reviewed for that year."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Review %(year)s") % {"year": self.year})
