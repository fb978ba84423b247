"""A federation's statistics and a big union's pack go through a background job: the download
link starts it, the job page follows it, the file arrives as the page would have made it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.roles import Role
from gonghui.members.tests.factories import make_member
from gonghui.reports.jobs import services
from gonghui.reports.jobs.models import JobStatus, ReportJob


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _done_job(resp: Any) -> ReportJob:
    assert resp.status_code == 302 and "/reports/jobs/" in resp["Location"]
    job = ReportJob.objects.unscoped("the test reads the job it started").get()
    assert job.status == JobStatus.DONE, job.message
    return job


def test_a_big_federations_statistics_run_as_a_job(
    tree: Any, make_user: Any, login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_member(tree.union_a)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    page = c.get(reverse("reports:statistics"), {"org": tree.city.pk, "year": 2025})
    assert page.status_code == 200 and not page.context.get("background")  # small: the tables at once
    monkeypatch.setattr(services, "BACKGROUND_UNITS", 1)
    page = c.get(reverse("reports:statistics"), {"org": tree.city.pk, "year": 2025})
    assert page.context["background"] and reverse("reports:job-start", kwargs={"kind": "statistics"}) in (
        page.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.get(reverse("reports:statistics-download"), {"org": tree.city.pk, "year": 2025})
    job = _done_job(resp)
    assert job.kind == "statistics" and job.params == {"year": 2025}
    got = c.get(reverse("reports:job-download", kwargs={"pk": job.pk}))
    book = load_workbook(io.BytesIO(b"".join(got.streaming_content)))
    assert len(book.sheetnames) >= 5


def test_a_big_unions_pack_runs_as_a_job(
    tree: Any, make_user: Any, login: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_member(tree.union_a)
    c = login(make_user(Role.CHAIR, tree.union_a))
    monkeypatch.setattr(services, "BACKGROUND_MEMBERS", 0)
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.get(reverse("reports:pack-download"), {"org": tree.union_a.pk, "year": 2025})
    job = _done_job(resp)
    assert job.kind == "pack" and job.params["year"] == 2025
    got = c.get(reverse("reports:job-download", kwargs={"pk": job.pk}))
    names = zipfile.ZipFile(io.BytesIO(b"".join(got.streaming_content))).namelist()
    assert "00-目录.xlsx" in names and any("花名册" in n for n in names)
