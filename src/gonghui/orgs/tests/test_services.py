"""The tree's rules: placement by type, no cycles, unique codes, move, dissolve, delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.models import RoleGrant
from gonghui.conftest import make_org
from gonghui.orgs.models import Organization, OrgType
from gonghui.orgs.services import org_create, org_delete, org_dissolve, org_move, org_reactivate, org_update


@pytest.fixture
def root(make_user: Any) -> Access:
    """The superuser's access: above every node."""
    return Access(make_user(username="root", is_superuser=True), [])


def test_subtree_is_a_path_range(tree: Any) -> None:
    from gonghui.core.scoping import subtree_q

    names = set(Organization.objects.filter(subtree_q(tree.union_a.path)).values_list("name", flat=True))
    assert names == {"甲局工会", "甲一小组", "甲二小组"}


@pytest.mark.parametrize(
    ("parent_attr", "org_type"),
    [
        ("group_a1", OrgType.GROUP),  # a union group holds nothing
        ("group_a1", OrgType.BRANCH),
        ("union_a", OrgType.FEDERATION),  # a federation cannot sit under a grassroots union
        ("union_a", OrgType.TOWNSHIP),
        ("city", OrgType.BRANCH),  # a branch union belongs to a union
        (None, OrgType.GRASSROOTS),  # only a federation can be a root
    ],
)
def test_placement_rules_refuse(tree: Any, parent_attr: str | None, org_type: str) -> None:
    parent = getattr(tree, parent_attr) if parent_attr else None
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as e:
        make_org(parent, "NEW-1", org_type)
    assert "org_type" in e.value.message_dict
    assert Organization.objects.count() == before


def test_codes_are_unique_case_insensitively(tree: Any) -> None:
    with pytest.raises(ValidationError) as e:
        make_org(tree.city, "ua")
    assert "code" in e.value.message_dict


def test_bad_phone_and_code_are_field_errors(tree: Any) -> None:
    with pytest.raises(ValidationError) as e:
        org_create(
            parent=tree.city,
            data={"code": "bad code!", "name": "x", "org_type": "grassroots", "contact_phone": "12345"},
        )
    assert {"code", "contact_phone"} <= set(e.value.message_dict)


def test_move_carries_the_subtree_and_refuses_cycles(tree: Any, root: Access) -> None:
    moved = org_move(access=root, org=tree.union_a, new_parent=tree.county)
    tree.refresh()
    assert moved.path.startswith(tree.county.path)
    assert tree.group_a1.path.startswith(moved.path) and tree.group_a1.depth == 3
    assert Organization.objects.get(pk=tree.county.pk).numchild == 2
    assert Organization.objects.get(pk=tree.city.pk).numchild == 1
    with pytest.raises(ValidationError):
        org_move(access=root, org=tree.county, new_parent=tree.union_a)  # under its own descendant
    with pytest.raises(ValidationError):
        org_move(access=root, org=tree.union_a, new_parent=tree.union_a)
    with pytest.raises(ValidationError):
        org_move(access=root, org=tree.union_b, new_parent=tree.group_a1)  # a group holds nothing
    tree.refresh()
    assert tree.county.depth == 1


def test_move_is_in_the_history(tree: Any, root: Access) -> None:
    org_move(access=root, org=tree.union_c, new_parent=tree.county)
    latest = Organization.objects.get(pk=tree.union_c.pk).history.first()
    assert latest.history_type == "~" and latest.path.startswith(tree.county.path)


def test_type_change_keeps_children_valid(tree: Any, root: Access) -> None:
    with pytest.raises(ValidationError):
        org_update(access=root, org=tree.union_a, data={"org_type": OrgType.GROUP})
    tree.refresh()
    assert tree.union_a.org_type == OrgType.GRASSROOTS


def test_dissolve_reaches_the_subtree_and_can_be_undone(tree: Any, root: Access) -> None:
    org_dissolve(access=root, org=tree.union_a, on=dt.date(2025, 6, 30), reason="单位关闭")
    tree.refresh()
    assert not tree.union_a.is_active and not tree.group_a1.is_active
    assert tree.group_a1.dissolved_on == dt.date(2025, 6, 30)
    with pytest.raises(ValidationError):
        make_org(tree.union_a, "UA-G3", OrgType.GROUP)  # a dissolved union receives nothing
    with pytest.raises(ValidationError):
        org_reactivate(access=root, org=tree.group_a1)  # parent first
    org_reactivate(access=root, org=tree.union_a)
    tree.refresh()
    assert tree.union_a.is_active


def test_dissolve_before_founding_is_refused(tree: Any, root: Access) -> None:
    org_update(access=root, org=tree.union_c, data={"founded_on": dt.date(2020, 1, 1)})
    with pytest.raises(ValidationError):
        org_dissolve(access=root, org=Organization.objects.get(pk=tree.union_c.pk), on=dt.date(2019, 1, 1))
    assert Organization.objects.get(pk=tree.union_c.pk).is_active


def test_dissolving_and_reactivating_need_a_grant_above(tree: Any, make_user: Any, root: Access) -> None:
    """The services check the right themselves (``access=``): a union's chair cannot dissolve it."""
    chair = make_user("chair", tree.union_a)
    own = Access(chair, load_grants(chair))
    with pytest.raises(PermissionDenied):
        org_dissolve(access=own, org=tree.union_a, on=dt.date(2025, 6, 30))
    assert Organization.objects.get(pk=tree.union_a.pk).is_active
    org_dissolve(access=root, org=tree.group_a1, on=dt.date(2025, 6, 30))
    with pytest.raises(PermissionDenied):
        org_reactivate(access=Access(make_user("chair", tree.union_b), []), org=tree.group_a1)
    org_reactivate(
        access=own, org=Organization.objects.get(pk=tree.group_a1.pk)
    )  # the chair is above the group
    assert Organization.objects.get(pk=tree.group_a1.pk).is_active


def test_delete_is_refused_while_anything_depends_on_it(tree: Any, make_user: Any) -> None:
    with pytest.raises(ValidationError, match="2"):
        org_delete(org=tree.union_a)  # it holds two groups
    make_user("chair", tree.union_c)
    with pytest.raises(ValidationError):
        org_delete(org=tree.union_c)  # a role grant refers to it
    assert Organization.objects.filter(pk=tree.union_c.pk).exists()
    RoleGrant.objects.filter(organization=tree.union_c).delete()
    org_delete(org=Organization.objects.get(pk=tree.union_c.pk))
    assert not Organization.objects.filter(pk=tree.union_c.pk).exists()
    assert Organization.objects.get(pk=tree.city.pk).numchild == 1
