"""Scoping cases of the reports' jobs pages and endpoints (collected by tests/test_scoping.py),
and their tests: a user of the other tree gets 404 and nothing is started or downloaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.models import AuditEvent
from gonghui.reports.jobs.models import JobStatus, ReportJob
from gonghui.reports.jobs.services import start_job
from gonghui.reports.tests.jobs_kinds import CONTENT, registered_test_kinds

URL_CASES: list[str] = ["reports:job-detail", "reports:job-download", "reports:job-list", "reports:job-start"]
API_CASES: list[tuple[str, str]] = [
    ("/api/v1/reports/jobs/", "post"),
    ("/api/v1/reports/jobs/{pk}", "get"),
    ("/api/v1/reports/jobs/{pk}/download", "get"),
]


@pytest.fixture(autouse=True)
def _kinds(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)
    with registered_test_kinds():
        yield


@pytest.fixture(params=["chair", "federation_admin"])
def outsider_user(request: Any, tree: Any, make_user: Any) -> Any:
    """A user of the city tree: the chair of union A, or the city's federation admin."""
    if request.param == "chair":
        return make_user(Role.CHAIR, tree.union_a)
    return make_user(Role.FEDERATION_ADMIN, tree.city)


@pytest.fixture
def theirs(tree: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> ReportJob:
    """A finished job of the county tree's union B, started by its chair."""
    chair_b = make_user(Role.CHAIR, tree.union_b)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(access=get_access(chair_b), organization=tree.union_b, kind="test-bytes", params={})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.file
    return job


def test_pages_refuse_the_other_tree(
    outsider_user: Any, login: Any, tree: Any, theirs: ReportJob, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(outsider_user)
    for name in ("reports:job-detail", "reports:job-download"):
        url = reverse(name, kwargs={"pk": theirs.pk})
        assert client.get(url).status_code == 404
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(reverse("reports:job-list"), {"org": tree.union_b.pk}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            reverse("reports:job-start", kwargs={"kind": "test-bytes"}),
            {"org": tree.union_b.pk, "params": "{}"},
        )
    assert resp.status_code == 404
    assert list(ReportJob.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert not AuditEvent.objects.filter(action="reports.download").exists()
    assert AuditEvent.objects.filter(action="scope.denied").exists()  # the probing shows
    own = client.get(reverse("reports:job-list")).content.decode()
    assert reverse("reports:job-detail", kwargs={"pk": theirs.pk}) not in own


def test_pages_positive_control(
    tree: Any, make_user: Any, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The same requests by union B's own chair work: the refusals above are the scope's."""
    chair_b = make_user(Role.CHAIR, tree.union_b)
    client = login(chair_b)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            reverse("reports:job-start", kwargs={"kind": "test-bytes"}),
            {"org": tree.union_b.pk, "params": "{}"},
        )
    job = ReportJob.objects.get()
    assert (
        resp.status_code == 302
        and client.get(reverse("reports:job-detail", kwargs={"pk": job.pk})).status_code == 200
    )
    resp = client.get(reverse("reports:job-download", kwargs={"pk": job.pk}))
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == CONTENT
    listing = client.get(reverse("reports:job-list"), {"org": tree.union_b.pk}).content.decode()
    assert reverse("reports:job-detail", kwargs={"pk": job.pk}) in listing


def test_api_refuses_the_other_tree(
    outsider_user: Any, tree: Any, theirs: ReportJob, django_capture_on_commit_callbacks: Any
) -> None:
    _token, raw = token_create(user=outsider_user, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(f"/api/v1/reports/jobs/{theirs.pk}").status_code == 404
    assert api.get(f"/api/v1/reports/jobs/{theirs.pk}/download").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        resp = api.post(
            "/api/v1/reports/jobs/",
            {"kind": "test-bytes", "org": tree.union_b.pk, "params": {}},
            content_type="application/json",
        )
    assert resp.status_code == 404
    assert list(ReportJob.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert not AuditEvent.objects.filter(action="reports.download").exists()


def test_api_starts_follows_and_downloads(
    tree: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    _token, raw = token_create(user=chair, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with django_capture_on_commit_callbacks(execute=True):
        resp = api.post(
            "/api/v1/reports/jobs/",
            {"kind": "test-bytes", "org": tree.union_a.pk, "params": {"year": 2025}},
            content_type="application/json",
        )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["status"] == "queued" and body["progress"] == 0  # answered before the task ran
    state = api.get(f"/api/v1/reports/jobs/{body['id']}").json()
    assert state["status"] == "done" and state["progress"] == 100 and state["filename"].endswith(".xlsx")
    download = api.get(state["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == CONTENT
    assert AuditEvent.objects.filter(action="reports.download", user=chair).count() == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"kind": "no-such-report", "params": {}}, 400),
        ({"kind": "test-personal", "params": {}}, 403),
        ({"kind": "test-bytes", "params": {"year": 3000}}, 400),
        ({"kind": "test-bytes", "params": {"x": {"nested": 1}}}, 400),
    ],
)
def test_api_refuses_bad_input(tree: Any, make_user: Any, payload: dict[str, Any], status: int) -> None:
    viewer = make_user(Role.VIEWER, tree.union_a)
    _token, raw = token_create(user=viewer, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = api.post(
        "/api/v1/reports/jobs/", {**payload, "org": tree.union_a.pk}, content_type="application/json"
    )
    assert resp.status_code == status and resp.json()["detail"]
    assert not ReportJob.objects.exists()
    assert api.get(f"/api/v1/reports/jobs/{2**63}").status_code == 400  # out of the key's bounds
