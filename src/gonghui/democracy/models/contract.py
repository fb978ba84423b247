"""Collective contracts and special agreements (集体合同 / 专项集体合同)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.democracy import rules


class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("Comprehensive collective contract")
    WAGE = "wage", _("Wage special agreement")
    WOMEN = "women", _("Women workers' special agreement")
    SAFETY = "safety", _("Work safety special agreement")
    SECTOR = "sector", _("Sector collective contract")
    REGIONAL = "regional", _("Regional collective contract")
    OTHER = "other", _("Other special agreement")


# Contracts that cover the staff as a whole (a union's "collective contract in force").
GENERAL_KINDS = [ContractKind.COMPREHENSIVE, ContractKind.SECTOR, ContractKind.REGIONAL]


class ContractStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Under negotiation")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated early")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def in_force_q(day: dt.date, prefix: str = "") -> Q:
    """Contracts in force on ``day``: signed (or terminated later), within their term."""
    p = prefix
    return Q(**{f"{p}effective_from__lte": day, f"{p}effective_to__gte": day}) & (
        Q(**{f"{p}status": ContractStatus.SIGNED})
        | Q(**{f"{p}status": ContractStatus.TERMINATED, f"{p}terminated_on__gt": day})
    )


class CollectiveContract(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of contract"), max_length=20, choices=ContractKind.choices)
    title = models.CharField(_("contract title"), max_length=200)
    employer_party = models.CharField(_("employer party"), max_length=150)
    employer_representative = models.CharField(
        _("employer's chief representative"), max_length=50, blank=True
    )
    union_representative = models.CharField(_("union's chief representative"), max_length=50, blank=True)
    covered_employees = models.PositiveIntegerField(_("employees covered"), null=True, blank=True)
    congress = models.ForeignKey(
        "democracy.Congress",
        verbose_name=_("approved by the session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    approved_on = models.DateField(
        _("date approved by the congress"),
        null=True,
        blank=True,
        help_text=_("Empty with a session: the session's date."),
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    filed_on = models.DateField(
        _("filing date"), null=True, blank=True, help_text=_("Filed with the labour bureau.")
    )
    filed_with = models.CharField(_("filed with"), max_length=100, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.SIGNED
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    # A regional or sector contract lists the employers it binds: only among those its own
    # union covers (``clean_many_to_many``; the form offers no other).
    covered_employers = models.ManyToManyField(
        "orgs.CoveredEmployer",
        verbose_name=_("employers covered"),
        blank=True,
        related_name="collective_contracts",
        help_text=_("Regional or sector contract: the employers of this union it binds."),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        help_text=_("The earlier contract of this union that this one renews (续签)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-effective_from", "pk"]
        indexes = [models.Index(fields=["organization", "kind", "effective_to"])]

    def __str__(self) -> str:
        return self.title

    def in_force(self, day: dt.date) -> bool:
        if (
            not (self.effective_from and self.effective_to)
            or not self.effective_from <= day <= self.effective_to
        ):
            return False
        if self.status == ContractStatus.TERMINATED:
            return bool(self.terminated_on and self.terminated_on > day)
        return self.status == ContractStatus.SIGNED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        start, end = self.effective_from, self.effective_to
        if start is None:
            errors["effective_from"] = _("A collective contract has a term: give the date it takes effect.")
        if end is None:
            errors["effective_to"] = _("A collective contract has a term: give the date it ends.")
        if start and end:
            if end <= start:
                errors["effective_to"] = _("The contract must end after it takes effect.")
            elif end > _years_after(start, rules.CONTRACT_MAX_YEARS):
                errors["effective_to"] = _("The term is at most %(years)s years (until %(day)s).") % {
                    "years": rules.CONTRACT_MAX_YEARS,
                    "day": _years_after(start, rules.CONTRACT_MAX_YEARS),
                }
            elif end < _years_after(start, rules.CONTRACT_MIN_YEARS) - dt.timedelta(days=1):
                errors["effective_to"] = _("The term is at least one year (until %(day)s).") % {
                    "day": _years_after(start, rules.CONTRACT_MIN_YEARS) - dt.timedelta(days=1)
                }
        if self.congress_id and not self.approved_on:
            self.approved_on = self.congress.held_on
        if self.status != ContractStatus.NEGOTIATING and not self.signed_on:
            errors["signed_on"] = _("A signed contract needs its signing date.")
        if self.approved_on and self.signed_on and self.approved_on > self.signed_on:
            errors["approved_on"] = _("The congress approves the draft before it is signed.")
        if self.filed_on and not self.signed_on:
            errors["signed_on"] = _("Only a signed contract is filed: give the signing date.")
        elif self.filed_on and self.signed_on and self.filed_on < self.signed_on:
            errors["filed_on"] = _("The contract cannot be filed before it is signed.")
        if self.status == ContractStatus.TERMINATED and not self.terminated_on:
            errors["terminated_on"] = _("Give the date the contract was terminated.")
        if self.terminated_on and self.status != ContractStatus.TERMINATED:
            errors["status"] = _("A contract with a termination date has the status terminated.")
        if self.terminated_on and start and self.terminated_on < start:
            errors["terminated_on"] = _("It cannot end before it takes effect.")
        if self.renews_id:
            errors.update(self._renewal_errors())
        if errors:
            raise ValidationError(errors)

    def _renewal_errors(self) -> dict[str, str]:
        earlier = self.renews
        if earlier is None:
            return {}
        if self.pk is not None and earlier.pk == self.pk:
            return {"renews": _("A contract cannot renew itself.")}
        if earlier.organization_id != self.organization_id:
            return {"renews": _("The contract renewed must be one of this union's own contracts.")}
        mine, theirs = self.signed_on or self.effective_from, earlier.signed_on or earlier.effective_from
        if mine and theirs and theirs >= mine:
            return {"renews": _("The contract renewed must have been signed before this one.")}
        return {}

    def clean_many_to_many(self, values: dict[str, Any]) -> None:
        """Only employers this contract's own union covers (a sibling union's are refused too,
        where the generic check lets references up and down the tree through)."""
        employers = values.get("covered_employers") or ()
        foreign = [e for e in employers if e.organization_id != self.organization_id]
        if foreign:
            raise ValidationError(
                {
                    "covered_employers": _("%(employer)s is not an employer this union covers.")
                    % {"employer": foreign[0].name}
                }
            )
