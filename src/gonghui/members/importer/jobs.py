"""Import jobs: an uploaded file is checked, previewed, then written — inline when small,
as a background task (django-tasks) with a progress bar when it holds more than a few
thousand rows.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.accounts.models import User
from gonghui.core.scope import unscoped
from gonghui.core.storage import local_path
from gonghui.members.importer.plan import Plan, check_file
from gonghui.members.importer.write import import_file
from gonghui.members.models import ImportJob, ImportStatus

log = logging.getLogger("gonghui.members.import")

# A file larger than this (a few thousand rows) is checked and written in the background.
BACKGROUND_BYTES = 200 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")


def job_create(*, actor: Any, organization: Any, upload: UploadedFile) -> ImportJob:
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": _("Upload an .xlsx, .xls or .csv file.")})
    job = ImportJob(organization=organization, original_name=(upload.name or "")[:255], created_by=actor)
    job.file.save(upload.name or "roster", upload, save=False)
    job._history_user = actor  # type: ignore[attr-defined]
    job.save()
    return job


def runs_in_background(job: ImportJob) -> bool:
    return job.file.size > BACKGROUND_BYTES


def _progress(job_id: int, low: int, high: int) -> Any:
    def report(fraction: float) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress=low + int((high - low) * fraction))

    return report


def _store(job: ImportJob, plan: Plan, status: str) -> None:
    job.rows = plan.rows
    job.created = plan.new
    job.updated = len(plan.updates)
    job.unchanged = plan.unchanged
    job.problem_count = plan.problem_count
    job.problems = [p.as_list() for p in plan.problems]
    job.warning_count = plan.warning_count
    job.warnings = [p.as_list() for p in plan.warnings]
    job.status = status if plan.ok else ImportStatus.INVALID
    job.progress = 100


def job_check(job_id: int) -> ImportJob:
    """Check every row; the job then holds the preview (counts and problems)."""
    with unscoped("the job was authorized when it was created"):
        job = ImportJob.objects.select_related("organization").get(pk=job_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.CHECKING, progress=0)
        try:
            with local_path(job.file) as path:  # storage: the upload may be in a bucket
                plan = check_file(path, job.organization, progress=_progress(job_id, 0, 100))
            _store(job, plan, ImportStatus.CHECKED)
        except Exception:  # a bug must not leave the job spinning forever
            log.exception("import check failed job=%s", job_id)
            job.status, job.message = (
                ImportStatus.FAILED,
                _("The check failed unexpectedly; nothing was written."),
            )
        job.save()
        return job


def job_commit(job_id: int, actor: Any = None) -> ImportJob:
    """Check the file again (the roster may have changed since the preview) and write all of it or nothing."""
    with unscoped("the job was authorized when it was created"):
        job = ImportJob.objects.select_related("organization").get(pk=job_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.WRITING, progress=0)
        try:
            # One pass in one transaction, no progress steps: updates of the job's row inside it
            # could not be seen before it ends. The page shows a running bar meanwhile; 100,000
            # rows take seconds.
            with local_path(job.file) as path:  # storage: the upload may be in a bucket
                plan, written = import_file(path, job.organization, actor=actor)
            if written is not None:
                job.finished_at = timezone.now()
            _store(job, plan, ImportStatus.DONE)
        except ValidationError as e:
            job.status, job.message = ImportStatus.FAILED, e.messages[0]
        except Exception:
            log.exception("import commit failed job=%s", job_id)
            job.status, job.message = (
                ImportStatus.FAILED,
                _("The import failed unexpectedly; nothing was written."),
            )
        job._history_user = actor  # type: ignore[attr-defined]
        job.save()
        return job


@task()
def check_import(job_id: int) -> None:
    job_check(job_id)


@task()
def commit_import(job_id: int, user_id: int | None) -> None:
    job_commit(job_id, User.objects.filter(pk=user_id).first() if user_id else None)


def start_check(job: ImportJob) -> None:
    if runs_in_background(job):
        check_import.enqueue(job.pk)
    else:
        job_check(job.pk)


def start_commit(job: ImportJob, actor: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(commit_requested=True, status=ImportStatus.WRITING, progress=0)
    if runs_in_background(job):
        commit_import.enqueue(job.pk, getattr(actor, "pk", None))
    else:
        job_commit(job.pk, actor)
