"""Local standards of care work: the minimum-living line (低保线) and the insurance target.

Both are set by a locality (a federation, usually) per year and reach its whole subtree:
a union uses the row of its nearest ancestor (or itself) for the latest year up to the
one asked. DOMAIN.md: per locality, held as data, never a constant in code.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.care.models.common import money_field, percent_field, year_validators
from gonghui.core.scope import OrgScopedManager

DEFAULT_INSURANCE_TARGET = Decimal("95.00")


class CareStandard(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    min_living_monthly = money_field(
        _("minimum living line (yuan per person per month)"),
        validators=[MinValueValidator(Decimal("0.01"), message=_("The line must be above zero."))],
    )
    insurance_target_rate = percent_field(
        _("mutual insurance participation target (%)"), default=DEFAULT_INSURANCE_TARGET
    )
    basis = models.CharField(_("source document"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("local care standard")
        verbose_name_plural = _("local care standards")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="care_standard_one_per_year",
                violation_error_message=_("This locality already has a standard for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.year}"
