"""Valid union work records inside a given union, for the scoping tests and this app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.orgs.models import Organization
from gonghui.work.models import (
    Channel,
    ItemStatus,
    MeetingKind,
    PlanItem,
    Programme,
    PublicityItem,
    PublicityKind,
    WorkMeeting,
    WorkPlan,
)


def make_meeting(union: Organization, **kw: Any) -> WorkMeeting:
    kw.setdefault("kind", MeetingKind.COMMITTEE)
    kw.setdefault("held_on", dt.date(2025, 3, 10))
    kw.setdefault("title", f"{union.name}工会委员会会议")
    kw.setdefault("chaired_by", "张主席")
    kw.setdefault("attendee_count", 7)
    return WorkMeeting.objects.create(organization=union, **kw)


def make_programme(union: Organization, **kw: Any) -> Programme:
    kw.setdefault("name", f"{union.name}“职工说事”")
    return Programme.objects.create(organization=union, **kw)


def make_plan(union: Organization, **kw: Any) -> WorkPlan:
    # One plan per union and year: a second plan of the same union takes the next free year.
    kw.setdefault("year", 2025 + WorkPlan.objects.filter(organization=union).count())
    kw.setdefault("title", f"{union.name}{kw['year']}年工作计划")
    return WorkPlan.objects.create(organization=union, **kw)


def make_item(union: Organization, plan: WorkPlan | None = None, **kw: Any) -> PlanItem:
    plan = plan or make_plan(union)
    kw.setdefault("content", f"{union.name}每季度召开一次工会委员会会议")
    kw.setdefault("responsible", "张主席")
    kw.setdefault("status", ItemStatus.IN_PROGRESS)
    return PlanItem.objects.create(organization=union, plan=plan, **kw)


def make_publicity(union: Organization, **kw: Any) -> PublicityItem:
    kw.setdefault("kind", PublicityKind.REPORT)
    kw.setdefault("title", f"{union.name}开展夏送清凉活动")
    kw.setdefault("channel", Channel.WECHAT)
    kw.setdefault("published_on", dt.date(2025, 7, 10))
    return PublicityItem.objects.create(organization=union, **kw)


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "work-meetings": make_meeting,
    "programmes": make_programme,
    "work-plans": make_plan,
    "plan-items": make_item,
    "publicity": make_publicity,
}
