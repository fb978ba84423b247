"""Import jobs: an uploaded file is checked, previewed, then written — inline when small,
as a background task (django-tasks) with a progress bar when it holds more than a few
thousand rows.

A job records the process checking or writing it (``runner``). When that process dies
half-way (a SIGKILL, an out-of-memory kill), the database rolls its transaction back and the
job would spin forever: ``reap_imports`` ends such a job as failed, with a Chinese reason, and
``job_retry`` checks the same file again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.accounts.models import User
from gonghui.core.processes import end_queue_entries, runner_alive, this_process
from gonghui.core.scope import unscoped
from gonghui.core.storage import local_path
from gonghui.members.importer.plan import Plan, check_file
from gonghui.members.importer.write import import_file
from gonghui.members.models import ImportJob, ImportStatus

log = logging.getLogger("gonghui.members.import")

# A file larger than this (a few thousand rows) is checked and written in the background.
BACKGROUND_BYTES = 200 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")
# A job still waiting or running after this long, whose runner cannot be asked (another host,
# or not yet picked up by a worker), is taken as lost.
STALE_HOURS = 24
ACTIVE_IMPORT_STATUSES = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


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
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.CHECKING, progress=0, runner=this_process(), message=""
        )
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
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.WRITING, progress=0, runner=this_process(), message=""
        )
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
    reap_imports()  # a worker starting its work ends what a killed one left behind
    job_check(job_id)


@task()
def commit_import(job_id: int, user_id: int | None) -> None:
    reap_imports()
    job_commit(job_id, User.objects.filter(pk=user_id).first() if user_id else None)


def interrupted_message() -> str:
    return _(
        "Import interrupted: the process running it stopped unexpectedly. "
        "Nothing was written; import it again."
    )


def is_lost(job: ImportJob, now: dt.datetime | None = None) -> bool:
    """Whether ``job`` is waiting or running but nobody works on it any more: its runner on this
    host has died, or (a runner that cannot be asked) it started more than STALE_HOURS ago."""
    if job.status not in ACTIVE_IMPORT_STATUSES:
        return False
    alive = runner_alive(job.runner) if job.runner else None
    if alive is not None:
        return not alive
    return job.created_at < (now or timezone.now()) - dt.timedelta(hours=STALE_HOURS)


def reap_imports(jobs: Any = None, *, now: dt.datetime | None = None) -> int:
    """End the lost ones among ``jobs`` (default: every active job) as failed, with the reason
    in the site's language (Chinese); returns how many. The killed process's transaction was
    rolled back by the database, so none of the file was written. Only a job still in the
    state it was seen in is changed (a runner finishing meanwhile wins)."""
    ended = 0
    with (
        unscoped("a lost job is ended whichever union it belongs to"),
        translation.override(settings.LANGUAGE_CODE),
    ):
        found = jobs if jobs is not None else ImportJob.objects.filter(status__in=ACTIVE_IMPORT_STATUSES)
        for job in found.filter(status__in=ACTIVE_IMPORT_STATUSES):
            if is_lost(job, now):
                changed = ImportJob.objects.filter(pk=job.pk, status=job.status, runner=job.runner).update(
                    status=ImportStatus.FAILED, message=interrupted_message(), runner="", progress=0
                )
                if changed:
                    ended += changed
                    end_queue_entries([check_import, commit_import], job.pk)
                    log.warning("import job=%s lost its runner %r: ended as failed", job.pk, job.runner)
    return ended


def job_retry(job: ImportJob, actor: Any) -> None:
    """Check a failed job's file again (``start_check``): the import is then confirmed as usual."""
    if job.status != ImportStatus.FAILED:
        raise ValidationError(_("Only a failed import can be retried."))
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).update(
        status=ImportStatus.QUEUED, progress=0, message="", commit_requested=False, runner=""
    )
    job.refresh_from_db()
    start_check(job)


def start_check(job: ImportJob) -> None:
    if runs_in_background(job):
        check_import.enqueue(job.pk)
    else:
        job_check(job.pk)


def start_commit(job: ImportJob, actor: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        commit_requested=True, status=ImportStatus.WRITING, progress=0, runner=""
    )
    if runs_in_background(job):
        commit_import.enqueue(job.pk, getattr(actor, "pk", None))
    else:
        job_commit(job.pk, actor)
