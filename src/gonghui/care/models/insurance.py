"""Mutual medical insurance (职工医疗互助保障): a plan per union and year, enrolments, claims."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm
from gonghui.care.models.common import money_field, percent_field, year_validators
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive


class InsurancePlan(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    name = models.CharField(_("name"), max_length=100)
    premium_per_person = money_field(
        _("premium per person (yuan)"),
        validators=[MinValueValidator(Decimal("0.01"), message=_("The premium must be above zero."))],
    )
    union_share_pct = percent_field(_("union and administration share (%)"), default=Decimal("50"))
    individual_share_pct = percent_field(_("individual share (%)"), default=Decimal("50"))
    target_rate = percent_field(
        _("participation target (%)"),
        null=True,
        blank=True,
        help_text=_("Left empty, the federation's target applies (95% by default)."),
    )
    coverage_start = models.DateField(_("coverage from"), null=True, blank=True)
    coverage_end = models.DateField(_("coverage until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mutual insurance plan")
        verbose_name_plural = _("mutual insurance plans")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="care_one_insurance_plan_per_year",
                violation_error_message=_("This union already has a plan for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def clean(self) -> None:
        errors = {}
        shares = (self.union_share_pct, self.individual_share_pct)
        if None not in shares and sum(shares) != 100:  # type: ignore[arg-type]
            errors["individual_share_pct"] = _("The two shares must add up to 100%.")
        if self.coverage_start and self.coverage_end and self.coverage_end < self.coverage_start:
            errors["coverage_end"] = _("The coverage ends before it starts.")
        if errors:
            raise ValidationError(errors)


class InsuranceEnrollment(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        InsurancePlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="enrollments"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="insurance"
    )
    enrolled_on = models.DateField(_("enrolment date"))
    premium = models.DecimalField(_("premium (yuan)"), max_digits=12, decimal_places=2, editable=False)
    union_amount = models.DecimalField(
        _("paid by union and administration (yuan)"), max_digits=12, decimal_places=2, editable=False
    )
    individual_amount = models.DecimalField(
        _("paid by the member (yuan)"), max_digits=12, decimal_places=2, editable=False
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("insurance enrolment")
        verbose_name_plural = _("insurance enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "member"],
                name="care_enrol_once_per_plan",
                violation_error_message=_("This member is already enrolled in the plan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.plan.year}"


class InsuranceClaim(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        InsurancePlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="claims"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="insurance_claims"
    )
    claimed_on = models.DateField(_("claim date"))
    reason = models.CharField(_("illness or treatment"), max_length=200)
    # A medical fact about a named member.
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {"reason": Sensitive(Perm.PERSONAL_DATA, Mask.TEXT)}
    amount_claimed = money_field(_("amount claimed (yuan)"))
    amount_paid = money_field(_("amount paid (yuan)"), null=True, blank=True)
    paid_on = models.DateField(_("payment date"), null=True, blank=True)
    # Filled in by the member on the member pages (/m/care/), not typed in by an officer.
    submitted_online = models.BooleanField(_("submitted online"), default=False, editable=False)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("insurance claim")
        verbose_name_plural = _("insurance claims")

    def __str__(self) -> str:
        return f"{self.member.name} {self.claimed_on}"

    def clean(self) -> None:
        errors = {}
        if self.amount_paid is not None and self.amount_claimed is not None:
            if self.amount_paid > self.amount_claimed:
                errors["amount_paid"] = _("More is paid than was claimed.")
            if self.paid_on is None:
                errors["paid_on"] = _("Enter the payment date.")
        elif self.paid_on is not None:
            errors["amount_paid"] = _("Enter the amount paid.")
        if self.paid_on and self.claimed_on and self.paid_on < self.claimed_on:
            errors["paid_on"] = _("The payment date lies before the claim date.")
        if errors:
            raise ValidationError(errors)
