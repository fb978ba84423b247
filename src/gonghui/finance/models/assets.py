"""The union's asset register (工会资产): what it holds, where, who keeps it, and its disposal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.finance.money import money_field


class AssetCategory(models.TextChoices):
    BUILDINGS = "buildings", _("Buildings and venues")
    SPORTS = "sports", _("Sports and culture facilities")
    EQUIPMENT = "equipment", _("Office equipment")
    COMPUTERS = "computers", _("Computers and electronics")
    FURNITURE = "furniture", _("Furniture")
    VEHICLES = "vehicles", _("Vehicles")
    OTHER = "other", _("Other")


class FundingSource(models.TextChoices):
    UNION_FUNDS = "union_funds", _("Union funds")
    ADMINISTRATION = "administration", pgettext_lazy("funding source", "Administration")
    HIGHER_UNION = "higher_union", _("Higher union")
    SPECIAL_FUND = "special_fund", _("Special fund")
    DONATION = "donation", _("Donation")
    OTHER = "other", _("Other")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    DISPOSED = "disposed", _("Disposed")


class Asset(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("item"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=AssetCategory.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    value = money_field(_("value (yuan)"))
    acquired_on = models.DateField(_("acquired on"))
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    funding_detail = models.CharField(
        _("funding detail"), max_length=100, blank=True, help_text=_("e.g. the name of the special fund.")
    )
    voucher = models.ForeignKey(
        "finance.Voucher",
        verbose_name=_("purchase voucher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    custodian = models.CharField(_("custodian"), max_length=50)
    location = models.CharField(pgettext_lazy("asset", "location"), max_length=100)
    status = models.CharField(
        pgettext_lazy("finance", "status"),
        max_length=20,
        choices=AssetStatus.choices,
        default=AssetStatus.IN_USE,
    )
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    disposal_reason = models.CharField(_("disposal reason"), max_length=200, blank=True)
    disposal_approval = models.CharField(
        _("disposal approved by"),
        max_length=100,
        blank=True,
        help_text=_("Who approved the disposal, with the document number."),
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["category", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.status == AssetStatus.DISPOSED:
            if not self.disposed_on:
                errors["disposed_on"] = _("A disposed asset needs the date of disposal.")
            if not self.disposal_reason:
                errors["disposal_reason"] = _("A disposed asset needs the reason of disposal.")
            if not self.disposal_approval:
                errors["disposal_approval"] = _("A disposal needs an approval.")
        elif self.disposed_on or self.disposal_reason or self.disposal_approval:
            errors["status"] = _("Disposal details are given: set the status to disposed.")
        if self.disposed_on and self.acquired_on and self.disposed_on < self.acquired_on:
            errors["disposed_on"] = _("An asset cannot be disposed of before it was acquired.")
        if self.funding_source == FundingSource.SPECIAL_FUND and not self.funding_detail:
            errors["funding_detail"] = _("Name the special fund.")
        if errors:
            raise ValidationError(errors)
