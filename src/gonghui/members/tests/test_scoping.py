"""The roster's own pages and endpoints: a user of the other tree gets nothing (404 / nothing listed)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.conftest import make_org
from gonghui.core.models import AuditEvent
from gonghui.members import services
from gonghui.members.importer.jobs import job_create
from gonghui.members.joining import join_apply
from gonghui.members.models import (
    CURRENT,
    ImportJob,
    JoinApplication,
    Member,
    MembershipEvent,
    TransferRequest,
)
from gonghui.members.synthetic import People
from gonghui.members.tests.factories import make_member
from gonghui.portal.services import account_for

URL_CASES = [
    "members:reveal",
    "members:change",
    "members:transfers",
    "members:transfer-decide",
    "members:transfer-requests",
    "members:transfer-request-decide",
    "members:transfer-request-cancel",
    "members:import",
    "members:import-template",
    "members:import-job",
    "members:import-commit",
    "members:import-retry",
    "members:import-annotated",
    "members:statistics",
    "members:pick",
]
API_CASES = [
    ("/api/v1/members/{pk}/reveal", "post"),
    ("/api/v1/members/{pk}/events", "get"),
    ("/api/v1/members/{pk}/events", "post"),
    ("/api/v1/members/transfers", "get"),
    ("/api/v1/members/transfers/{pk}", "post"),
    ("/api/v1/members/transfer-requests", "get"),
    ("/api/v1/members/transfer-requests", "post"),
    ("/api/v1/members/transfer-requests/{pk}/decide", "post"),
    ("/api/v1/members/transfer-requests/{pk}/cancel", "post"),
    ("/api/v1/members/statistics", "get"),
    ("/api/v1/members/import", "post"),
]


@pytest.fixture(params=["chair", "federation_admin"])
def outsider(request: Any, tree: Any, make_user: Any, login: Any) -> Any:
    user = (
        make_user(Role.CHAIR, tree.union_a)
        if request.param == "chair"
        else make_user(Role.FEDERATION_ADMIN, tree.city)
    )
    return login(user)


@pytest.fixture
def theirs(tree: Any) -> dict[str, Any]:
    """The county tree's member, a pending transfer inside that tree, and an import job."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    member = make_member(tree.union_b, union_group=tree.group_b1)
    moving = make_member(tree.union_b)
    other = make_org(tree.county, "UB2", name="乙二厂工会")
    out = services.member_transfer_out(actor=None, member=moving, to_organization=other, on=moving.join_date)
    job = job_create(
        actor=None, organization=tree.union_b, upload=SimpleUploadedFile("乙.csv", "姓名,身份证号\n".encode())
    )
    # A request inside the county's tree: the new union asks for union B's member.
    asked = services.transfer_request_create(
        actor=None, organization=other, id_number=member.id_number, name=member.name
    )
    return {"member": member, "transfer": out, "job": job, "other": other, "request": asked}


def test_pages_refuse_the_other_tree(outsider: Client, tree: Any, theirs: dict[str, Any]) -> None:
    m, job = theirs["member"], theirs["job"]
    for url in (
        reverse("members:reveal", kwargs={"pk": m.pk}),
        reverse("members:import-commit", kwargs={"pk": job.pk}),
        reverse("members:import-retry", kwargs={"pk": job.pk}),
    ):
        assert outsider.post(url).status_code == 404
    status = job.status
    job.refresh_from_db()
    assert job.status == status  # nothing was run again
    for kind in ("transfer-out", "leave", "death"):
        url = reverse("members:change", kwargs={"pk": m.pk, "kind": kind})
        assert outsider.get(url).status_code == 404
        assert (
            outsider.post(url, {"on": "2025-01-01", "to_code": "UA", "reason": "voluntary"}).status_code
            == 404
        )
    for name in ("members:import-job", "members:import-annotated"):
        assert outsider.get(reverse(name, kwargs={"pk": job.pk})).status_code == 404
    decide = reverse("members:transfer-decide", kwargs={"pk": theirs["transfer"].pk})
    assert outsider.post(decide, {"decision": "accept"}).status_code == 404
    assert outsider.get(reverse("members:statistics"), {"org": tree.union_b.pk}).status_code == 404
    assert outsider.get(reverse("members:pick"), {"org": tree.union_b.pk, "q": m.name}).status_code == 404
    assert m.pk not in {
        r["id"] for r in outsider.get(reverse("members:pick"), {"q": m.name}).json()["results"]
    }
    asked = theirs["request"]
    for name in ("members:transfer-request-decide", "members:transfer-request-cancel"):
        resp = outsider.post(reverse(name, kwargs={"pk": asked.pk}), {"decision": "approve"})
        assert resp.status_code == 404
    page = outsider.get(reverse("members:transfer-requests")).content.decode()
    assert m.name not in page and "乙二厂工会" not in page
    resp = outsider.post(
        reverse("members:transfer-requests"),
        {"organization": theirs["other"].pk, "name": m.name, "id_number": m.id_number},
    )
    assert resp.status_code == 400 and TransferRequest.objects.count() == 1
    assert list(resp.context["form"].errors) == ["organization"]  # complete data: only the union is wrong
    assert TransferRequest.objects.get(pk=asked.pk).status == "pending"
    # Nothing changed, nothing revealed.
    assert Member.objects.get(pk=m.pk).status == "active"
    assert Member.objects.get(pk=theirs["transfer"].member_id).status == "transferring"
    assert ImportJob.objects.get(pk=job.pk).status == "queued"
    assert not AuditEvent.objects.filter(action="members.reveal").exists()


def test_lists_and_files_show_nothing_of_the_other_tree(
    outsider: Client, tree: Any, theirs: dict[str, Any]
) -> None:
    page = outsider.get(reverse("members:transfers")).content.decode()
    assert theirs["transfer"].member.name not in page and "乙二厂工会" not in page
    page = outsider.get(reverse("members:import")).content.decode()
    assert "乙.csv" not in page and "乙乡工会" not in page
    assert outsider.get(reverse("members:import-template"), {"org": tree.union_b.pk}).status_code == 404
    template = outsider.get(reverse("members:import-template"))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert "乙一小组" not in cells and "甲一小组" in cells
    before = ImportJob.objects.count()
    upload = io.BytesIO("姓名,身份证号\n".encode())
    upload.name = "x.csv"
    resp = outsider.post(reverse("members:import"), {"organization": tree.union_b.pk, "file": upload})
    assert resp.status_code == 400 and ImportJob.objects.count() == before
    assert list(resp.context["form"].errors) == ["organization"]  # a valid file: only the union is wrong
    stats = outsider.get(reverse("members:statistics"), {"org": tree.city.pk}).content.decode()
    assert "乙乡工会" not in stats


def test_a_transfer_from_the_other_tree_into_ours_is_ours_to_decide(outsider: Client, tree: Any) -> None:
    m = make_member(tree.union_b)
    out = services.member_transfer_out(actor=None, member=m, to_organization=tree.union_a, on=m.join_date)
    page = outsider.get(reverse("members:transfers")).content.decode()
    assert m.name in page and m.id_number not in page  # listed, masked
    resp = outsider.post(reverse("members:transfer-decide", kwargs={"pk": out.pk}), {"decision": "accept"})
    assert resp.status_code == 302
    m.refresh_from_db()  # the other tree keeps its record, closed; ours is a new one
    assert (m.organization, m.status, m.is_current) == (tree.union_b, "left", False)
    assert Member.objects.get(CURRENT, id_number=m.id_number).organization == tree.union_a


@pytest.fixture(params=["chair", "federation_admin"])
def api(request: Any, tree: Any, make_user: Any) -> Client:
    user = (
        make_user(Role.CHAIR, tree.union_a)
        if request.param == "chair"
        else make_user(Role.FEDERATION_ADMIN, tree.city)
    )
    _t, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_endpoints_refuse_the_other_tree(api: Client, tree: Any, theirs: dict[str, Any]) -> None:
    m = theirs["member"]
    assert api.post(f"/api/v1/members/{m.pk}/reveal").status_code == 404
    assert api.get(f"/api/v1/members/{m.pk}/events").status_code == 404
    body = {"kind": "leave", "on": "2025-01-01", "reason": "voluntary"}
    assert (
        api.post(f"/api/v1/members/{m.pk}/events", body, content_type="application/json").status_code == 404
    )
    assert theirs["transfer"].pk not in {t["id"] for t in api.get("/api/v1/members/transfers").json()}
    decide = api.post(
        f"/api/v1/members/transfers/{theirs['transfer'].pk}",
        {"accept": True},
        content_type="application/json",
    )
    assert decide.status_code == 404
    assert api.get("/api/v1/members/statistics", {"org": tree.union_b.pk}).status_code == 404
    asked = theirs["request"]
    assert asked.pk not in {r["id"] for r in api.get("/api/v1/members/transfer-requests").json()}
    for action in ("decide", "cancel"):
        url = f"/api/v1/members/transfer-requests/{asked.pk}/{action}"
        assert api.post(url, {"approve": True}, content_type="application/json").status_code == 404
    body = {"organization": theirs["other"].pk, "name": m.name, "id_number": m.id_number}
    resp = api.post("/api/v1/members/transfer-requests", body, content_type="application/json")
    assert resp.status_code == 404
    assert TransferRequest.objects.get(pk=asked.pk).status == "pending"
    assert TransferRequest.objects.count() == 1
    city = api.get("/api/v1/members/statistics", {"org": tree.city.pk})
    assert city.status_code in (200, 404) and "乙" not in city.content.decode()
    upload = io.BytesIO("姓名,身份证号\n".encode())
    upload.name = "x.csv"
    assert (
        api.post(
            "/api/v1/members/import", {"org": tree.union_b.pk, "file": upload, "dry_run": "false"}
        ).status_code
        == 404
    )
    assert Member.objects.get(pk=m.pk).status == "active"
    assert MembershipEvent.objects.filter(member=m).count() == 1
    assert not AuditEvent.objects.filter(action__in=["members.reveal", "members.import"]).exists()


# ---- online joining -----------------------------------------------------------------------
URL_CASES += [
    "members:join-applications",
    "members:join-application",
    "members:join-approve",
    "members:join-reject",
    "members:join-qr",
    "portal:members-join-find",
    "portal:members-join",
    "portal:members-join-mine",
]


def test_join_pages_keep_to_their_union_and_their_applicant(outsider: Client, tree: Any) -> None:
    """The other tree's officers get 404; an applicant sees only their own applications; the
    public search shows union names only."""

    theirs = make_member(tree.union_b)  # a person union B holds: the data of the form below
    data = {
        "name": "乙方申请人",
        "id_type": "resident",
        "id_number": People(seed=77).person(1).id_number,
        "employer": "乙乡某厂",
        "employment_type": "migrant",
    }
    app = join_apply(account=account_for("13822220000"), organization=tree.union_b, data=data)
    for name in ("members:join-application",):
        assert outsider.get(reverse(name, kwargs={"pk": app.pk})).status_code == 404
    for name in ("members:join-approve", "members:join-reject"):
        assert outsider.post(reverse(name, kwargs={"pk": app.pk}), {"reason": "x"}).status_code == 404
    assert outsider.get(reverse("members:join-applications"), {"org": tree.union_b.pk}).status_code == 404
    assert "乙方申请人" not in outsider.get(reverse("members:join-applications")).content.decode()
    assert outsider.get(reverse("members:join-qr"), {"org": tree.union_b.pk}).status_code == 404
    assert JoinApplication.objects.get(pk=app.pk).status == "pending"
    # Another applicant sees nothing of it; the public search names unions only.
    other = Client()
    other.force_login(account_for("13833330000").user)
    assert "乙方申请人" not in other.get("/m/join/mine/").content.decode()
    assert tree.union_b.name not in other.get("/m/join/mine/").content.decode()
    found = Client().get("/m/join/", {"q": "乙乡"}).content.decode()
    assert tree.union_b.name in found and "乙方申请人" not in found and theirs.name not in found
    assert other.get(f"/m/join/{tree.union_b.code}/").status_code == 200
