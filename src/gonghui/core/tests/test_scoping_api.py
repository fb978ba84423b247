"""Every API operation is scoped: a token of one tree gets nothing of another.

``test_every_operation_has_a_scoping_case`` reads the OpenAPI document: a new
operation without a case fails the suite. An app's own operations are covered by
its ``tests/test_scoping.py``, which lists them in ``API_CASES`` as (path, method).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gonghui.accounts.roles import ROLE_PERMS, Role
from gonghui.accounts.services import token_create
from gonghui.api import api
from gonghui.core.discovery import app_modules
from gonghui.core.records import registry
from gonghui.core.tests.record_factories import (
    api_json,
    create_cases,
    create_places,
    creator,
    make_record,
    record_values,
)

GENERIC = {
    ("/api/v1/{slug}/", "get"),
    ("/api/v1/{slug}/", "post"),
    ("/api/v1/{slug}/{pk}", "get"),
    ("/api/v1/{slug}/{pk}", "patch"),
    ("/api/v1/{slug}/{pk}", "delete"),
}
SPECIFIC = {
    ("/api/v1/me", "get"),
    ("/api/v1/orgs/tree", "get"),
    ("/api/v1/orgs/{pk}/move", "post"),
    ("/api/v1/orgs/{pk}/dissolve", "post"),
}
SPECIFIC |= {case for m in app_modules("tests.test_scoping") for case in getattr(m, "API_CASES", ())}


def test_every_operation_has_a_scoping_case() -> None:
    schema = api.get_openapi_schema()
    covered = {(p.replace("{slug}", rt.slug), m) for rt in registry for p, m in GENERIC} | SPECIFIC
    found = {(path, method) for path, ops in schema["paths"].items() for method in ops}
    assert found - covered == set(), f"API operations without a scoping test: {sorted(found - covered)}"


@pytest.fixture(params=["chair", "federation_admin"])
def api_client(request: Any, tree: Any, make_user: Any) -> Client:
    user = (
        make_user(Role.CHAIR, tree.union_a)
        if request.param == "chair"
        else make_user(Role.FEDERATION_ADMIN, tree.city)
    )
    _token, raw = token_create(user=user, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.perms = ROLE_PERMS[request.param]  # types the role may not read: only the hiding is checked
    return client


@pytest.mark.parametrize("slug", [rt.slug for rt in registry])
def test_generic_endpoints_refuse_other_tree(api_client: Client, tree: Any, slug: str) -> None:
    rt = registry.get(slug)
    theirs = make_record(slug, tree.union_b)
    ours = make_record(slug, tree.union_a)
    base = f"/api/v1/{slug}/"
    listing = api_client.get(base, {"limit": 500}).json()
    ids = {item["id"] for item in listing["items"]}
    readable = rt.view_perm in api_client.perms
    assert theirs.pk not in ids and (ours.pk in ids) == readable
    assert api_client.get(base, {"org": tree.union_b.pk}).status_code == 404
    assert api_client.get(f"{base}{theirs.pk}").status_code == 404
    assert api_client.get(f"{base}{ours.pk}").status_code == (200 if readable else 404)
    assert api_client.patch(f"{base}{theirs.pk}", {}, content_type="application/json").status_code == 404
    assert api_client.delete(f"{base}{theirs.pk}").status_code == 404
    assert rt.model.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(("slug", "where"), create_cases())
def test_generic_create_refuses_other_unions(tree: Any, make_user: Any, slug: str, where: str) -> None:
    """Complete, valid data for another union: 404 for a union outside the caller's scope (the
    other tree, a sibling without a grant), 403 for one it may only read; nothing is written.
    The same data for the caller's own union is created (the control)."""
    rt = registry.get(slug)
    home, refused = create_places(slug, where, tree)
    _token, raw = token_create(user=creator(slug, where, tree, make_user), name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    owner = rt.owner_api_name
    body = api_json(slug, record_values(slug, home))
    base = f"/api/v1/{slug}/"
    before = rt.model.objects.count()
    for label, org in refused.items():
        resp = client.post(base, {**body, owner: org.pk}, content_type="application/json")
        expected = 403 if where == "reader" and org == tree.union_c else 404
        assert resp.status_code == expected, (label, resp.status_code, resp.content)
        assert rt.model.objects.count() == before, label
    resp = client.post(base, {**body, owner: home.pk}, content_type="application/json")
    assert resp.status_code == 201, resp.content
    assert rt.model.objects.count() == before + 1
    assert resp.json()["organization_id"] in (home.pk, None)


def test_specific_endpoints_refuse_other_tree(api_client: Client, tree: Any) -> None:
    me = api_client.get("/api/v1/me").json()
    assert {g["organization_id"] for g in me["grants"]} <= {tree.union_a.pk, tree.city.pk}
    nodes = api_client.get("/api/v1/orgs/tree", {"max_depth": 10}).json()
    names = {n["name"] for n in nodes}
    assert "甲一小组" in names and not names & {"乙乡工会", "乙县总工会", "乙一小组"}
    assert api_client.get("/api/v1/orgs/tree", {"root": tree.county.pk}).status_code == 404
    move = api_client.post(
        f"/api/v1/orgs/{tree.union_b.pk}/move", {"new_parent": tree.city.pk}, content_type="application/json"
    )
    assert move.status_code == 404
    dissolve = api_client.post(
        f"/api/v1/orgs/{tree.union_b.pk}/dissolve", {"on": "2025-06-01"}, content_type="application/json"
    )
    assert dissolve.status_code == 404
    tree.refresh()
    assert tree.union_b.is_active and tree.union_b.path.startswith(tree.county.path)


def test_anonymous_gets_nothing(client: Client, tree: Any) -> None:
    assert client.get("/api/v1/orgs/").status_code == 401
    assert client.get(f"/api/v1/orgs/{tree.union_a.pk}").status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer gh_not-a-token")
    assert bad.get("/api/v1/orgs/").status_code == 401
