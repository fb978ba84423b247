"""Organization endpoints: list, tree, detail, create, update, move, dissolve, with the page rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.orgs.models import Organization


@pytest.fixture
def admin_api(tree: Any, make_user: Any) -> Client:
    _t, raw = token_create(user=make_user(Role.FEDERATION_ADMIN, tree.city), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(c: Client, url: str, body: dict) -> Any:
    return c.post(url, body, content_type="application/json")


def test_create_read_update(admin_api: Client, tree: Any) -> None:
    resp = post(
        admin_api,
        "/api/v1/orgs/",
        {
            "parent": tree.city.pk,
            "code": "NEW-U",
            "name": "新厂工会",
            "org_type": "grassroots",
            "unit_kind": "enterprise",
        },
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["organization_id"] is None and body["code"] == "NEW-U"
    org = Organization.objects.get(code="NEW-U")
    assert org.path.startswith(tree.city.path)
    resp = admin_api.patch(f"/api/v1/orgs/{org.pk}", {"short_name": "新厂"}, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["short_name"] == "新厂"
    assert Organization.objects.get(pk=org.pk).name == "新厂工会"  # untouched fields stay
    assert admin_api.get(f"/api/v1/orgs/{org.pk}").json()["short_name"] == "新厂"


def test_bad_input_is_a_400_naming_the_field(admin_api: Client, tree: Any) -> None:
    before = Organization.objects.count()
    resp = post(
        admin_api,
        "/api/v1/orgs/",
        {"parent": tree.union_a.pk, "code": "X1", "name": "x", "org_type": "federation"},
    )
    assert resp.status_code == 400 and "org_type" in resp.json()["errors"]
    resp = post(
        admin_api,
        "/api/v1/orgs/",
        {"parent": tree.city.pk, "code": "UA", "name": "x", "org_type": "grassroots", "contact_phone": "1"},
    )
    assert resp.status_code == 400 and "contact_phone" in resp.json()["errors"]
    resp = post(
        admin_api,
        "/api/v1/orgs/",
        {"parent": tree.city.pk, "code": "UA", "name": "x", "org_type": "grassroots"},
    )
    assert resp.status_code == 400 and "code" in resp.json()["errors"]
    assert Organization.objects.count() == before


def test_tree_move_dissolve(admin_api: Client, tree: Any) -> None:
    nodes = admin_api.get("/api/v1/orgs/tree").json()
    city = next(n for n in nodes if n["id"] == tree.city.pk)
    assert city["units"] == 2 and city["groups"] == 2 and city["parent_id"] is None
    ua = next(n for n in nodes if n["id"] == tree.union_a.pk)
    assert ua["parent_id"] == tree.city.pk and ua["groups"] == 2
    resp = post(admin_api, f"/api/v1/orgs/{tree.union_a.pk}/move", {"new_parent": tree.group_a1.pk})
    assert resp.status_code == 400
    resp = post(admin_api, f"/api/v1/orgs/{tree.group_a1.pk}/move", {"new_parent": tree.union_c.pk})
    assert resp.status_code == 200 and resp.json()["parent_id"] == tree.union_c.pk
    resp = post(admin_api, f"/api/v1/orgs/{tree.union_c.pk}/dissolve", {"on": "2025-12-31", "reason": "关闭"})
    assert resp.status_code == 200 and resp.json()["status"] == "dissolved"
    assert Organization.objects.get(pk=tree.group_a1.pk).status == "dissolved"


def test_chair_cannot_create_above_or_move_own_union(tree: Any, make_user: Any) -> None:
    _t, raw = token_create(user=make_user(Role.CHAIR, tree.union_a), name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    # Above the chair's union is outside the scope: not found, as if it did not exist.
    assert (
        post(
            c, "/api/v1/orgs/", {"parent": tree.city.pk, "code": "Z", "name": "z", "org_type": "grassroots"}
        ).status_code
        == 404
    )
    assert post(c, f"/api/v1/orgs/{tree.union_a.pk}/move", {"new_parent": tree.union_a.pk}).status_code == 403
    assert c.delete(f"/api/v1/orgs/{tree.union_a.pk}").status_code == 403
    resp = post(
        c,
        "/api/v1/orgs/",
        {"parent": tree.union_a.pk, "code": "UA-G9", "name": "甲九小组", "org_type": "group"},
    )
    assert resp.status_code == 201


def test_openapi_and_docs_are_served(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/orgs/tree" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200
