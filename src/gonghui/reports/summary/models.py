"""Saved versions of a union's annual summary: the officer's edits over the generated text."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import OrgScopedManager
from gonghui.reports.summary.text import Block, Summary


class SummaryDraft(models.Model):
    """One named version of a summary: its blocks as the officer left them.

    ``blocks`` holds ``Block.as_dict()`` entries plus the draft's own keys: ``edited`` (the
    officer changed the generated text), ``own`` (a block the officer added), ``stale`` (edited,
    and the figures have changed since: the refreshed figures are in ``figures``, the ones the
    text was written from in ``old_figures``); see ``reports/summary/drafts.py``.

    ``working`` marks the one working copy of a union's year: every edit on the draft page is
    written to it at once (nothing typed and saved is lost when the page closes); "save as
    version" copies it under a name and removes it, so the page shows the newest named version.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, verbose_name=_("union"))
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("version name"), max_length=100)
    title = models.CharField(_("summary title"), max_length=200)
    blocks = models.JSONField(_("blocks"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    working = models.BooleanField(_("working copy"), default=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = OrgScopedManager()
    sensitive_fields: ClassVar[dict[str, Any]] = {}  # the officer's own prose about the union's work

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "year", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=models.Q(working=True),
                name="reports_summary_one_working_copy",
            )
        ]
        verbose_name = _("summary version")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def as_summary(self, date: Any) -> Summary:
        return Summary(
            organization=self.organization.name,
            year=self.year,
            title=self.title,
            date=date,
            blocks=[Block.from_dict(b) for b in self.blocks],
        )
