"""The third tree's care (青山县): a Spring Festival visit of the machinery works' union to its
frontline and migrant workers, with a migrant worker who is not a member named on it, and the
temporary relief the union later paid him after a work injury (aid to a non-member)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.care.demo.common import D, aid_case, members_of, user, visit
from gonghui.care.models import TargetGroup, Visit, VisitRecipient
from gonghui.members.validators import with_check_char
from gonghui.orgs.models import Organization

# A dispatched worker of the works who has not joined: visited, then given relief.
MIGRANT = {
    "non_member_name": "杨大山",
    "non_member_id_number": with_check_char("34112219850312561"),
    "non_member_mobile": "13955001234",
    "non_member_identity": "农民工（劳务派遣，未入会）",
}


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
            name=MIGRANT["non_member_name"],
            id_number=MIGRANT["non_member_id_number"],
            mobile=MIGRANT["non_member_mobile"],
            identity=MIGRANT["non_member_identity"],
            amount=D("500"),
        )
        r.full_clean()
        r.save()
    chair = user("chengguan_chair")
    if chair is not None:
        aid_case(
            xy,
            chair,
            chair,
            case_no="2025-001",
            member=None,
            non_member=MIGRANT,
            kind="temporary",
            applied=dt.date(2025, 7, 8),
            requested=D("3000"),
            approved=D("2000"),
            payments=[(D("2000"), "union", dt.date(2025, 7, 20))],
            situation="劳务派遣工杨大山工伤住院，家庭收入中断。",
        )


def load_into(ctx: dict[str, Any]) -> None:
    records(ctx.get("qingshan_orgs") or {})
