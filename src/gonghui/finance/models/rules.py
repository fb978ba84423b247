"""Rules a federation (a province, a city) sets for every union of its subtree, with validity dates.

They are data, not constants: the deepest federation above a union with a rule valid on a
day decides (a city may differ from its province); without one the DOMAIN.md defaults hold.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.finance.models.ledger import SpendPurpose
from gonghui.finance.money import HUNDRED, money_field, percent_field

DEFAULT_KEPT_SHARE = Decimal("60.00")
DEFAULT_FUNDS_RATE = Decimal("2.00")
DEFAULT_DUES_RATE = Decimal("0.50")
DEFAULT_DUES_UNIT = Decimal("10.00")


class ValidityMixin(models.Model):
    """Validity dates that must be ordered and must not overlap a sibling rule of the same union.

    The order is checked here; the overlap reads the siblings, so it is the record types'
    validator (``finance/validators.py::no_overlap``), run by the save in its transaction.
    """

    class Meta:
        abstract = True

    def siblings(self) -> models.QuerySet:
        return type(self).objects.filter(organization_id=self.organization_id).exclude(pk=self.pk)

    def clean(self) -> None:
        super().clean()
        if self.valid_from is not None and self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity cannot be before its start.")})


class FundsRule(ValidityMixin):
    """The level-split table (经费分成比例) and the dues standard of a federation's subtree."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("federation"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    kept_share = percent_field(
        _("share kept by the grassroots union (%)"),
        default=DEFAULT_KEPT_SHARE,
        help_text=_("The rest is passed up to the higher unions."),
    )
    upward_levels = models.CharField(
        _("split of the upward share"),
        max_length=200,
        blank=True,
        help_text=_("How the higher levels share what is passed up, e.g. county 25%, city 10%, national 5%."),
    )
    funds_rate = percent_field(_("allocated funds rate (per cent of payroll)"), default=DEFAULT_FUNDS_RATE)
    dues_rate = percent_field(_("dues rate (per cent of monthly wage)"), default=DEFAULT_DUES_RATE)
    dues_unit = money_field(
        _("dues wage unit (yuan)"),
        default=DEFAULT_DUES_UNIT,
        help_text=_("The part of the wage below this unit is not counted (10 yuan by default)."),
    )
    wage_base = models.TextField(
        _("dues wage base"),
        blank=True,
        help_text=_("Which pay items count, e.g. post, grade, basic and seniority pay; bonuses exempt."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funds split table")
        verbose_name_plural = _("funds split tables")
        ordering = ["organization__path", "-valid_from"]

    def __str__(self) -> str:
        return (
            f"{self.organization.name} {self.valid_from:%Y-%m-%d} {self.kept_share}% / {self.upward_share}%"
        )

    @property
    def upward_share(self) -> Decimal:
        return HUNDRED - (self.kept_share or 0)


class SpendingCap(ValidityMixin):
    """A provincial cap on a kind of spend per person and year (e.g. festival gifts 1,500 yuan)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("federation"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=SpendPurpose.choices)
    per_person_year = money_field(_("cap per person and year (yuan)"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The provincial rule that sets the cap.")
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending cap")
        verbose_name_plural = _("spending caps")
        ordering = ["organization__path", "purpose", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.get_purpose_display()} {self.per_person_year}"

    def siblings(self) -> models.QuerySet:
        return super().siblings().filter(purpose=self.purpose)
