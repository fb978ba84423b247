"""Carrying a plan's open items into next year: the plan made if missing, only open items copied,
each linked back, nothing copied twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.work.models import ItemStatus, PlanItem, WorkPlan
from gonghui.work.services import carry_open_items
from gonghui.work.tests.factories import make_item, make_plan, make_programme


@pytest.fixture
def plan(tree: Any, make_member: Any) -> WorkPlan:
    brand = make_programme(tree.union_a)
    plan = make_plan(tree.union_a, year=2025, title="甲局工会2025年工作计划", programme=brand)
    make_item(tree.union_a, plan, content="已完成", status=ItemStatus.DONE)
    make_item(tree.union_a, plan, content="已取消", status=ItemStatus.CANCELLED)
    make_item(tree.union_a, plan, content="未开始", status=ItemStatus.NOT_STARTED)
    make_item(
        tree.union_a,
        plan,
        content="每季度召开委员会会议",
        status=ItemStatus.IN_PROGRESS,
        member=make_member(tree.union_a, "李会计"),
        responsible="李会计",
        target_metric="committee_meeting_quarters",
        target_value=Decimal(4),
    )
    return plan


def test_open_items_go_into_a_new_plan_for_next_year_linked_back(
    plan: WorkPlan, make_user: Any, tree: Any
) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    done = carry_open_items(plan, chair)
    following = WorkPlan.objects.get(organization=tree.union_a, year=2026)
    assert done.created and done.plan == following and done.copied == 2
    assert following.title == "甲局工会2026年工作计划" and following.programme == plan.programme
    copies = {i.content: i for i in following.items.all()}
    assert set(copies) == {"未开始", "每季度召开委员会会议"}
    kept = copies["每季度召开委员会会议"]
    assert kept.continues.plan == plan and kept.continues.content == kept.content
    assert kept.status == ItemStatus.IN_PROGRESS and kept.member.name == "李会计"
    assert kept.target_metric == "committee_meeting_quarters" and kept.target_value == 4
    assert kept.due_on is None and kept.organization == tree.union_a
    # The 2025 items stay as they were: that year's plan was not done in full.
    assert plan.items.filter(status__in=[ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS]).count() == 2


def test_carrying_again_copies_nothing_twice(plan: WorkPlan, make_user: Any, tree: Any) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    carry_open_items(plan, chair)
    again = carry_open_items(plan, chair)
    assert not again.created and again.copied == 0
    assert WorkPlan.objects.filter(organization=tree.union_a).count() == 2
    assert PlanItem.objects.filter(plan__year=2026).count() == 2
    make_item(tree.union_a, plan, content="年中新增", status=ItemStatus.NOT_STARTED)
    third = carry_open_items(plan, chair)
    assert third.copied == 1
    assert (
        list(PlanItem.objects.filter(plan__year=2026).values_list("content", flat=True).order_by("pk"))[-1]
        == "年中新增"
    )


def test_an_existing_plan_of_next_year_receives_the_items(plan: WorkPlan, make_user: Any, tree: Any) -> None:
    existing = make_plan(tree.union_a, year=2026, title="2026年工作要点")
    make_item(tree.union_a, existing, content="新一年的事项", status=ItemStatus.NOT_STARTED)
    done = carry_open_items(plan, make_user(Role.CHAIR, tree.union_a))
    assert not done.created and done.plan == existing and existing.items.count() == 3


def test_carrying_needs_the_right_to_edit_and_writes_nothing_without_it(
    plan: WorkPlan, make_user: Any, tree: Any
) -> None:
    for user in [make_user(Role.VIEWER, tree.union_a), make_user(Role.CHAIR, tree.union_b)]:
        with pytest.raises(PermissionDenied):
            carry_open_items(plan, user)
    assert not WorkPlan.objects.filter(year=2026).exists()


def test_the_plan_page_offers_the_action_and_the_page_carries_over(
    plan: WorkPlan, make_user: Any, login: Any, tree: Any
) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("work:carry-over", kwargs={"pk": plan.pk})
    detail = client.get(
        reverse("records:detail", kwargs={"rt": "work-plans", "pk": plan.pk})
    ).content.decode()
    assert "结转未完成事项到下一年度" in detail and url in detail
    preview = client.get(url).content.decode()
    assert "将新建2026年工作计划" in preview and "未开始" in preview and "已取消" not in preview
    resp = client.post(url)
    following = WorkPlan.objects.get(organization=tree.union_a, year=2026)
    assert resp.status_code == 302 and resp.url == reverse(
        "records:detail", kwargs={"rt": "work-plans", "pk": following.pk}
    )
    original = plan.items.get(content="未开始")
    page = client.get(
        reverse("records:detail", kwargs={"rt": "plan-items", "pk": original.pk})
    ).content.decode()
    assert "已结转到2026年计划" in page
    assert client.post(url).status_code == 302 and following.items.count() == 2
