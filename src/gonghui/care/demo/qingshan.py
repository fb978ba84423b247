"""The third tree's care (青山县): a Spring Festival visit of the machinery works' union to its
frontline and migrant workers, with a migrant worker who is not a member named on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.care.demo.common import D, members_of, visit
from gonghui.care.models import TargetGroup, Visit, VisitRecipient
from gonghui.members.validators import with_check_char
from gonghui.orgs.models import Organization


def records(orgs: dict[str, Organization]) -> None:
    xy = orgs.get("DEMO-QS-CG-XY")
    if xy is None:
        return
    title = "春节慰问一线职工和农民工"
    on = dt.date(2025, 1, 20)
    visit(
        xy,
        None,
        members_of(xy)[:3],
        title=title,
        occasion="spring_festival",
        target_group=f"{TargetGroup.FRONTLINE},{TargetGroup.MIGRANT}",
        visited_on=on,
        union_officers="工会主席陈建国",
        recipient_names="",
        recipient_count=12,
        cash_amount=D("6000"),
        goods_value=D("1200"),
        goods="米、油",
    )
    the_visit = Visit.objects.get(organization=xy, visited_on=on, title=title)
    if not VisitRecipient.objects.filter(visit=the_visit).exists():
        r = VisitRecipient(
            organization=xy,
            visit=the_visit,
            name="杨大山",
            id_number=with_check_char("34112219850312561"),
            mobile="13955001234",
            identity="农民工（劳务派遣，未入会）",
            amount=D("500"),
        )
        r.full_clean()
        r.save()


def load_into(ctx: dict[str, Any]) -> None:
    records(ctx.get("qingshan_orgs") or {})
