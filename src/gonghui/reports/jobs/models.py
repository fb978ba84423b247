"""A report made in the background: who asked for which file of which union, and how far it got."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import OrgScopedManager


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED_STATUSES = (JobStatus.DONE, JobStatus.FAILED)


class ReportJob(models.Model):
    """One report file written by a background task (``jobs.runner``) for ``organization``.

    ``params`` are the kind's own parameters (a year, a ledger set): never personal data.
    ``file`` is empty until the job is done, and again once the cleanup has removed an old file.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("union")
    )
    kind = models.CharField(_("report"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    # The process writing the file (``core.processes``): a job whose runner died half-way is
    # ended by ``runner.reap_jobs``.
    runner = models.CharField(max_length=100, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = OrgScopedManager()
    sensitive_fields: ClassVar[dict[str, Any]] = {}  # a kind, parameters and a file name: no personal data

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "created_by", "-created_at"]),
            models.Index(fields=["status", "finished_at"]),
        ]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def downloadable(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file)
