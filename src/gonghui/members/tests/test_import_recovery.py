"""An import whose process was killed half-way: its page says so in Chinese instead of spinning,
nothing of it was written, and the same file can be imported again. A job still being worked
on is left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.processes import this_process
from gonghui.core.tests.test_processes import killed_runner
from gonghui.members.importer import jobs
from gonghui.members.models import ImportJob, ImportStatus, Member

INTERRUPTED = "导入中断：处理进程意外停止，未写入任何数据，请重新导入"


def _uploaded(client: Client, org: Any, path: str) -> ImportJob:
    with open(path, "rb") as f:
        client.post(reverse("members:import"), {"organization": org.pk, "file": f})
    return ImportJob.objects.latest("pk")


def test_a_job_whose_runner_was_killed_fails_and_is_imported_again(
    chair_a: Client, tree: Any, roster: Callable[..., str]
) -> None:
    job = _uploaded(chair_a, tree.union_a, roster(4))
    assert job.status == ImportStatus.CHECKED
    # What a web process or worker SIGKILLed while writing leaves: the job says "importing",
    # the database rolled the write back.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.WRITING, runner=killed_runner())
    page = chair_a.get(reverse("members:import-job", kwargs={"pk": job.pk})).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == INTERRUPTED
    assert INTERRUPTED in page and "重新导入" in page and "every 1s" not in page
    assert not Member.objects.exists()

    chair_a.post(reverse("members:import-retry", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.message == "" and job.created == 4
    chair_a.post(reverse("members:import-commit", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Member.objects.count() == 4


def test_live_and_unaskable_jobs_are_left_alone_until_they_are_old(
    chair_a: Client, tree: Any, roster: Callable[..., str]
) -> None:
    live = _uploaded(chair_a, tree.union_a, roster(2))
    remote = _uploaded(chair_a, tree.union_a, roster(2, start=10, name="b.xlsx"))
    dead = _uploaded(chair_a, tree.union_a, roster(2, start=20, name="c.xlsx"))
    ImportJob.objects.filter(pk=live.pk).update(status=ImportStatus.CHECKING, runner=this_process())
    ImportJob.objects.filter(pk=remote.pk).update(status=ImportStatus.WRITING, runner="other-host:12:34")
    ImportJob.objects.filter(pk=dead.pk).update(status=ImportStatus.WRITING, runner=killed_runner())
    assert jobs.reap_imports() == 1
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {live.pk: "checking", remote.pk: "writing", dead.pk: "failed"}
    # A runner that cannot be asked is taken as lost only after STALE_HOURS.
    later = timezone.now() + dt.timedelta(hours=jobs.STALE_HOURS + 1)
    assert jobs.reap_imports(now=later) == 1
    assert ImportJob.objects.get(pk=remote.pk).status == ImportStatus.FAILED
    assert ImportJob.objects.get(pk=live.pk).status == ImportStatus.CHECKING


def test_only_a_failed_import_is_retried(chair_a: Client, tree: Any, roster: Callable[..., str]) -> None:
    job = _uploaded(chair_a, tree.union_a, roster(2))
    with pytest.raises(ValidationError):
        jobs.job_retry(job, None)
    resp = chair_a.post(reverse("members:import-retry", kwargs={"pk": job.pk}), follow=True)
    assert "只有失败的导入可以重新导入" in resp.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKED
