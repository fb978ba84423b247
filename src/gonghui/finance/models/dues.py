"""Dues (会费) per member and month, and what a union passes up to the higher union (上缴)."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive
from gonghui.finance.money import YEAR_VALIDATORS, money_field, percent_field


class DuesRecord(models.Model):
    """One member's dues for one month: the wage base entered, the dues computed from the rule."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues_records"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    wage = money_field(_("monthly wage base (yuan)"))
    # A member's wage: for those who read the union's finances (the record type's own right).
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {"wage": Sensitive(Perm.FINANCE_VIEW, Mask.AMOUNT)}
    # Computed by the service from the funds rule valid in that month.
    amount = money_field(_("dues (yuan)"), default=0, editable=False)
    exempt = models.BooleanField(_("exempt (membership retained)"), default=False, editable=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues record")
        verbose_name_plural = _("dues records")
        ordering = ["-year", "-month", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "month"],
                name="finance_dues_per_member_month",
                violation_error_message=_("The dues of this member for this month are already recorded."),
            )
        ]
        indexes = [models.Index(fields=["organization", "year", "month"])]

    def __str__(self) -> str:
        return f"{self.member} {self.year}-{self.month:02d}"


class RemittanceKind(models.TextChoices):
    ALLOCATED_FUNDS = "allocated_funds", _("Allocated funds (2 per cent of payroll)")
    DUES = "dues", _("Membership dues")


class Remittance(models.Model):
    """What a union owes and passes up for a period: the base, the split, the due and the paid."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(pgettext_lazy("finance", "kind"), max_length=20, choices=RemittanceKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    employees = models.PositiveIntegerField(_("employees on the payroll"), null=True, blank=True)
    payroll = money_field(
        _("payroll (yuan)"),
        null=True,
        blank=True,
        help_text=_("Total payroll of the period (allocated funds)."),
    )
    base_amount = money_field(
        _("amount subject to the split (yuan)"),
        null=True,
        blank=True,
        help_text=_(
            "Allocated funds: computed from the payroll. Dues: the dues collected; "
            "left empty, the dues records of the period are summed."
        ),
    )
    # Computed by the service from the split table valid at the end of the period.
    year = models.PositiveSmallIntegerField(_("year"), editable=False, db_index=True)
    kept_share = percent_field(_("share kept (%)"), editable=False, default=0)
    kept_amount = money_field(_("kept (yuan)"), editable=False, default=0)
    due_amount = money_field(_("due to the higher union (yuan)"), editable=False, default=0)
    remitted_amount = money_field(_("remitted (yuan)"), default=0)
    remitted_on = models.DateField(_("remitted on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances to the higher union")
        ordering = ["-period_end", "kind", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.organization.name} {self.get_kind_display()} "
            f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
        )

    @property
    def in_full(self) -> bool:
        return self.remitted_amount >= self.due_amount

    @property
    def shortfall(self):  # type: ignore[no-untyped-def]
        return max(self.due_amount - self.remitted_amount, 0)
