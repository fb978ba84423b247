"""Facts that decide coverage (type, unit kind, code, parent) change only through a grant above the
organization; its own chair still edits the rest (issue 13, finding 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Organization, OrgType, UnitKind
from gonghui.orgs.services import org_move, org_update

LOCKED_MSG = "只有"


def _access(user: Any) -> Access:
    return Access(user, load_grants(user))


def _api(user: Any) -> Client:
    _t, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _edit_url(org: Organization) -> str:
    return reverse("records:update", kwargs={"rt": "orgs", "pk": org.pk})


def test_a_chair_cannot_patch_its_own_unions_type(tree: Any, make_user: Any) -> None:
    """Finding 7 as reproduced: PATCH /api/v1/orgs/<own pk> with org_type=federation."""
    api = _api(make_user(Role.CHAIR, tree.union_a))
    url = f"/api/v1/orgs/{tree.union_a.pk}"
    resp = api.patch(url, {"org_type": OrgType.FEDERATION}, content_type="application/json")
    assert resp.status_code == 400
    body = resp.json()
    assert "org_type" in body["errors"] and LOCKED_MSG in body["detail"]
    facts = {"code": "UA-NEW", "unit_kind": UnitKind.AGENCY, "name": "甲局工会（新）"}
    resp = api.patch(url, facts, content_type="application/json")
    assert resp.status_code == 400 and {"code", "unit_kind"} <= set(resp.json()["errors"])
    org = Organization.objects.get(pk=tree.union_a.pk)
    assert (org.org_type, org.code, org.unit_kind, org.name) == (OrgType.GRASSROOTS, "UA", "", "甲局工会")
    # The rest of its facts are the chair's to keep.
    resp = api.patch(url, {"name": "甲局工会（新）", "address": "人民路1号"}, content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert Organization.objects.get(pk=tree.union_a.pk).name == "甲局工会（新）"


def test_the_federation_above_changes_them(tree: Any, make_user: Any) -> None:
    api = _api(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = api.patch(
        f"/api/v1/orgs/{tree.union_a.pk}",
        {"unit_kind": UnitKind.AGENCY, "code": "UA-2"},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    org = Organization.objects.get(pk=tree.union_a.pk)
    assert (org.unit_kind, org.code) == (UnitKind.AGENCY, "UA-2")
    # Its own node is not below it: the city's code is for the level above (here the superuser).
    resp = api.patch(f"/api/v1/orgs/{tree.city.pk}", {"code": "CITY-2"}, content_type="application/json")
    assert resp.status_code == 400 and Organization.objects.get(pk=tree.city.pk).code == "CITY"


def test_the_service_refuses_every_caller_alike(tree: Any, make_user: Any) -> None:
    chair = _access(make_user(Role.CHAIR, tree.union_a))
    with pytest.raises(DomainError) as refused:
        org_update(
            access=chair, org=tree.union_a, data={"org_type": OrgType.JOINT, "unit_kind": UnitKind.OTHER}
        )
    assert set(refused.value.message_dict) == {"org_type", "unit_kind"}
    with pytest.raises(PermissionDenied):
        org_move(access=chair, org=tree.union_a, new_parent=tree.union_c)
    assert Organization.objects.get(pk=tree.union_a.pk).org_type == OrgType.GRASSROOTS
    # A chair of the union above a group is above the group: it keeps its groups' facts.
    org_update(access=chair, org=tree.group_a1, data={"code": "UA-G1X"})
    assert Organization.objects.get(pk=tree.group_a1.pk).code == "UA-G1X"


def test_the_edit_page_shows_them_read_only_to_the_chair(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    form = c.get(_edit_url(tree.union_a)).context["form"]
    assert all(form.fields[f].disabled for f in ("org_type", "unit_kind", "code"))
    assert not form.fields["name"].disabled
    resp = c.post(
        _edit_url(tree.union_a),
        {"code": "HIJACK", "name": "甲局工会（新）", "org_type": OrgType.FEDERATION, "unit_kind": "agency"},
    )
    assert resp.status_code == 302
    org = Organization.objects.get(pk=tree.union_a.pk)
    assert org.name == "甲局工会（新）"
    assert (org.org_type, org.code, org.unit_kind) == (OrgType.GRASSROOTS, "UA", "")


def test_the_edit_page_lets_the_federation_above_change_them(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    assert not c.get(_edit_url(tree.union_a)).context["form"].fields["org_type"].disabled
    resp = c.post(_edit_url(tree.union_a), {"code": "UA", "name": "甲局工会", "org_type": OrgType.JOINT})
    assert resp.status_code == 302
    assert Organization.objects.get(pk=tree.union_a.pk).org_type == OrgType.JOINT
