"""Query parameters out of their bounds: a page with a Chinese message or a 400, never a 500.

Issue 13, finding 9 (each value below answered 500) and the page-size part of finding 14
(``?limit=1000000000`` returned a whole roster). The bounds are declared once in
``core/bounds.py``; ``test_bounds_hypothesis.py`` feeds boundary values to every parameter.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.api import api
from gonghui.core.bounds import PAGE_SIZE_MAX
from gonghui.core.tests.record_factories import make_record

HUGE = str(2**64)


@pytest.fixture
def chair(tree: Any, make_user: Any, login: Any) -> Client:
    return login(make_user(Role.CHAIR, tree.union_a))


@pytest.fixture
def api_client(tree: Any, make_user: Any) -> Client:
    _token, raw = token_create(user=make_user(Role.CHAIR, tree.union_a), name="bounds")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _refused(resp: Any, param: str) -> dict[str, Any]:
    """A 400 in the project's error format, naming the parameter, in Chinese."""
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert param in body["errors"] and _chinese(body["detail"]), body
    return body


# ---- pages -----------------------------------------------------------------------
def test_member_list_with_a_join_year_out_of_range_is_shown_unfiltered(chair: Client, tree: Any) -> None:
    member = make_record("members", tree.union_a)
    resp = chair.get(reverse("records:list", kwargs={"rt": "members"}), {"join_year": "99999"})
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "1900" in page and "2100" in page  # the form says which years it takes
    assert f"/members/{member.pk}/" in page  # and the list is not filtered by that value


def test_a_valid_filter_still_applies_beside_an_invalid_one(chair: Client, tree: Any) -> None:
    member = make_record("members", tree.union_a)
    other = "F" if member.gender == "M" else "M"
    url = reverse("records:list", kwargs={"rt": "members"})
    page = chair.get(url, {"join_year": "99999", "gender": other}).content.decode()
    assert f"/members/{member.pk}/" not in page
    page = chair.get(url, {"join_year": "99999", "gender": member.gender}).content.decode()
    assert f"/members/{member.pk}/" in page


def test_child_list_with_a_parent_id_beyond_64_bits(chair: Client, tree: Any) -> None:
    seat = make_record("committee-seats", tree.union_a)
    resp = chair.get(reverse("records:list", kwargs={"rt": "committee-seats"}), {"committee": HUGE})
    assert resp.status_code == 200
    assert "没有这个编号的记录" in resp.content.decode()
    assert f"/committee-seats/{seat.pk}/" in resp.content.decode()


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_statistics_pages_with_a_date_out_of_range(chair: Client, tree: Any, as_of: str) -> None:
    make_record("members", tree.union_a)
    for url in (
        reverse("members:statistics"),
        reverse("records:detail", kwargs={"rt": "orgs", "pk": tree.union_a.pk}),
    ):
        resp = chair.get(url, {"as_of": as_of})
        assert resp.status_code == 200, url
        assert "1900-01-01" in resp.content.decode()  # the message names the range


def test_searches_with_a_nul_character(tree: Any, make_user: Any, login: Any) -> None:
    """PostgreSQL refuses NUL in text (a 500 there before): searches drop it."""
    user = make_user(Role.FEDERATION_ADMIN, tree.city)
    client = login(user)
    for url in (
        reverse("records:list", kwargs={"rt": "members"}),
        reverse("orgs:switch"),
        reverse("accounts:grants"),
    ):
        assert client.get(url, {"q": "甲\x00"}).status_code == 200, url


# ---- API -------------------------------------------------------------------------
@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_statistics_api_refuses_a_date_out_of_range(api_client: Client, tree: Any, as_of: str) -> None:
    resp = api_client.get("/api/v1/members/statistics", {"org": tree.union_a.pk, "as_of": as_of})
    _refused(resp, "as_of")


@pytest.mark.parametrize("year", ["99999", "-5", "0"])
def test_aid_totals_refuse_a_year_out_of_range(api_client: Client, year: str) -> None:
    body = _refused(api_client.get("/api/v1/aid-cases/totals", {"year": year}), "year")
    assert "1900" in body["detail"] or "2100" in body["detail"]


@pytest.mark.parametrize("wage", ["1e400", "inf", "nan", "1234567890123.45"])
def test_dues_calculator_refuses_a_wage_no_column_holds(api_client: Client, wage: str) -> None:
    _refused(api_client.get("/api/v1/dues-records/calculate", {"wage": wage}), "wage")


def test_dues_calculator_still_answers_a_wage(api_client: Client, tree: Any) -> None:
    resp = api_client.get("/api/v1/dues-records/calculate", {"wage": "5000.00", "org": tree.union_a.pk})
    assert resp.status_code == 200, resp.content


def test_offset_beyond_64_bits_is_refused(api_client: Client) -> None:
    _refused(api_client.get("/api/v1/members/", {"offset": HUGE}), "offset")


def test_page_size_is_capped(api_client: Client, tree: Any) -> None:
    make_record("members", tree.union_a)
    _refused(api_client.get("/api/v1/members/", {"limit": "1000000000"}), "limit")
    resp = api_client.get("/api/v1/members/", {"limit": PAGE_SIZE_MAX})
    assert resp.status_code == 200 and resp.json()["count"] == 1


def test_api_search_with_a_nul_character_is_refused(api_client: Client) -> None:
    _refused(api_client.get("/api/v1/members/", {"q": "1\x00"}), "q")


def test_org_beyond_64_bits_is_refused(api_client: Client) -> None:
    _refused(api_client.get("/api/v1/members/", {"org": HUGE}), "org")


def test_every_api_number_parameter_declares_its_bounds() -> None:
    """A new list or parameter uses the bounded types of core/bounds.py, or fails here."""
    unbounded = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                if p["in"] != "query":
                    continue
                schemas = p["schema"].get("anyOf", [p["schema"]])
                for s in schemas:
                    if s.get("type") == "integer" and "maximum" not in s and p["name"] != "max_depth":
                        unbounded.append((method, path, p["name"]))
                    if p["name"] == "limit" and s.get("maximum", 0) > PAGE_SIZE_MAX:
                        unbounded.append((method, path, "limit > 500"))
    assert not unbounded, f"query parameters without bounds: {unbounded}"
