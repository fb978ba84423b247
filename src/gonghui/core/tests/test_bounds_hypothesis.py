"""Boundary values in every query parameter of every list page and API read: never a 500.

The parameters are read from the machinery, so a new one is covered at once: a record
type's list filters (its filter set) with the list's own ``q``, ``o``, ``page``, ``org``
and parent key (the export reads the same ``FilteredRecords``; test_exports streams it);
the API's GET operations with their path and query parameters, from the OpenAPI document.
A few pages with their own parameters are listed in ``PAGE_PARAMS``. Each parameter in
turn gets a boundary value (the others keep a valid one). PostgreSQL refuses integers
beyond 64 bits where SQLite does not, so this runs on both.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.api import api
from gonghui.core.forms import filterset_class
from gonghui.core.records import registry
from gonghui.core.scope import unscoped
from gonghui.core.tests.record_factories import make_record

BOUNDARY = [
    "",
    "0",
    "1",
    "-1",
    "-5",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "9" * 40,
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "-inf",
    "1.5",
    "0",
    "1",
    "1899",
    "2101",
    "9999",
    "99999",
    "0001-01-01",
    "1899-12-31",
    "2100-12-31",
    "2101-01-01",
    "9999-12-31",
    "2025-02-30",
    "x" * 5000,
    "abc",
    "１２",  # full-width digits: int() reads them, a database does not
    "²",
    "١٢",
    "\x00",
    "1\x00",
    " 7 ",
    "true",
]
# Mostly the listed boundaries (few examples run), now and then any integer or text.
VALUES = st.integers(0, 9).flatmap(
    lambda i: st.sampled_from(BOUNDARY) if i else st.one_of(st.integers().map(str), st.text(max_size=30))
)
SETTINGS = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OK_API = {200, 400, 403, 404, 422}


def _page_params() -> list[tuple[str, dict[str, Any], list[str]]]:
    """(url name, reverse kwargs, parameters) of every list page."""
    out = []
    for rt in registry:
        names = ["q", "o", "page", "org"]
        if rt.parent_field:
            names.append(rt.parent_field)
        if rt.list_filters:
            with unscoped("the filters are collected outside any request"):
                names.extend(filterset_class(rt).base_filters)
        out.append(("records:list", {"rt": rt.slug}, names))
    return out


# Pages with their own parameters (the union's page: statistics' day, disclosures' year).
PAGE_PARAMS = [
    ("home", {}, ["year"]),
    ("members:statistics", {}, ["org", "as_of"]),
    ("members:import-template", {}, ["org"]),
    ("care:overview", {}, ["org", "year"]),
    ("finance:ledger", {}, ["org", "year"]),
    ("finance:dues-calculator", {}, ["org", "wage", "retained"]),
    ("orgs:switch", {}, ["q"]),
    ("accounts:grants", {}, ["q", "page"]),
    ("records:detail", {"rt": "orgs", "pk": "union_a"}, ["as_of", "disclosure_year"]),
]


def _api_operations() -> list[tuple[str, list[str], list[str]]]:
    """(path, path parameters, query parameters) of every GET operation."""
    out = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        if "get" not in ops:
            continue
        params = ops["get"].get("parameters", [])
        out.append(
            (
                path,
                [p["name"] for p in params if p["in"] == "path"],
                [p["name"] for p in params if p["in"] == "query"],
            )
        )
    return out


@pytest.fixture
def world(tree: Any, make_user: Any) -> Any:
    """Union A's chair (reads every record type), also the city's federation admin (grants)."""
    user = make_user(Role.CHAIR, tree.union_a)
    RoleGrant.objects.create(user=user, organization=tree.city, role=Role.FEDERATION_ADMIN)
    page = Client()
    page.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _token, raw = token_create(user=user, name="bounds")
    tree.page, tree.api = page, Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    # Valid values for the parameters not under test (a required year, the union's key).
    tree.valid = {"org": str(tree.union_a.pk), "year": "2025", "wage": "5000", "as_of": "2025-06-30"}
    return tree


def _check_page(client: Client, url: str, params: dict[str, str], **headers: str) -> None:
    resp = client.get(url, params, headers=headers)
    assert resp.status_code < 500, (url, params, resp.status_code)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "names"),
    _page_params() + PAGE_PARAMS,
    ids=lambda v: v if isinstance(v, str) else "-",
)
@SETTINGS
@given(data=st.data())
def test_page_parameters_take_any_value(
    world: Any, url_name: str, kwargs: dict[str, Any], names: list[str], data: Any
) -> None:
    made = f"made_{kwargs.get('rt')}"
    if url_name == "records:list" and not getattr(world, made, False):  # one row to show, made once
        make_record(kwargs["rt"], world.union_a)
        setattr(world, made, True)
    kw = {k: (getattr(world, v).pk if k == "pk" else v) for k, v in kwargs.items()}
    url = reverse(url_name, kwargs=kw)
    # A list's table alone (as htmx asks for it): the same filters, search, sort and page.
    headers = {"HX-Request": "true"} if url_name == "records:list" else {}
    for name in names:
        params = {k: v for k, v in world.valid.items() if k in names and k != name}
        params[name] = data.draw(VALUES, label=f"{url} ?{name}")
        _check_page(world.page, url, params, **headers)


@pytest.mark.parametrize(("path", "path_names", "names"), _api_operations(), ids=lambda v: str(v))
@SETTINGS
@given(data=st.data())
def test_api_parameters_take_any_value(
    world: Any, path: str, path_names: list[str], names: list[str], data: Any
) -> None:
    def url(values: dict[str, str]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)

    for name in [*path_names, *names]:
        params = {k: v for k, v in world.valid.items() if k in names and k != name}
        at = {}
        value = data.draw(VALUES, label=f"{path} {name}")
        if name in path_names:
            at[name] = value if value.isascii() and value.isdigit() else "1"  # the URL takes digits only
        else:
            params[name] = value
        resp = world.api.get(url(at), params)
        assert resp.status_code in OK_API, (path, name, value[:50], resp.status_code, resp.content[:300])
        if resp.status_code >= 400:
            assert resp.json().get("detail"), (path, name, resp.content[:300])
