"""Scoping cases of the reports' summary pages and endpoints (collected by tests/test_scoping.py).

The other tree's user (the chair of union A, the city's federation admin) asks for union B's
summary, its versions and every change: 404 everywhere, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.reports.summary import compose
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.text import Block, Figure, Summary

URL_CASES: list[str] = [
    "reports:summary",
    "reports:summary-block",
    "reports:summary-refresh",
    "reports:summary-save",
    "reports:summary-discard",
    "reports:summary-version",
    "reports:summary-version-restore",
    "reports:summary-version-delete",
]
API_CASES: list[tuple[str, str]] = [
    ("/api/v1/reports/summary/generated", "get"),
    ("/api/v1/reports/summary/draft", "get"),
    ("/api/v1/reports/summary/versions", "get"),
    ("/api/v1/reports/summary/versions", "post"),
    ("/api/v1/reports/summary/versions/{pk}", "get"),
    ("/api/v1/reports/summary/versions/{pk}", "delete"),
]
YEAR = 2025


def _compose(org: Any, year: int, *, viewer: Any) -> Summary:
    return Summary(
        org.name,
        year,
        f"{org.name}{year}年度工作总结",
        dt.date(year + 1, 1, 15),
        [
            Block("basics", "h1", "基本情况"),
            Block("basics.members", "p", "会员9人。", [Figure("m", "会员", "9人")]),
        ],
    )


@pytest.fixture(autouse=True)
def _composer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose, "compose_summary", _compose)


def _theirs(tree: Any) -> dict[str, SummaryDraft]:
    blocks = [{"key": "secret", "kind": "p", "text": "乙乡的秘密总结。", "figures": [], "own": True}]
    return {
        "version": SummaryDraft.objects.create(
            organization=tree.union_b, year=YEAR, name="乙乡定稿", title="乙乡工会总结", blocks=blocks
        ),
        "working": SummaryDraft.objects.create(
            organization=tree.union_b, year=YEAR, name="", title="乙乡工会总结", blocks=blocks, working=True
        ),
    }


def _snapshot() -> list[tuple[Any, ...]]:
    return list(SummaryDraft.objects.order_by("pk").values_list("pk", "name", "working", "blocks", "title"))


@pytest.mark.parametrize(("role", "where"), [(Role.CHAIR, "union_a"), (Role.FEDERATION_ADMIN, "city")])
def test_pages_refuse_the_other_tree(tree: Any, make_user: Any, login: Any, role: str, where: str) -> None:
    theirs = _theirs(tree)
    client = login(make_user(role, getattr(tree, where)))
    before = _snapshot()
    q = f"?org={tree.union_b.pk}&year={YEAR}"
    assert client.get(reverse("reports:summary") + q).status_code == 404
    assert client.get(reverse("reports:summary") + q + "&edit=secret").status_code == 404
    for name, data in [
        ("reports:summary-block", {"action": "edit", "key": "secret", "text": "改"}),
        ("reports:summary-block", {"action": "add", "key": "_start", "kind": "p", "text": "加"}),
        ("reports:summary-block", {"action": "remove", "key": "secret"}),
        ("reports:summary-refresh", {}),
        ("reports:summary-save", {"name": "偷存", "title": "x"}),
        ("reports:summary-discard", {}),
    ]:
        assert client.post(reverse(name) + q, data).status_code == 404, name
    pk = theirs["version"].pk
    assert client.get(reverse("reports:summary-version", args=[pk])).status_code == 404
    assert client.get(reverse("reports:summary-version", args=[theirs["working"].pk])).status_code == 404
    for name in ("reports:summary-version-restore", "reports:summary-version-delete"):
        assert client.post(reverse(name, args=[pk])).status_code == 404, name
    assert _snapshot() == before
    # nothing of theirs on the user's own page either, with or without ?org=
    for params in ("", f"?org={tree.union_a.pk}&year={YEAR}"):
        text = client.get(reverse("reports:summary") + params).content.decode()
        assert "乙乡" not in text and "秘密" not in text
    # control: the same page and a change for the user's own union
    own = f"?org={tree.union_a.pk}&year={YEAR}"
    assert client.get(reverse("reports:summary") + own).status_code == 200
    resp = client.post(reverse("reports:summary-save") + own, {"name": "定稿", "title": "甲局工会总结"})
    assert resp.status_code == 302
    mine = SummaryDraft.objects.get(organization=tree.union_a)
    assert client.get(reverse("reports:summary-version", args=[mine.pk])).status_code == 200


@pytest.mark.parametrize(("role", "where"), [(Role.CHAIR, "union_a"), (Role.FEDERATION_ADMIN, "city")])
def test_api_refuses_the_other_tree(tree: Any, make_user: Any, role: str, where: str) -> None:
    theirs = _theirs(tree)
    _token, raw = token_create(user=make_user(role, getattr(tree, where)), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = _snapshot()
    base = "/api/v1/reports/summary"
    q = f"?org={tree.union_b.pk}&year={YEAR}"
    for path in ("/generated", "/draft", "/versions"):
        assert c.get(base + path + q).status_code == 404, path
    pk = theirs["version"].pk
    assert c.get(f"{base}/versions/{pk}").status_code == 404
    assert c.get(f"{base}/versions/{theirs['working'].pk}").status_code == 404
    assert c.delete(f"{base}/versions/{pk}").status_code == 404
    body = {"org": tree.union_b.pk, "year": YEAR, "name": "偷存", "title": "x"}
    assert c.post(f"{base}/versions", json.dumps(body), content_type="application/json").status_code == 404
    body["blocks"] = [{"kind": "p", "text": "写进别人的总结"}]
    assert c.post(f"{base}/versions", json.dumps(body), content_type="application/json").status_code == 404
    assert _snapshot() == before
    # control: the user's own union answers
    assert c.get(f"{base}/generated?org={tree.union_a.pk}&year={YEAR}").status_code == 200
    listed = c.get(f"{base}/versions?org={tree.union_a.pk}&year={YEAR}").json()
    assert listed["items"] == []


def test_anonymous_gets_nothing(client: Client, tree: Any) -> None:
    _theirs(tree)
    assert client.get(reverse("reports:summary")).status_code == 302
    assert client.get(f"/api/v1/reports/summary/generated?org={tree.union_b.pk}").status_code in (401, 403)
