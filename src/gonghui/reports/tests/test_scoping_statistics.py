"""Scoping cases of the reports' statistics pages and endpoints (collected by tests/test_scoping.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.models import AuditEvent
from gonghui.democracy.tests.factories import make_congress

URL_CASES: list[str] = ["reports:statistics", "reports:statistics-download"]
API_CASES: list[tuple[str, str]] = [("/api/v1/reports/statistics", "get")]


def _user(request: Any, tree: Any, make_user: Any) -> Any:
    if request.param == "chair":
        return make_user(Role.CHAIR, tree.union_a)
    return make_user(Role.FEDERATION_ADMIN, tree.city)


@pytest.fixture(params=["chair", "federation_admin"])
def outsider(request: Any, tree: Any, make_user: Any, login: Any) -> Client:
    return login(_user(request, tree, make_user))


@pytest.fixture(params=["chair", "federation_admin"])
def api(request: Any, tree: Any, make_user: Any) -> Client:
    _t, raw = token_create(user=_user(request, tree, make_user), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.django_db
@pytest.mark.parametrize("name", URL_CASES)
def test_pages_refuse_the_other_tree(outsider: Client, tree: Any, name: str) -> None:
    for org in (tree.county, tree.union_b):
        resp = outsider.get(reverse(name), {"org": org.pk, "year": 2025}, secure=True)
        assert resp.status_code == 404
    assert AuditEvent.objects.filter(action="scope.denied").exists()


@pytest.mark.django_db
def test_the_endpoint_refuses_the_other_tree(api: Client, tree: Any) -> None:
    for org in (tree.county, tree.union_b):
        resp = api.get("/api/v1/reports/statistics", {"org": org.pk, "year": 2025}, secure=True)
        assert resp.status_code == 404


@pytest.mark.django_db
def test_the_other_trees_unions_are_never_counted(api: Client, tree: Any) -> None:
    make_congress(tree.union_b)
    make_congress(tree.union_b)
    own = api.get("/api/v1/reports/statistics", {"org": tree.union_a.pk, "year": 2025}, secure=True)
    assert own.status_code == 200
    body = own.content.decode()
    assert "乙" not in body
    sessions = next(t for t in own.json()["tables"] if "民主管理" in t["title"])["rows"][0]
    assert sessions["values"][0] == 0
