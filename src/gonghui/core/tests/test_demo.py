"""The demo: loads twice without duplicates, and each demo login sees what the issue promises."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from gonghui.accounts.models import RoleGrant, User
from gonghui.orgs.models import EmployerYear, Organization, OrgType


@pytest.fixture
def demo(db: Any) -> None:
    call_command("demo", "--quiet")


def _counts() -> tuple[int, int, int, int]:
    return (
        Organization.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
        EmployerYear.objects.count(),
    )


def _login(client: Any, username: str) -> None:
    resp = client.post("/accounts/login/", {"username": username, "password": "gonghui-demo-2025"})
    assert resp.status_code == 302, resp.content


def test_demo_loads_twice_without_duplicates(demo: None) -> None:
    first = _counts()
    call_command("demo", "--quiet")
    assert _counts() == first
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    assert Organization.objects.filter(path__startswith=bureau.path, org_type=OrgType.GROUP).count() == 49
    assert bureau.employer_years.get(year=2025).employees == 426
    changan = Organization.objects.get(code="DEMO-CHANGAN")
    new_2025 = Organization.objects.filter(
        path__startswith=changan.path, depth=changan.depth + 1, founded_on__year=2025
    )
    assert new_2025.count() == 7
    assert new_2025.filter(unit_kind="enterprise", org_type=OrgType.GRASSROOTS).count() == 2


def test_bureau_chair_sees_only_the_bureau_and_its_groups(demo: None, client: Any) -> None:
    _login(client, "bureau_chair")
    nodes = client.get("/api/v1/orgs/tree", {"max_depth": 10}).json()
    assert len(nodes) == 50  # the bureau and its 49 groups
    assert {n["name"] for n in nodes if n["org_type"] != "group"} == {"XX局工会"}
    page = client.get("/orgs/", {"q": "工会"}).content.decode()
    assert "XX市总工会" not in page and "威县总工会" not in page


def test_city_admin_sees_the_city_subtree_and_not_the_county(demo: None, client: Any) -> None:
    _login(client, "city_admin")
    names = {n["name"] for n in client.get("/api/v1/orgs/tree", {"max_depth": 10}).json()}
    assert {"XX市总工会", "XX局工会"} <= names
    assert not names & {"威县总工会", "长安乡工会"}
    county = Organization.objects.get(code="DEMO-COUNTY")
    assert client.get(f"/orgs/{county.pk}/").status_code == 404
