"""A grant on a union group reaches the members pointing at the group, and only those.

Members belong to their union (``organization``) and only point at their group
(``union_group``): a group leader's pages, statistics and API read them through the one
scoping mechanism (``core.scope`` GROUPS, ``members.selectors.readable_members_q``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.scope import GROUPS, scope
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.tests.factories import make_member
from gonghui.orgs.selectors import key_figures


@pytest.fixture
def roster(tree: Any) -> dict[str, list[Member]]:
    return {
        "a1": [make_member(tree.union_a, union_group=tree.group_a1) for _ in range(3)],
        "a2": [make_member(tree.union_a, union_group=tree.group_a2) for _ in range(2)],
        "none": [make_member(tree.union_a)],
    }


@pytest.fixture
def leader(tree: Any, make_user: Any) -> Any:
    return make_user(Role.GROUP_LEADER, tree.group_a1, username="leader_a1")


def test_the_scope_admits_the_groups_members_only(tree: Any, roster: Any, leader: Any) -> None:
    access = get_access(leader)
    assert access.group_ids() == [tree.group_a1.pk]
    with scope(organization=access.visible_orgs(), **{GROUPS: access.group_ids()}):
        assert set(Member.objects.all()) == set(roster["a1"])
        assert {e.member for e in MembershipEvent.objects.all()} == set(roster["a1"])


def test_the_leader_lists_exactly_the_groups_members(roster: Any, leader: Any, login: Any) -> None:
    page = login(leader).get(reverse("records:list", kwargs={"rt": "members"})).content.decode()
    for m in roster["a1"]:
        assert m.name in page
    for m in roster["a2"] + roster["none"]:
        assert m.name not in page


def test_the_leader_reads_a_member_of_the_group_not_of_another(roster: Any, leader: Any, login: Any) -> None:
    c = login(leader)
    ours = roster["a1"][0]
    assert c.get(reverse("records:detail", kwargs={"rt": "members", "pk": ours.pk})).status_code == 200
    for other in (roster["a2"][0], roster["none"][0]):
        url = reverse("records:detail", kwargs={"rt": "members", "pk": other.pk})
        assert c.get(url).status_code == 404


def test_the_leaders_statistics_and_home_count_the_group(
    tree: Any, roster: Any, leader: Any, login: Any
) -> None:
    c = login(leader)
    page = c.get(reverse("members:statistics"), {"org": tree.group_a1.pk})
    assert page.status_code == 200
    assert page.context["panel"]["stats"]["members"] == 3
    token = token_create(user=leader, name="t")[1]
    api = c.get("/api/v1/members/statistics", {"org": tree.group_a1.pk}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.json()["members"] == 3
    home = c.get(reverse("home"))
    figures = {f["name"]: f["value"] for f in home.context["figures"]}
    assert figures["member_count"] == "3"


def test_a_groups_figures_roll_up_to_its_union(tree: Any, roster: Any) -> None:
    year = timezone.localdate().year
    assert {f["name"]: f["value"] for f in key_figures(tree.group_a2, year)}["member_count"] == "2"
    assert {f["name"]: f["value"] for f in key_figures(tree.union_a, year)}["member_count"] == "6"


def test_another_groups_leader_gets_404(tree: Any, roster: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.GROUP_LEADER, tree.group_a2, username="leader_a2"))
    url = reverse("records:detail", kwargs={"rt": "members", "pk": roster["a1"][0].pk})
    assert c.get(url).status_code == 404
    assert c.get(reverse("members:statistics"), {"org": tree.group_a1.pk}).status_code == 404
