"""Annual returns (年报): the figures of a union whose members are not named in gonghui."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager

# The figures of a return that are parts of its members: (field, message when above them).
PARTS_OF_MEMBERS = {
    "women_members": _("Women members cannot exceed members."),
    "migrant_members": _("Migrant-worker members cannot exceed members."),
    "new_members": _("New members cannot exceed members."),
    "new_migrant_members": _("New migrant-worker members cannot exceed members."),
}


class AnnualReturn(models.Model):
    """One union's figures for one year, filed instead of a roster (会员年报)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    members = models.PositiveIntegerField(pgettext_lazy("annual return", "members"))
    women_members = models.PositiveIntegerField(_("women members"), default=0)
    migrant_members = models.PositiveIntegerField(_("migrant-worker members"), default=0)
    new_members = models.PositiveIntegerField(pgettext_lazy("annual return", "new members"), default=0)
    new_migrant_members = models.PositiveIntegerField(_("new migrant-worker members"), default=0)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual return")
        verbose_name_plural = _("annual returns")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="uniq_annual_return_year",
                violation_error_message=_("This union has already filed its return for this year."),
            ),
            models.CheckConstraint(
                condition=Q(new_migrant_members__lte=F("new_members")),
                name="annual_return_new_migrants_lte_new",
                violation_error_message=_("New migrant-worker members cannot exceed new members."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__lte": F("members")}),
                    name=f"annual_return_{field}_lte_members",
                    violation_error_message=message,
                )
                for field, message in PARTS_OF_MEMBERS.items()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"

    def clean(self) -> None:
        if self.members is None:
            return
        errors = {
            field: message
            for field, message in PARTS_OF_MEMBERS.items()
            if (getattr(self, field) or 0) > self.members
        }
        if "new_migrant_members" not in errors and (self.new_migrant_members or 0) > (self.new_members or 0):
            errors["new_migrant_members"] = _("New migrant-worker members cannot exceed new members.")
        if errors:
            raise ValidationError(errors)
