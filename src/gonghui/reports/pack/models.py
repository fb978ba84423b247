"""The ledger set a federation chose for the 台账 packs of the unions below it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import OrgScopedManager


class PackSetting(models.Model):
    """A federation's choice of ledger set (``sets/<code>.yaml``); the nearest choice above a
    union applies to it, else the default set."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("federation")
    )
    ledger_set = models.CharField(_("ledger set"), max_length=50)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    updated_at = models.DateTimeField(_("chosen at"), auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        verbose_name = _("ledger set choice")

    def __str__(self) -> str:
        return self.ledger_set
