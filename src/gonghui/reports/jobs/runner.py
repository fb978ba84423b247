"""The background task that writes a report job's file, and the cleanup of old files.

The task loads its job across unions (it was authorized when it was started), rebuilds the
starter's ``Access`` and enters the scope the request middleware would: the writer reads
exactly what its starter may read. It writes into a temporary file beside the final one and
renames it into place only when the writer has returned; any failure removes it.

A job records the process running it (``runner``). One whose process died half-way (a
SIGKILL, an out-of-memory kill) is ended by ``reap_jobs`` — when a worker starts a job, when
its page is read, and by the cleanup — with a Chinese reason; its page offers to make it again.
Its files carry the job's id (``<id>-<random>``), so the reaper also removes what the dead
process left: the temporary file it was writing, or a file it stored but never recorded.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.urls import get_resolver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.accounts.access import get_access
from gonghui.core.processes import end_queue_entries, runner_alive, this_process
from gonghui.core.scope import scope, unscoped
from gonghui.reports.jobs.kinds import JobContext, JobKind, get_kind
from gonghui.reports.jobs.models import ACTIVE_STATUSES, JobStatus, ReportJob

log = logging.getLogger("gonghui.reports.jobs")

REPORTS_DIR = "reports"
TEMP_SUFFIX = ".part"
KEEP_DAYS = 7
# A job still waiting or running after this long lost its worker: the cleanup ends it.
STALE_HOURS = 24
PROGRESS_EVERY_S = 0.5


def reports_root() -> Path:
    return Path(settings.MEDIA_ROOT) / REPORTS_DIR


def _jobs() -> Any:
    return ReportJob.objects.unscoped("a running job updates its own row")


def progress_writer(job_id: int, every_s: float = PROGRESS_EVERY_S) -> Callable[[float], None]:
    """A progress callback (fraction 0..1) that writes the job's percentage when it has grown
    by at least 1 % and at most every ``every_s`` seconds (the first report at once)."""
    last = {"percent": 0, "at": -float("inf")}

    def report(fraction: float) -> None:
        try:
            percent = min(99, max(0, int(float(fraction) * 100)))
        except (TypeError, ValueError):
            return
        now = time.monotonic()
        if percent <= last["percent"] or now - last["at"] < every_s:
            return
        last["percent"], last["at"] = percent, now
        _jobs().filter(pk=job_id, status=JobStatus.RUNNING).update(progress=percent)

    return report


def _download_name(name: Any, kind: str) -> str:
    """The writer's file name without any directory part, at most 200 characters."""
    base = PurePath(str(name or "").replace("\\", "/")).name.replace("\x00", "").strip()
    if not base or base.startswith("."):
        base = f"{kind}{base}"
    if len(base) > 200:
        suffix = PurePath(base).suffix[:20]
        base = base[: 200 - len(suffix)] + suffix
    return base


def _fail(job_id: int, message: str) -> None:
    _jobs().filter(pk=job_id).update(
        status=JobStatus.FAILED, message=message[:500], finished_at=timezone.now(), file="", size=0
    )


def find_kind(name: str) -> JobKind:
    """The kind ``name``. A worker process (``gonghui db_worker``) has loaded no URL
    configuration, and a kind is registered by the module that defines it, which the pages
    starting it import: the URL configuration is loaded once when a kind is not yet known."""
    try:
        return get_kind(name)
    except KeyError:
        get_resolver().url_patterns  # noqa: B018 (imported for the registrations it makes)
        return get_kind(name)


def failure_message(job_id: int) -> str:
    return _("The report could not be made; no file was written (job %(id)s).") % {"id": job_id}


def interrupted_message() -> str:
    return _(
        "The report was interrupted: the process making it stopped unexpectedly. No file was "
        "written; make the report again."
    )


def is_lost(job: ReportJob, now: dt.datetime | None = None) -> bool:
    """Whether ``job`` is waiting or running but nobody works on it any more: its runner on this
    host has died, or (a runner that cannot be asked, or none yet) it began STALE_HOURS ago."""
    if job.status not in ACTIVE_STATUSES:
        return False
    alive = runner_alive(job.runner) if job.runner else None
    if alive is not None:
        return not alive
    return job.created_at < (now or timezone.now()) - dt.timedelta(hours=STALE_HOURS)


def _remove_leftovers(job: ReportJob) -> None:
    """The files of lost job ``job`` (its temporary file, one stored but not recorded): nobody
    writes them any more, and nothing will ever point to them."""
    prefix = f"{job.pk}-"
    for part in (reports_root() / str(job.organization_id)).glob(f"{prefix}*{TEMP_SUFFIX}"):
        part.unlink(missing_ok=True)
    folder = f"{REPORTS_DIR}/{job.organization_id}"
    try:
        names = default_storage.listdir(folder)[1]
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        if name.startswith(prefix):
            default_storage.delete(f"{folder}/{name}")


def reap_jobs(jobs: Any = None, *, now: dt.datetime | None = None) -> int:
    """End the lost ones among ``jobs`` (default: every active job) as failed, in the site's
    language, and remove the files their dead process left; returns how many. Only a job still
    in the state it was seen in is changed."""
    ended = 0
    with (
        unscoped("a lost job is ended whichever union it belongs to"),
        translation.override(settings.LANGUAGE_CODE),
    ):
        found = jobs if jobs is not None else _jobs().filter(status__in=ACTIVE_STATUSES)
        for job in found.filter(status__in=ACTIVE_STATUSES):
            if not is_lost(job, now):
                continue
            changed = (
                _jobs()
                .filter(pk=job.pk, status=job.status, runner=job.runner)
                .update(
                    status=JobStatus.FAILED,
                    message=interrupted_message(),
                    finished_at=now or timezone.now(),
                    file="",
                    size=0,
                )
            )
            if changed:
                ended += changed
                end_queue_entries([run_report_job], job.pk)
                log.warning("report job=%s lost its runner %r: ended as failed", job.pk, job.runner)
                try:
                    _remove_leftovers(job)
                except OSError:  # a courtesy: the cleanup removes old temporary files anyway
                    log.exception("removing the files of lost report job=%s failed", job.pk)
    return ended


def run_job(job_id: int) -> None:
    """Write job ``job_id``'s file as its starter; the job ends done or failed, never half-way.
    Its message is kept in the site's language (Chinese), whoever's request ran it."""
    with translation.override(settings.LANGUAGE_CODE):
        _run(job_id)


def _run(job_id: int) -> None:
    try:
        reap_jobs()  # a worker starting its work ends what a killed one left behind
    except Exception:  # a courtesy: the job runs whatever it meets
        log.exception("reaping lost report jobs failed before job=%s", job_id)
    with unscoped("the job was authorized when it was started"):
        claimed = (
            _jobs()
            .filter(pk=job_id, status=JobStatus.QUEUED)
            .update(status=JobStatus.RUNNING, started_at=timezone.now(), progress=0, runner=this_process())
        )
        if not claimed:  # gone, or another worker has it
            return
        job = _jobs().select_related("organization", "created_by").get(pk=job_id)
    try:
        kind = find_kind(job.kind)
    except KeyError:
        _fail(job_id, _("There is no such report."))
        return
    user = job.created_by
    access = get_access(user)
    if user is None or not user.is_active or not access.can(kind.perm, job.organization):
        _fail(job_id, _("The person who started this report may no longer make it."))
        return
    folder = reports_root() / str(job.organization_id)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{job_id}-{uuid.uuid4().hex}"  # the job's id first: the reaper finds what it left
    temp = folder / f"{stem}{TEMP_SUFFIX}"
    try:
        with scope(organization=access.visible_orgs()), temp.open("wb") as out:
            ctx = JobContext(
                organization=job.organization,
                params=dict(job.params),
                access=access,
                out=out,
                progress=progress_writer(job_id),
            )
            filename = _download_name(kind.write(ctx), kind.name)
        suffix = PurePath(filename).suffix.lower()[:10]
        # Into the default storage (local media folder or a bucket), never kept beside the app.
        with temp.open("rb") as written:
            stored = default_storage.save(
                f"{REPORTS_DIR}/{job.organization_id}/{stem}{suffix}", File(written)
            )
        size = default_storage.size(stored)
        temp.unlink(missing_ok=True)
    except Exception as e:
        temp.unlink(missing_ok=True)
        if isinstance(e, ValidationError):
            message = "；".join(e.messages) or failure_message(job_id)
            log.info("report job refused job=%s kind=%s: %s", job_id, job.kind, message)
        else:
            message = failure_message(job_id)
            log.exception("report job failed job=%s kind=%s", job_id, job.kind)
        _fail(job_id, message)
        return
    _jobs().filter(pk=job_id).update(
        status=JobStatus.DONE,
        progress=100,
        file=stored,
        filename=filename,
        size=size,
        message="",
        finished_at=timezone.now(),
    )
    try:
        cleanup_reports()
    except Exception:  # the cleanup is a courtesy: the job is done whatever it meets
        log.exception("report cleanup failed after job=%s", job_id)


@task()
def run_report_job(job_id: int) -> None:
    run_job(job_id)


def cleanup_reports(*, now: dt.datetime | None = None, keep_days: int = KEEP_DAYS) -> dict[str, int]:
    """Remove the files of jobs finished more than ``keep_days`` ago (the job stays, without its
    file), end jobs whose worker vanished, and remove temporary files left by them."""
    now = now or timezone.now()
    removed = ended = temps = 0
    with unscoped("the cleanup covers every union's reports"):
        old = _jobs().filter(status=JobStatus.DONE, finished_at__lt=now - dt.timedelta(days=keep_days))
        for pk, name in old.exclude(file="").values_list("pk", "file"):
            default_storage.delete(name)  # storage: local folder or bucket alike
            removed += _jobs().filter(pk=pk).update(file="")
        ended = reap_jobs(now=now)
    root = reports_root()
    if root.is_dir():
        cutoff = now.timestamp() - STALE_HOURS * 3600
        for part in root.glob(f"*/*{TEMP_SUFFIX}"):
            try:
                if part.stat().st_mtime < cutoff:
                    part.unlink()
                    temps += 1
            except FileNotFoundError:
                pass
    return {"files": removed, "stale_jobs": ended, "temp_files": temps}
