"""Work plans and their items: the metric target is a registered metric with a value, the
due date lies in the plan's year, one plan per union and year, and an item's page shows how
far its target is met."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.work.models import PlanItem, WorkPlan
from gonghui.work.tests.factories import make_item, make_meeting, make_plan


def _item(plan: WorkPlan, **kw: Any) -> dict[str, Any]:
    return {
        "plan": plan.pk,
        "content": "每季度召开一次委员会会议",
        "responsible": "张主席",
        "status": "in_progress",
        **kw,
    }


def test_an_unknown_target_metric_is_refused(tree: Any, post_record: Any) -> None:
    plan = make_plan(tree.union_a)
    resp = post_record("plan-items", _item(plan, target_metric="meetings_galore", target_value="4"))
    assert resp.status_code == 400 and "meetings_galore" in resp.content.decode()
    assert not PlanItem.objects.exists()


def test_a_target_needs_a_metric_and_a_value(tree: Any, post_record: Any) -> None:
    plan = make_plan(tree.union_a)
    resp = post_record("plan-items", _item(plan, target_metric="committee_meeting_quarters"))
    assert resp.status_code == 400 and "设定目标须同时填写目标指标和目标值" in resp.content.decode()
    resp = post_record("plan-items", _item(plan, target_value="4"))
    assert resp.status_code == 400 and not PlanItem.objects.exists()


def test_a_registered_metric_is_offered_by_its_chinese_label_and_kept(
    tree: Any, post_record: Any, make_user: Any, login: Any
) -> None:
    plan = make_plan(tree.union_a)
    page = login(make_user(Role.CHAIR, tree.union_a)).get(
        reverse("records:create", kwargs={"rt": "plan-items"}) + f"?plan={plan.pk}"
    )
    assert "召开委员会会议的季度数（committee_meeting_quarters）" in page.content.decode()
    resp = post_record(
        "plan-items", _item(plan, target_metric="committee_meeting_quarters", target_value="4")
    )
    assert resp.status_code == 302
    assert PlanItem.objects.get().target_metric == "committee_meeting_quarters"


def test_a_due_date_outside_the_plan_year_is_refused(tree: Any, post_record: Any) -> None:
    plan = make_plan(tree.union_a, year=2025)
    resp = post_record("plan-items", _item(plan, due_on="2026-01-15"))
    assert resp.status_code == 400 and "完成期限须在计划年度（2025年）内" in resp.content.decode()


def test_an_item_needs_a_person_responsible(tree: Any, post_record: Any) -> None:
    plan = make_plan(tree.union_a)
    resp = post_record("plan-items", _item(plan, responsible=""))
    assert resp.status_code == 400 and "请填写责任人或选择会员" in resp.content.decode()


def test_one_plan_per_union_and_year(tree: Any, post_record: Any) -> None:
    make_plan(tree.union_a, year=2025)
    resp = post_record("work-plans", {"year": 2025, "title": "又一个2025年计划"})
    assert resp.status_code == 400 and "本工会该年度已有工作计划" in resp.content.decode()
    assert WorkPlan.objects.count() == 1


def test_an_items_page_shows_its_target_against_the_metric_now(tree: Any, make_user: Any, login: Any) -> None:
    for day in [dt.date(2025, 1, 10), dt.date(2025, 4, 10), dt.date(2025, 10, 10)]:
        make_meeting(tree.union_a, held_on=day, title=f"会议{day}")
    item = make_item(tree.union_a, target_metric="committee_meeting_quarters", target_value=4)
    page = (
        login(make_user(Role.CHAIR, tree.union_a))
        .get(reverse("records:detail", kwargs={"rt": "plan-items", "pk": item.pk}))
        .content.decode()
    )
    assert "2025年召开委员会会议的季度数：目前为3，目标为4。" in page and "尚未达到目标" in page


def test_a_visit_must_name_the_employers(post_record: Any) -> None:
    resp = post_record("work-meetings", {"kind": "visit", "held_on": "2025-03-26", "title": "走访企业"})
    assert resp.status_code == 400 and "请填写走访的企业" in resp.content.decode()
    resp = post_record(
        "work-meetings",
        {"kind": "visit", "held_on": "2025-03-26", "title": "走访企业", "employers_visited": "鑫源机械"},
    )
    assert resp.status_code == 302
