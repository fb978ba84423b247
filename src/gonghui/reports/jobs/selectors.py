"""Reading report jobs: a person's recent jobs for a union."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gonghui.reports.jobs.models import ReportJob

RECENT = 20


def recent_jobs(access: Any, organization: Any, limit: int = RECENT) -> QuerySet[ReportJob]:
    """The jobs ``access``'s person started for ``organization``, newest first."""
    if not access.is_authenticated:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(organization=organization, created_by=access.user).select_related(
        "organization"
    )[:limit]
