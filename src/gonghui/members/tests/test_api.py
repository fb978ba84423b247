"""The roster API: generic endpoints with the roster's masking and rules, import, statistics, events."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.models import AuditEvent
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char


@pytest.fixture
def api(tree: Any, make_user: Any) -> Client:
    _t, raw = token_create(user=make_user(Role.CHAIR, tree.union_a, username="chair_api"), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(c: Client, url: str, body: dict) -> Any:
    return c.post(url, body, content_type="application/json")


def test_list_detail_create_update_with_masking(api: Client, tree: Any) -> None:
    m = make_member(tree.union_a, name="张三")
    items = api.get("/api/v1/members/", {"q": "zs"}).json()["items"]
    assert [i["id"] for i in items] == [m.pk] and items[0]["id_number"] != m.id_number
    assert items[0]["id_number"].endswith(m.id_number[-4:]) and "*" in items[0]["mobile"]
    body = {
        "organization": tree.union_a.pk,
        "name": "李四",
        "id_number": with_check_char("53010219800515001"),
    }
    created = post(api, "/api/v1/members/", body)
    assert created.status_code == 201, created.content
    # The birth date comes from the ID number; it is personal data, masked like the number.
    assert created.json()["gender"] == "M" and created.json()["birth_date"] == "****-**-**"
    pk = created.json()["id"]
    assert Member.objects.get(pk=pk).birth_date.isoformat() == "1980-05-15"
    assert MembershipEvent.objects.filter(member_id=pk, kind="join").count() == 1
    resp = api.patch(f"/api/v1/members/{pk}", {"job": "检修工"}, content_type="application/json")
    assert resp.status_code == 200 and Member.objects.get(pk=pk).job == "检修工"
    bad = post(api, "/api/v1/members/", {**body, "id_number": body["id_number"][:-1] + "0"})
    assert bad.status_code == 400 and "校验位" in bad.json()["errors"]["id_number"][0]
    elsewhere = make_member(tree.union_b)
    dup = post(api, "/api/v1/members/", {**body, "id_number": elsewhere.id_number})
    assert dup.status_code == 400 and dup.json()["detail"] == "该证件号码已有会员登记，请提交转会申请"


def test_reveal_is_recorded(api: Client, tree: Any) -> None:
    m = make_member(tree.union_a)
    resp = post(api, f"/api/v1/members/{m.pk}/reveal", {})
    assert resp.json() == {
        "id_number": m.id_number,
        "mobile": m.mobile,
        "birth_date": m.birth_date.isoformat() if m.birth_date else None,
    }
    assert AuditEvent.objects.get(action="members.reveal").user.username == "chair_api"


def test_events_and_changes(api: Client, tree: Any) -> None:
    m = make_member(tree.union_a)
    resp = post(
        api, f"/api/v1/members/{m.pk}/events", {"kind": "retain", "on": "2025-01-01", "reason": "retirement"}
    )
    assert resp.status_code == 201 and resp.json()["status"] == "retained"
    bad = post(
        api, f"/api/v1/members/{m.pk}/events", {"kind": "leave", "on": "2024-01-01", "reason": "voluntary"}
    )
    assert bad.status_code == 400 and "on" in bad.json()["errors"]
    out = post(
        api, f"/api/v1/members/{m.pk}/events", {"kind": "transfer_out", "on": "2025-02-01", "to_code": "UC"}
    )
    assert out.status_code == 201
    assert [e["kind"] for e in api.get(f"/api/v1/members/{m.pk}/events").json()] == [
        "join",
        "retain",
        "transfer_out",
    ]
    incoming = api.get(
        "/api/v1/members/transfers"
    ).json()  # UC is in nobody's grant here but the chair's? no: city's
    assert incoming == []


def test_statistics_endpoint(api: Client, tree: Any) -> None:
    make_member(tree.union_a)
    s = api.get("/api/v1/members/statistics", {"org": tree.union_a.pk, "as_of": "2026-01-01"}).json()
    assert s["members"] == 1 and s["organization_id"] == tree.union_a.pk and s["enrollment_rate"] is None


def test_import_dry_run_then_commit(api: Client, tree: Any, roster: Callable[..., str]) -> None:
    path = roster(4)

    def send(dry: bool) -> Any:
        with open(path, "rb") as f:
            return api.post(
                "/api/v1/members/import", {"org": tree.union_a.pk, "file": f, "dry_run": str(dry).lower()}
            )

    dry = send(True).json()
    assert dry["ok"] and not dry["written"] and dry["created"] == 4 and Member.objects.count() == 0
    done = send(False).json()
    assert done["written"] and Member.objects.count() == 4
    assert send(False).json()["unchanged"] == 4
    junk = io.BytesIO(b"\x00\x01junk")
    junk.name = "a.xlsx"
    resp = api.post(
        "/api/v1/members/import", {"org": tree.union_a.pk, "file": junk, "dry_run": "false"}
    ).json()
    assert not resp["ok"] and not resp["written"] and resp["problems"][0]["message"]
    txt = io.BytesIO(b"hello")
    txt.name = "a.txt"
    assert api.post("/api/v1/members/import", {"org": tree.union_a.pk, "file": txt}).status_code == 400


def test_every_error_in_one_answer_and_warnings_before_the_save(api: Client, tree: Any) -> None:
    body = {
        "organization": tree.union_a.pk,
        "name": "赵六",
        "id_type": "resident",
        "employment_type": "contract",
    }
    bad = post(
        api,
        "/api/v1/members/",
        {
            **body,
            "mobile": "12345",
            "id_number": with_check_char("53010219800515001")[:-1] + "0",
            "join_date": "2030-01-01",
        },
    )
    assert bad.status_code == 400 and {"mobile", "id_number", "join_date"} <= set(bad.json()["errors"])
    born = timezone.localdate().replace(month=1, day=1) - dt.timedelta(days=5 * 366)
    child = {**body, "id_number": with_check_char(f"530102{born:%Y%m%d}001")}
    warned = post(api, "/api/v1/members/", child)
    assert warned.status_code == 409 and "join_date" in warned.json()["warnings"]
    assert not Member.objects.filter(name="赵六").exists()
    assert post(api, "/api/v1/members/?confirm=true", child).status_code == 201
