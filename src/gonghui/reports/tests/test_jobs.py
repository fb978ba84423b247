"""Report jobs: started from a page, run in the background as their starter, followed by a
progress bar, downloaded when done; a failure says why in Chinese and leaves no file."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.access import get_access
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import Role
from gonghui.core.models import AuditEvent
from gonghui.members.tests.factories import make_member
from gonghui.reports.jobs import runner
from gonghui.reports.jobs.models import JobStatus, ReportJob
from gonghui.reports.jobs.services import start_job
from gonghui.reports.tests.jobs_kinds import CONTENT, registered_test_kinds, seen

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _kinds(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)  # each test's own reports directory
    with registered_test_kinds():
        yield


@pytest.fixture
def chair(tree: Any, make_user: Any) -> Any:
    return make_user(Role.CHAIR, tree.union_a)


def files_of(org: Any) -> list[str]:
    folder = runner.reports_root() / str(org.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def start(client: Client, kind: str, org: Any, params: str = '{"year": 2025}', **extra: Any) -> Any:
    return client.post(
        reverse("reports:job-start", kwargs={"kind": kind}), {"org": org.pk, "params": params}, **extra
    )


def test_a_job_reports_progress_and_its_file_is_downloaded(
    tree: Any, chair: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        resp = start(client, "test-bytes", tree.union_a)
    job = ReportJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "reports:job-detail", kwargs={"pk": job.pk}
    )
    assert seen["progress"] == 42  # what the page polls while the writer runs
    assert job.status == JobStatus.DONE and job.progress == 100 and job.message == ""
    assert job.params == {"year": 2025} and job.created_by == chair and job.started_at and job.finished_at
    assert job.filename == "甲局工会 2025年测试.xlsx"  # the writer's "../" is no directory of ours
    assert job.size == len(CONTENT) and job.file.name.startswith(f"reports/{tree.union_a.pk}/")
    assert files_of(tree.union_a) == [Path(job.file.name).name]  # the temporary file is gone

    page = client.get(resp["Location"]).content.decode()
    download = reverse("reports:job-download", kwargs={"pk": job.pk})
    assert "报表已生成" in page and download in page and "every 1s" not in page
    resp = client.get(download)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == CONTENT
    assert "attachment" in resp["Content-Disposition"] and resp["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="reports.download")
    assert event.user == chair and event.organization == tree.union_a and event.object_id == str(job.pk)


def test_a_running_job_is_polled_with_its_progress(tree: Any, chair: Any, login: Any) -> None:
    client = login(chair)
    job = ReportJob.objects.create(
        organization=tree.union_a, kind="test-bytes", created_by=chair, status=JobStatus.RUNNING, progress=37
    )
    url = reverse("reports:job-detail", kwargs={"pk": job.pk})
    page = client.get(url).content.decode()
    assert "extends" not in page and "<html" in page and 'data-width="37"' in page
    fragment = client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and 'hx-trigger="every 1s"' in fragment and f'hx-get="{url}"' in fragment
    assert 'data-width="37"' in fragment and "style=" not in fragment
    assert client.get(reverse("reports:job-download", kwargs={"pk": job.pk})).status_code == 404
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, progress=0)
    assert "等待后台任务" in client.get(url, **HTMX).content.decode()


def test_a_failed_job_says_why_in_chinese_and_leaves_no_file(
    tree: Any, chair: Any, login: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    client = login(chair)
    with (
        caplog.at_level(logging.ERROR, logger="gonghui.reports.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        start(client, "test-fail", tree.union_a)
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED and not job.file and job.size == 0 and job.finished_at
    assert job.message == f"报表生成失败，未生成任何文件（任务编号 {job.pk}）。"
    assert files_of(tree.union_a) == []
    assert any("the writer broke" in (r.exc_text or "") for r in caplog.records)
    fragment = client.get(reverse("reports:job-detail", kwargs={"pk": job.pk}), **HTMX).content.decode()
    assert job.message in fragment and "every 1s" not in fragment
    assert client.get(reverse("reports:job-download", kwargs={"pk": job.pk})).status_code == 404


def test_a_refusal_of_the_writer_is_the_message(
    tree: Any, chair: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        start(login(chair), "test-refused", tree.union_a)
    job = ReportJob.objects.get()
    assert (job.status, job.message) == (JobStatus.FAILED, "该联合会下没有任何基层工会。")
    assert files_of(tree.union_a) == []


def test_a_job_needs_the_kinds_permission(
    tree: Any, make_user: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    viewer = make_user(Role.VIEWER, tree.union_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert start(login(viewer), "test-personal", tree.union_a).status_code == 403
    with pytest.raises(PermissionDenied):
        start_job(access=get_access(viewer), organization=tree.union_a, kind="test-personal", params={})
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("no-such-report", "{}", "没有这种报表。"),
        ("test-bytes", "[1, 2]", "报表的参数无效。"),
        ("test-bytes", "{not json", "报表的参数无效。"),
        ("test-bytes", '{"year": 99999}', "年份必须在 1900 至 2100 之间。"),
        ("test-bytes", '{"Year": 2025}', "报表的参数无效。"),
        ("test-bytes", '{"names": ["' + "长" * 201 + '"]}', "报表的参数无效。"),
    ],
)
def test_bad_input_starts_nothing(
    tree: Any, chair: Any, login: Any, kind: str, params: str, message: str
) -> None:
    client = login(chair)
    resp = start(client, kind, tree.union_a, params)
    assert resp.status_code == 400 and message in resp.content.decode()
    resp = start(client, kind, tree.union_a, params, **HTMX)  # swapped in place of the button
    assert (
        resp.status_code == 200 and message in resp.content.decode() and "<html" not in resp.content.decode()
    )
    assert not ReportJob.objects.exists()


def test_the_same_job_is_not_started_twice(tree: Any, chair: Any, make_user: Any) -> None:
    access = get_access(chair)
    first = start_job(access=access, organization=tree.union_a, kind="test-bytes", params={"year": 2025})
    again = start_job(access=access, organization=tree.union_a, kind="test-bytes", params={"year": 2025})
    other_year = start_job(access=access, organization=tree.union_a, kind="test-bytes", params={"year": 2024})
    someone_else = make_user(Role.CHAIR, tree.union_a)
    theirs = start_job(
        access=get_access(someone_else), organization=tree.union_a, kind="test-bytes", params={"year": 2025}
    )
    assert again.pk == first.pk and len({first.pk, other_year.pk, theirs.pk}) == 3
    ReportJob.objects.filter(pk=first.pk).update(status=JobStatus.DONE)
    assert (
        start_job(access=access, organization=tree.union_a, kind="test-bytes", params={"year": 2025}).pk
        != first.pk
    )


def test_the_htmx_start_puts_the_progress_in_place_of_the_button(
    tree: Any, chair: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(chair)
    resp = start(client, "test-bytes", tree.union_a, **HTMX)  # not yet run: the worker has it
    job = ReportJob.objects.get()
    fragment = resp.content.decode()
    assert (
        resp.status_code == 200
        and f'id="report-job-{job.pk}"' in fragment
        and 'hx-trigger="every 1s"' in fragment
    )


def test_the_writer_sees_what_its_starter_sees(
    tree: Any, make_user: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ours, sibling, theirs = make_member(tree.union_a), make_member(tree.union_c), make_member(tree.union_b)
    chair = make_user(Role.CHAIR, tree.union_a)
    with django_capture_on_commit_callbacks(execute=True):
        start(login(chair), "test-scope", tree.union_a)
    assert seen["members"] == [ours.name]
    assert tree.union_c.name not in seen["orgs"] and tree.city.name not in seen["orgs"]
    text = ReportJob.objects.get().file.read().decode()
    assert ours.name in text and sibling.name not in text and theirs.name not in text

    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    with django_capture_on_commit_callbacks(execute=True):
        start(login(admin), "test-scope", tree.city)
    assert seen["members"] == sorted([ours.name, sibling.name]) and tree.union_b.name not in seen["orgs"]


def test_a_starter_who_lost_the_right_before_the_run_gets_nothing(tree: Any, chair: Any) -> None:
    job = start_job(access=get_access(chair), organization=tree.union_a, kind="test-bytes", params={})
    RoleGrant.objects.filter(user=chair).delete()
    runner.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "发起此报表的人已无权生成它。"
    assert files_of(tree.union_a) == []


def test_who_may_download(
    tree: Any, chair: Any, make_user: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The file was written as the chair saw it (personal data included): a viewer of the same
    union sees the job but not the file; another chair, who sees as much, gets it."""
    with django_capture_on_commit_callbacks(execute=True):
        start(login(chair), "test-bytes", tree.union_a)
    job = ReportJob.objects.get()
    detail = reverse("reports:job-detail", kwargs={"pk": job.pk})
    download = reverse("reports:job-download", kwargs={"pk": job.pk})
    viewer = login(make_user(Role.VIEWER, tree.union_a))
    assert viewer.get(detail).status_code == 200 and viewer.get(download).status_code == 403
    group_leader = login(make_user(Role.GROUP_LEADER, tree.group_a1))  # below the union: not its report
    assert group_leader.get(detail).status_code == 404
    assert login(make_user(Role.CHAIR, tree.union_a)).get(download).status_code == 200
    assert AuditEvent.objects.filter(action="reports.download").count() == 1


def test_the_list_shows_the_callers_recent_jobs(tree: Any, chair: Any, make_user: Any, login: Any) -> None:
    mine = ReportJob.objects.create(
        organization=tree.union_a, kind="test-bytes", created_by=chair, params={"year": 2024}
    )
    ReportJob.objects.create(
        organization=tree.union_a, kind="test-fail", created_by=make_user(Role.CHAIR, tree.union_a)
    )
    page = login(chair).get(reverse("reports:job-list"), {"org": tree.union_a.pk}).content.decode()
    assert reverse("reports:job-detail", kwargs={"pk": mine.pk}) in page and "测试报表 test-bytes" in page
    assert "test-fail" not in page


def test_old_files_are_removed(tree: Any, chair: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(access=get_access(chair), organization=tree.union_a, kind="test-bytes", params={})
    job.refresh_from_db()
    path = Path(job.file.path)
    assert path.exists()
    leftover = path.with_name("abandoned.part")
    leftover.write_bytes(b"x")
    assert runner.cleanup_reports() == {"files": 0, "stale_jobs": 0, "temp_files": 0}  # all recent
    stuck = ReportJob.objects.create(
        organization=tree.union_a, kind="test-bytes", created_by=chair, status="running"
    )
    ReportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    ReportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    done = runner.cleanup_reports(now=timezone.now() + dt.timedelta(days=1))
    assert done == {"files": 1, "stale_jobs": 1, "temp_files": 1}
    job.refresh_from_db()
    stuck.refresh_from_db()
    assert (
        not path.exists() and not leftover.exists() and job.file.name == "" and job.status == JobStatus.DONE
    )
    assert stuck.status == JobStatus.FAILED and "报表生成中断" in stuck.message
    call_command("cleanup_reports")  # nothing left: it says so and changes nothing


def test_progress_is_written_at_most_every_half_second_and_never_backwards(tree: Any, chair: Any) -> None:
    job = ReportJob.objects.create(
        organization=tree.union_a, kind="test-bytes", created_by=chair, status="running"
    )
    report = runner.progress_writer(job.pk, every_s=3600)
    report(0.25)
    report(0.9)  # within the interval: kept for later
    assert ReportJob.objects.get(pk=job.pk).progress == 25
    report = runner.progress_writer(job.pk, every_s=0)
    report(0.5)
    report(0.3)
    report(1.5)  # a writer's overshoot stays below done
    report("nonsense")  # type: ignore[arg-type]
    assert ReportJob.objects.get(pk=job.pk).progress == 99


def test_service_refusals_are_chinese(tree: Any, chair: Any) -> None:
    with pytest.raises(ValidationError) as e:
        start_job(access=get_access(chair), organization=tree.union_a, kind="nope", params={})
    assert e.value.messages == ["没有这种报表。"]


def test_the_start_button_posts_what_the_start_view_reads(
    tree: Any, chair: Any, login: Any, rf: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = rf.get("/")
    html = render_to_string(
        "reports/jobs/_start_button.html",
        {
            "kind": "test-bytes",
            "org": tree.union_a,
            "params": {"year": 2025, "set": "七簿三档三册"},
            "label": "生成",
        },
        request=request,
    )
    action = re.search(r'action="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    fields = dict(re.findall(r'name="(org|params)" value="([^"]*)"', html))
    assert action == reverse("reports:job-start", kwargs={"kind": "test-bytes"}) and 'hx-post="' in html
    with django_capture_on_commit_callbacks(execute=True):
        resp = login(chair).post(action, {k: unescape(v) for k, v in fields.items()})
    job = ReportJob.objects.get()
    assert resp.status_code == 302 and job.params == {"year": 2025, "set": "七簿三档三册"}
    assert job.organization == tree.union_a and job.status == JobStatus.DONE
