"""Funds review (经费审查): the reviewers' plans and the audits they carry out."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.finance.money import YEAR_VALIDATORS


class AuditPlan(models.Model):
    """The funds review committee's plan for a year (经审工作计划)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(pgettext_lazy("finance", "title"), max_length=200)
    content = models.TextField(_("planned reviews"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit plan")
        verbose_name_plural = _("audit plans")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class AuditKind(models.TextChoices):
    REGULAR = "regular", _("Regular review of income and expenditure")
    SPECIAL = "special", _("Special audit")
    ANNUAL_REVIEW = "annual_review", _("Yearly review of budget and final accounts")
    ASSETS = "assets", _("Review of union assets")


class Audit(models.Model):
    """One review done: when, which period and scope, what was found and how it was put right."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        AuditPlan,
        verbose_name=_("audit plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audits",
    )
    kind = models.CharField(
        pgettext_lazy("finance", "kind"), max_length=20, choices=AuditKind.choices, default=AuditKind.REGULAR
    )
    audit_date = models.DateField(_("audit date"))
    period_start = models.DateField(_("period audited from"))
    period_end = models.DateField(_("period audited to"))
    scope = models.CharField(pgettext_lazy("audit", "scope"), max_length=200)
    auditors = models.CharField(_("auditors"), max_length=200)
    findings = models.TextField(pgettext_lazy("audit", "findings"), blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    reported_on = models.DateField(
        _("reported to the congress on"),
        null=True,
        blank=True,
        help_text=_("The yearly review is reported to the members' or workers' congress."),
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-audit_date", "-pk"]
        indexes = [models.Index(fields=["organization", "audit_date"])]

    def __str__(self) -> str:
        return f"{self.audit_date:%Y-%m-%d} {self.scope}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The end of the period cannot be before its start.")
        if self.period_start and self.audit_date and self.audit_date < self.period_start:
            errors["audit_date"] = _("An audit cannot take place before the period it reviews begins.")
        if self.rectified_on and self.audit_date and self.rectified_on < self.audit_date:
            errors["rectified_on"] = _("Rectification cannot be done before the audit.")
        if self.reported_on and self.audit_date and self.reported_on < self.audit_date:
            errors["reported_on"] = _("The report cannot come before the audit.")
        if errors:
            raise ValidationError(errors)
