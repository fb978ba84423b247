"""The union's own financial rules (财务制度): what a standardized union must have in writing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager


class PolicyKind(models.TextChoices):
    FINANCE = "finance", _("Financial management rules")
    DUTIES = "duties", _("Finance duties")
    APPROVAL = "approval", _("Expenditure approval rules")
    ASSETS = "assets", _("Asset management rules")
    DUES = "dues", _("Dues collection rules")
    OTHER = "other", _("Other")


class FinancePolicy(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(pgettext_lazy("finance", "kind"), max_length=20, choices=PolicyKind.choices)
    title = models.CharField(pgettext_lazy("finance", "title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    content = models.TextField(_("main points"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financial rule")
        verbose_name_plural = _("financial rules")
        ordering = ["kind", "-adopted_on", "pk"]

    def __str__(self) -> str:
        return self.title
