"""The report jobs' pages: a job's progress and download, a person's recent jobs, and the
start button's target (other parts' pages post to it)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gonghui.core.audit import audit_log
from gonghui.core.bounds import parse_id
from gonghui.core.current import current_org, requested_org
from gonghui.core.downloads import file_response
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization
from gonghui.reports.jobs import runner, selectors, services
from gonghui.reports.jobs.kinds import get_kind
from gonghui.reports.jobs.models import JobStatus, ReportJob
from gonghui.reports.jobs.services import PARAMS_MAX_CHARS

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
}


def content_type_for(filename: str) -> str:
    for suffix, content_type in CONTENT_TYPES.items():
        if filename.lower().endswith(suffix):
            return content_type
    return "application/octet-stream"


def kind_label(name: str) -> Any:
    try:
        return get_kind(name).label
    except KeyError:
        return name


def get_job(request: AuthedRequest, pk: int) -> ReportJob:
    """The job ``pk`` if it is in the caller's scope and theirs to see, else 404."""
    job = get_in_scope(ReportJob.objects.select_related("organization", "created_by"), request, pk=pk)
    if not services.may_view(request.access, job):
        raise Http404
    return job


def job_context(request: AuthedRequest, job: ReportJob) -> dict[str, Any]:
    return {
        "job": job,
        "label": kind_label(job.kind),
        "statuses": JobStatus,
        "may_download": services.may_download(request.access, job),
    }


class JobDetailView(LoginRequiredMixin, View):
    """One job: a progress bar polled every second until it is done or failed, then its file."""

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        job = get_job(request, pk)
        if not job.finished and runner.reap_jobs(ReportJob.objects.filter(pk=job.pk)):
            job.refresh_from_db()  # its worker died: the page says so instead of spinning
        ctx = job_context(request, job)
        if request.htmx:
            return render(request, "reports/jobs/_job.html", ctx)
        return render(request, "reports/jobs/detail.html", ctx)


def job_file(request: AuthedRequest, job: ReportJob) -> HttpResponse:
    """A finished job's file as a download (recorded): 404 when there is none (yet, or any more),
    403 for someone who may see the job but not its file."""
    if not job.downloadable:
        raise Http404
    if not services.may_download(request.access, job):
        raise PermissionDenied
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_log(
        "reports.download",
        request=request,
        organization=job.organization,
        obj=job,
        detail={"kind": job.kind, "params": job.params, "file": job.filename},
    )
    return file_response(handle, filename=job.filename, content_type=content_type_for(job.filename))


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        return job_file(request, get_job(request, pk))


class JobListView(LoginRequiredMixin, View):
    """The caller's recent report jobs for the current (or ``?org=``) organization."""

    def get(self, request: AuthedRequest) -> HttpResponse:
        org = requested_org(request)
        jobs = list(selectors.recent_jobs(request.access, org)) if org is not None else []
        for job in jobs:
            job.label = kind_label(job.kind)  # type: ignore[attr-defined]
        return render(request, "reports/jobs/list.html", {"org": org, "jobs": jobs, "statuses": JobStatus})


def read_params(raw: str | None) -> dict[str, Any]:
    """The start form's ``params`` (a JSON object), or a Chinese ``ValidationError``."""
    raw = (raw or "").strip()
    if not raw:
        return {}
    if len(raw) > PARAMS_MAX_CHARS:
        raise ValidationError({"params": _("The report's parameters are not valid.")})
    try:
        return services.clean_params(json.loads(raw))
    except (ValueError, RecursionError):
        raise ValidationError({"params": _("The report's parameters are not valid.")}) from None


class JobStartView(LoginRequiredMixin, View):
    """POST ``org`` and ``params`` (JSON) to start a ``kind`` of report: the job's page follows
    (for htmx, the job's progress replaces the button)."""

    def post(self, request: AuthedRequest, kind: str) -> HttpResponse:
        raw_org = request.POST.get("org", "").strip()
        org = (
            get_in_scope(Organization.objects.all(), request, pk=parse_id(raw_org))
            if raw_org
            else current_org(request)
        )
        try:
            if org is None:
                raise ValidationError({"org": _("Choose a union first.")})
            params = read_params(request.POST.get("params"))
            job = services.start_job(access=request.access, organization=org, kind=kind, params=params)
        except ValidationError as e:
            ctx = {"messages_list": e.messages}
            if request.htmx:  # swapped in place of the button (htmx swaps only 2xx answers)
                return render(request, "reports/jobs/_start_error.html", ctx)
            return render(request, "reports/jobs/start_error.html", ctx, status=400)
        if request.htmx:
            return render(request, "reports/jobs/_job.html", job_context(request, job))
        return redirect("reports:job-detail", pk=job.pk)
