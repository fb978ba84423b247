"""A large federation's home page and dashboard keep their figures a few minutes, say how old
they are, count again on asking, and never hide the viewer's own writes (core.rollups)."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core import rollups
from gonghui.members.tests.factories import make_member
from gonghui.orgs.models import EmployerYear


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def large(settings: Any) -> None:
    """The city's four organizations below it make it a large federation."""
    settings.ROLLUP_MIN_ORGS = 4


def members(resp: Any) -> str:
    return {f["name"]: f["value"] for f in resp.context["figures"]}["member_count"]


def join(org: Any, n: int) -> None:
    for _ in range(n):
        make_member(org, join_date=dt.date(2025, 2, 1))


@pytest.fixture(autouse=True)
def _year_2025(tree: Any) -> None:
    """Employer facts of 2025 make it the pages' year."""
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=50)


def another_admin(make_user: Any, tree: Any) -> Client:
    other = Client()
    user = make_user(Role.FEDERATION_ADMIN, tree.city)
    other.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return other


def test_a_large_federations_home_keeps_its_figures_until_asked_to_count_again(
    tree: Any, make_user: Any, login: Any, large: None
) -> None:
    join(tree.union_a, 2)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    first = c.get("/")
    assert members(first) == "2"
    assert "统计截至" in first.content.decode() and first.context["rollup_as_of"] is not None
    join(tree.union_c, 1)  # another officer's write
    kept = c.get("/")
    assert members(kept) == "2" and kept.context["rollup_as_of"] == first.context["rollup_as_of"]
    fresh = c.get(kept.context["rollup_fresh_url"])
    assert members(fresh) == "3"
    assert members(c.get("/")) == "3"  # what was counted again is kept in its turn


def test_the_viewers_own_write_is_counted_at_once(tree: Any, make_user: Any, login: Any, large: None) -> None:
    join(tree.union_a, 2)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    assert members(c.get("/")) == "2"
    resp = c.post("/orgs/switch/", {"org": tree.city.pk})  # any write the viewer sends
    assert float(resp.cookies[rollups.WROTE_COOKIE].value) <= time.time()
    join(tree.union_c, 1)
    assert members(c.get("/")) == "3"
    # The mark is the viewer's: someone else's write is not.
    assert members(another_admin(make_user, tree).get("/")) == "3"
    join(tree.union_c, 1)
    assert members(c.get("/")) == "3"


def test_each_viewer_and_each_grant_has_its_own_figures(
    tree: Any, make_user: Any, login: Any, large: None
) -> None:
    join(tree.union_a, 2)
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    c = login(admin)
    assert members(c.get("/")) == "2"
    join(tree.union_c, 1)
    assert members(another_admin(make_user, tree).get("/")) == "3"  # not the first viewer's entry
    RoleGrant.objects.create(user=admin, organization=tree.county, role=Role.VIEWER)
    assert members(c.get("/")) == "3"  # a changed grant: a new entry


def test_a_small_federation_is_counted_live(tree: Any, make_user: Any, login: Any) -> None:
    join(tree.union_a, 2)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    first = c.get("/")
    assert "rollup_as_of" not in first.context and "统计截至" not in first.content.decode()
    join(tree.union_c, 1)
    assert members(c.get("/")) == "3"


def test_a_large_federations_dashboard_and_its_exports_show_the_kept_charts(
    tree: Any, make_user: Any, login: Any, large: None
) -> None:
    join(tree.union_a, 2)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    url = f"/reports/dashboards/?org={tree.city.pk}&year=2025"
    first = c.get(url)
    assert first.status_code == 200 and first.context["rollup_as_of"] is not None
    coverage = next(ch for ch in first.context["charts"] if ch.id == "units")
    join(tree.union_c, 1)
    kept = c.get(url)
    assert next(ch for ch in kept.context["charts"] if ch.id == "units").rows == coverage.rows
    export = c.get(
        reverse("reports:dashboard-export", kwargs={"chart": "units"}), {"org": tree.city.pk, "year": 2025}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    # Its table is the kept one: 丙厂工会's new member is not in it yet.
    assert [r[:2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        tuple(r[:2]) for r in coverage.rows
    ]
    fresh = c.get(url + "&fresh=1")
    assert next(ch for ch in fresh.context["charts"] if ch.id == "units").rows != coverage.rows


def test_an_api_clients_writes_set_no_cookie(tree: Any, make_user: Any, client: Client) -> None:
    _token, raw = token_create(user=make_user(Role.FEDERATION_ADMIN, tree.city), name="sync")
    resp = client.post(
        "/api/v1/members", data={}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert resp.status_code < 500 and rollups.WROTE_COOKIE not in resp.cookies


def test_a_garbled_write_cookie_is_no_write(tree: Any, make_user: Any, login: Any, large: None) -> None:
    join(tree.union_a, 2)
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    assert members(c.get("/")) == "2"
    join(tree.union_c, 1)
    c.cookies[rollups.WROTE_COOKIE] = "not a time"
    resp = c.get("/")
    assert resp.status_code == 200 and members(resp) == "2"
