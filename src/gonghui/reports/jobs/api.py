"""The report jobs' endpoints: start a report, follow it, download its file."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import Field, Router, Schema

from gonghui.core.bounds import Id
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization
from gonghui.reports.jobs import services
from gonghui.reports.jobs.models import ReportJob
from gonghui.reports.jobs.views import get_job, job_file, kind_label

router = Router(tags=["Reports"])


class StartIn(Schema):
    kind: str = Field(max_length=40)
    org: Id
    params: dict[str, Any] = Field(default_factory=dict)


class JobOut(Schema):
    id: int
    kind: str
    label: str
    organization_id: int
    params: dict[str, Any]
    status: str
    progress: int
    message: str
    filename: str
    size: int
    download_url: str | None
    created_at: Any
    finished_at: Any


def _out(request: AuthedRequest, job: ReportJob) -> dict[str, Any]:
    may = services.may_download(request.access, job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": str(kind_label(job.kind)),
        "organization_id": job.organization_id,
        "params": job.params,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "filename": job.filename if job.downloadable else "",
        "size": job.size if job.downloadable else 0,
        "download_url": reverse("api:reports_job_download", kwargs={"pk": job.pk}) if may else None,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.post("/", response={200: JobOut, 400: Any, 403: Any}, summary="Start a report in the background")
def start(request: AuthedRequest, payload: StartIn) -> Any:
    org = get_in_scope(Organization.objects.all(), request, pk=payload.org)
    job = services.start_job(
        access=request.access, organization=org, kind=payload.kind, params=payload.params
    )
    job.refresh_from_db()  # the task may have run already (an immediate backend)
    return _out(request, job)


@router.get("/{pk}", response=JobOut, summary="A report job's state and progress")
def status(request: AuthedRequest, pk: Id) -> Any:
    return _out(request, get_job(request, pk))


@router.get(
    "/{pk}/download",
    response={200: Any, 403: Any},
    url_name="reports_job_download",
    summary="A finished report job's file (recorded)",
)
def download(request: AuthedRequest, pk: Id) -> Any:
    return job_file(request, get_job(request, pk))
