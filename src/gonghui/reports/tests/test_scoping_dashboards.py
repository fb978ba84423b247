"""Scoping cases of the reports' dashboards pages and endpoints (collected by tests/test_scoping.py).

The dashboards' page, each chart's export and the API answer 404 for an organization of the
other tree (and write only the audit event of the attempt); a federation's charts never show
a union of another tree; a union's chair cannot open its federation's dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment
from gonghui.assessment.tests.conftest import (  # noqa: F401 (fixtures)
    access_of,
    make_campaign,
    standard,
    values,
)
from gonghui.core.models import AuditEvent
from gonghui.democracy.tests.factories import make_contract
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import EmployerYear
from gonghui.reports.dashboards import data

URL_CASES: list[str] = ["reports:dashboard", "reports:dashboard-export"]
API_CASES: list[tuple[str, str]] = [("/api/v1/reports/dashboards", "get")]

SECRETS = ("乙乡工会", "乙县总工会", "乙一小组")


@pytest.fixture
def both_trees(tree: Any, standard: Any, make_user: Any) -> Any:  # noqa: F811
    """Members, employer facts, contracts and a 2025 campaign in each tree."""
    for union in (tree.union_a, tree.union_b):
        make_member(union, join_date=dt.date(2025, 2, 1))
        make_member(
            union,
            join_date=dt.date(2025, 2, 1),
            union_group=tree.group_a1 if union == tree.union_a else tree.group_b1,
        )
        EmployerYear.objects.create(organization=union, year=2025, employer_name="单位", employees=3)
        make_contract(union)
    make_campaign(tree.city, standard, make_user(Role.FEDERATION_ADMIN, tree.city), year=2025)
    make_campaign(tree.county, standard, make_user(Role.FEDERATION_ADMIN, tree.county), year=2025)
    Assessment.objects.update(score=10, grade="达标")
    return tree


@pytest.fixture(params=["chair", "federation_admin"])
def outsider(request: Any, both_trees: Any, make_user: Any, login: Any) -> Client:
    org = both_trees.union_a if request.param == "chair" else both_trees.city
    role = Role.CHAIR if request.param == "chair" else Role.FEDERATION_ADMIN
    return login(make_user(role, org))


def _pages(org: Any) -> list[str]:
    export = reverse("reports:dashboard-export", kwargs={"chart": "members-months"})
    units = reverse("reports:dashboard-export", kwargs={"chart": "units"})
    page = reverse("reports:dashboard")
    return [
        f"{page}?org={org.pk}&year=2025",
        f"{export}?org={org.pk}&year=2025",
        f"{units}?org={org.pk}&year=2025",
    ]


@pytest.mark.parametrize("target", ["county", "union_b", "group_b1"])
def test_other_trees_dashboard_is_404(outsider: Client, both_trees: Any, target: str) -> None:
    org = getattr(both_trees, target)
    before = AuditEvent.objects.exclude(action="scope.denied").count()
    for url in _pages(org):
        resp = outsider.get(url)
        assert resp.status_code == 404, url
        assert not any(s in resp.content.decode() for s in SECRETS)
    assert AuditEvent.objects.exclude(action="scope.denied").count() == before  # no export logged
    assert AuditEvent.objects.filter(action="scope.denied").exists()


def test_own_dashboard_is_there(outsider: Client, both_trees: Any) -> None:
    resp = outsider.get(reverse("reports:dashboard"), {"org": both_trees.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    assert not any(s in resp.content.decode() for s in SECRETS)


def test_a_chair_cannot_open_the_federation_above(both_trees: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.CHAIR, both_trees.union_a))
    for url in _pages(both_trees.city):
        assert client.get(url).status_code == 404


def test_federation_charts_never_show_the_other_tree(both_trees: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.FEDERATION_ADMIN, both_trees.city))
    page = client.get(reverse("home"), {"year": 2025}).content.decode()
    assert "甲局工会" in page
    assert not any(s in page for s in SECRETS)
    charts = data.federation_dashboard(
        both_trees.city, 2025, access=access_of(make_user(Role.FEDERATION_ADMIN, both_trees.city))
    )
    cells = {str(v) for c in charts for row in c.rows for v in row}
    assert not any(s in cells for s in SECRETS)
    units = next(c for c in charts if c.id == "units")
    assert [r[0] for r in units.rows] == ["甲局工会", "丙厂工会"]
    assert units.rows[0][1] == 2  # union A's two members, never union B's


@pytest.mark.parametrize("role", ["chair", "federation_admin"])
def test_api_refuses_the_other_tree(both_trees: Any, make_user: Any, role: str) -> None:
    org = both_trees.union_a if role == "chair" else both_trees.city
    user = make_user(Role.CHAIR if role == "chair" else Role.FEDERATION_ADMIN, org)
    _token, raw = token_create(user=user, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for target in (both_trees.county, both_trees.union_b):
        resp = client.get("/api/v1/reports/dashboards", {"org": target.pk, "year": 2025})
        assert resp.status_code == 404
        assert not any(s in resp.content.decode() for s in SECRETS)
    own = client.get("/api/v1/reports/dashboards", {"org": org.pk, "year": 2025})
    assert own.status_code == 200
    assert not any(s in own.content.decode() for s in SECRETS)
