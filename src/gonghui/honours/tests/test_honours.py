"""Honours: who may receive one, the two metrics, and another union's honours kept out of sight."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gonghui.accounts.roles import Role
from gonghui.conftest import make_org
from gonghui.core.metrics import Period, compute, registry
from gonghui.honours.models import Honour, HonourLevel, RecipientKind
from gonghui.honours.tests.factories import make_honour
from gonghui.orgs.models import Organization, OrgType

YEAR = Period.year(2025)


def _orgs(tree: Any) -> Any:
    return Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )


def test_honours_and_the_highest_level_roll_up_the_subtree(tree: Any) -> None:
    make_honour(tree.union_a, level=HonourLevel.CITY)
    make_honour(
        tree.group_a1, title="工人先锋号", level=HonourLevel.PROVINCIAL,
        recipient_kind=RecipientKind.GROUP, group=tree.group_a1,
    )  # fmt: skip
    make_honour(tree.union_a, level=HonourLevel.NATIONAL, awarded_on=dt.date(2024, 12, 31))  # last year
    make_honour(tree.union_c, level=HonourLevel.SECTOR)
    make_honour(tree.union_b, level=HonourLevel.COUNTY)
    v = compute(_orgs(tree), YEAR, ["honours_count", "highest_honour_level"])
    assert v["honours_count"] == {tree.city.pk: 3, tree.union_a.pk: 2, tree.union_b.pk: 1, tree.union_c.pk: 1}
    best = v["highest_honour_level"]
    assert best == {tree.city.pk: 5, tree.union_a.pk: 5, tree.union_b.pk: 3, tree.union_c.pk: 1}
    # Over two years the national honour of 2024 is the best.
    two = compute(_orgs(tree), Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31)), ["highest_honour_level"])
    assert two["highest_honour_level"][tree.city.pk] == 6


def test_the_highest_level_reads_as_its_name(tree: Any) -> None:
    m = registry.get("highest_honour_level")
    with translation.override("zh-hans"):
        assert [m.format(v) for v in (6, 5, 1, 0)] == ["国家级", "省级", "系统内/行业内", "无"]
    evidence = m.evidence(tree.union_a, YEAR) if m.evidence else None
    make_honour(tree.union_a, level=HonourLevel.COUNTY)
    make_honour(tree.union_a, title="五一劳动奖状", level=HonourLevel.PROVINCIAL)
    assert evidence is not None and [h.level for h in evidence] == [5, 3]  # the best one first


def _clean_error(field: str, **kw: Any) -> str:
    honour = Honour(title="工人先锋号", level=HonourLevel.COUNTY, awarded_by="县总工会",
                    awarded_on=dt.date(2025, 4, 25), **kw)  # fmt: skip
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        honour.full_clean()
    return " ".join(e.value.message_dict[field])


def test_a_group_recipient_is_a_union_group_of_the_union(tree: Any, make_member: Any) -> None:
    a = {"organization": tree.union_a, "recipient_kind": RecipientKind.GROUP}
    assert "请选择获得荣誉的工会小组" in _clean_error("group", **a)
    assert "请选择本工会的工会小组" in _clean_error("group", **a, group=tree.group_b1)  # another union's
    branch = make_org(tree.union_a, "UA-B1", OrgType.BRANCH, name="甲局分工会")
    assert "请选择本工会的工会小组" in _clean_error("group", **a, group=branch)  # not a group
    member = make_member(tree.union_a, "钱红")
    assert "请选择获得荣誉的会员" in _clean_error(
        "member", organization=tree.union_a, recipient_kind="member"
    )
    assert "只有获得者为会员时" in _clean_error("member", organization=tree.union_a, member=member)
    # A valid group honour takes the group's name when none is typed.
    honour = make_honour(
        tree.union_a, recipient_kind=RecipientKind.GROUP, group=tree.group_a1, recipient_name=""
    )
    assert honour.recipient_name == "甲一小组"


def test_a_member_honour_is_entered_on_the_page_with_the_member_picker(
    post_record: Any, tree: Any, make_member: Any
) -> None:
    member = make_member(tree.union_a, "钱红")
    data = {"title": "县级劳动模范", "level": "3", "awarded_by": "县人民政府", "awarded_on": "2025-04-29",
            "recipient_kind": "member", "member": member.pk}  # fmt: skip
    resp = post_record("honours", data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    honour = Honour.objects.get()
    assert honour.member == member and honour.recipient_name == "钱红"
    refused = post_record("honours", {**data, "recipient_kind": "group", "member": ""})
    assert refused.status_code == 400 and "请选择获得荣誉的工会小组" in refused.content.decode()


def test_another_unions_user_neither_sees_nor_opens_an_honour(
    tree: Any, make_user: Any, login: Any, api: Any
) -> None:
    honour = make_honour(tree.union_a, title="模范职工之家甲")
    c = login(make_user(Role.CHAIR, tree.union_b))
    assert c.get(reverse("records:detail", kwargs={"rt": "honours", "pk": honour.pk})).status_code == 404
    assert "模范职工之家甲" not in c.get(reverse("records:list", kwargs={"rt": "honours"})).content.decode()
    other = api(tree.union_b)
    assert other.get(f"/api/v1/honours/{honour.pk}").status_code == 404
    assert "模范职工之家甲" not in other.get("/api/v1/honours/").content.decode()
    own = login(make_user(Role.CHAIR, tree.union_a))
    assert "模范职工之家甲" in own.get(reverse("records:list", kwargs={"rt": "honours"})).content.decode()
