"""A report job whose worker was killed half-way: its page says so in Chinese and offers to make
it again, and nothing the dead worker wrote is left; a job still being made is left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gonghui.accounts.roles import Role
from gonghui.core.processes import this_process
from gonghui.core.tests.test_processes import killed_runner
from gonghui.reports.jobs import runner
from gonghui.reports.jobs.models import JobStatus, ReportJob
from gonghui.reports.tests.jobs_kinds import ProcessKilled, registered_test_kinds

INTERRUPTED = "报表生成中断：处理进程意外停止，未生成文件，请重新生成"


@pytest.fixture(autouse=True)
def _kinds(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)
    with registered_test_kinds():
        yield


def test_a_job_whose_worker_was_killed_fails_and_is_made_again(
    tree: Any, make_user: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    client = login(chair)
    job = running_job(tree.union_a, chair, killed_runner(), params={"year": 2025})
    entries = [
        queue_entry(job.pk, TaskResultStatus.RUNNING),
        queue_entry(job.pk + 1, TaskResultStatus.RUNNING),
    ]
    page = client.get(reverse("reports:job-detail", kwargs={"pk": job.pk})).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == INTERRUPTED and not job.file
    # The dead worker's queue entry is closed too (it would say "running" for good); another job's is not.
    assert [DBTaskResult.objects.get(pk=e.pk).status for e in entries] == ["FAILED", "RUNNING"]
    assert INTERRUPTED in page and "重新生成" in page and "every 1s" not in page

    start = reverse("reports:job-start", kwargs={"kind": "test-bytes"})
    assert start in page
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(start, {"org": tree.union_a.pk, "params": '{"year": 2025}'})
    again = ReportJob.objects.latest("pk")
    assert again.pk != job.pk and resp["Location"] == reverse("reports:job-detail", kwargs={"pk": again.pk})
    assert again.status == JobStatus.DONE and again.params == {"year": 2025} and again.file


def running_job(union: Any, chair: Any, runner: str, **fields: Any) -> ReportJob:
    """A report job a process (``runner``) has taken."""
    return ReportJob.objects.create(
        organization=union,
        kind="test-bytes",
        created_by=chair,
        status=JobStatus.RUNNING,
        runner=runner,
        **fields,
    )


def queue_entry(job_id: int, status: str) -> DBTaskResult:
    """The entry django-tasks' database backend keeps for a report job taken by a worker."""
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [job_id], "kwargs": {}},
        task_path=runner.run_report_job.module_path,
        backend_name="default",
        run_after=timezone.now(),
        worker_ids=["w1"],
        exception_class_path="",
        traceback="",
    )


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_nothing_a_killed_worker_wrote_is_left(tree: Any, make_user: Any, login: Any) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    job = ReportJob.objects.create(organization=tree.union_a, kind="test-killed", created_by=chair)
    with pytest.raises(ProcessKilled):
        runner.run_job(job.pk)  # dies with half the file written
    folder = runner.reports_root() / str(tree.union_a.pk)
    (part,) = files_in(folder)
    assert part.endswith(".part") and (folder / part).read_bytes() == b"half a pack"
    (folder / f"{job.pk}-stored.zip").write_bytes(b"stored, never recorded")  # died just after storing
    ReportJob.objects.filter(pk=job.pk).update(runner=killed_runner())  # its process is gone
    live = running_job(tree.union_a, chair, this_process())
    (folder / f"{live.pk}-abc.part").write_bytes(b"being written")

    page = login(chair).get(reverse("reports:job-detail", kwargs={"pk": job.pk})).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and INTERRUPTED in page and not job.file
    assert files_in(folder) == [f"{live.pk}-abc.part"]  # the live job's file is untouched


def test_a_live_job_is_left_alone(tree: Any, make_user: Any) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    live = running_job(tree.union_a, chair, this_process())
    waiting = ReportJob.objects.create(organization=tree.union_a, kind="test-bytes", created_by=chair)
    dead = running_job(tree.union_a, chair, killed_runner())
    assert runner.reap_jobs() == 1
    statuses = dict(ReportJob.objects.values_list("pk", "status"))
    assert statuses == {live.pk: "running", waiting.pk: "queued", dead.pk: "failed"}
