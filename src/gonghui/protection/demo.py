"""Demo labor protection of the first seed report (2025): the three-level supervision network
(a committee, unit inspectors, one inspector per team), a few inspections, the 安康杯.

The bureau's union groups are its teams (班组). Inspectors are linked to the roster's members
when the members demo has run (by pk, deterministic); otherwise fallback names stand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.orgs.demo import BUREAU_GROUPS
from gonghui.orgs.models import Organization
from gonghui.protection.demo_support import Roster, ensure, fallback_name
from gonghui.protection.models import (
    Accident,
    AccidentGrade,
    AnkangCup,
    HazardLevel,
    Inspection,
    InspectorLevel,
    LaborInspector,
    MediationCase,
    MediationKind,
    MediationOutcome,
)

YEAR = 2025
APPOINTED = dt.date(YEAR, 1, 15)

# 劳动保护监督检查委员会: its members (the first is the committee's head).
COMMITTEE = [
    "劳动保护监督检查委员会主任",
    "委员（安全生产科）",
    "委员（生产技术科）",
    "委员（工会）",
    "委员（女工）",
]
# Units with their own inspectors (各单位……配备相应劳动保护监督检查委员数名).
UNITS = [
    "局机关",
    "第一水电站",
    "第二水电站",
    "第三水电站",
    "输电线路及变电运维",
    "水库管理所",
    "船舶队、汽车队",
    "宾馆及纯净水厂",
]

INSPECTIONS = [
    # (day, place, findings, hazard level, rectify by, rectified on, measures)
    (
        dt.date(YEAR, 3, 18),
        "第一水电站厂房及开关室",
        "开关室应急照明一处失效，消防器材检查记录不全。",
        HazardLevel.GENERAL,
        dt.date(YEAR, 4, 10),
        dt.date(YEAR, 4, 2),
        "更换应急照明灯具，补齐消防器材月检记录。",
    ),
    (
        dt.date(YEAR, 6, 12),
        "船舶队码头及船舶",
        "汛前检查：救生衣数量不足，一艘船舶缆绳磨损。",
        HazardLevel.MAJOR,
        dt.date(YEAR, 6, 30),
        dt.date(YEAR, 6, 25),
        "补配救生衣20件，更换缆绳，组织船员安全培训。",
    ),
    (
        dt.date(YEAR, 9, 9),
        "宾馆厨房及纯净水厂车间",
        "燃气管道标识不清，车间夏季防暑降温措施落实。",
        HazardLevel.GENERAL,
        dt.date(YEAR, 9, 30),
        dt.date(YEAR, 9, 26),
        "重新标识燃气管道并加装泄漏报警器。",
    ),
    (
        dt.date(YEAR, 12, 2),
        "输电线路冬季安全大检查",
        "线路巡视到位，劳动防护用品配发齐全，未发现隐患。",
        HazardLevel.NONE,
        None,
        None,
        "",
    ),
]


def load(ctx: dict[str, Any]) -> None:
    bureau = ctx.get("bureau") or Organization.objects.get(code="DEMO-BUREAU")
    roster = Roster(bureau)
    n = 0

    def person(member: Any) -> dict[str, Any]:
        nonlocal n
        n += 1
        return {"member": member, "name": member.name if member else fallback_name(n * 7)}

    committee = []
    for i, role in enumerate(COMMITTEE):
        committee.append(
            ensure(
                LaborInspector,
                {"organization": bureau, "level": InspectorLevel.COMMITTEE, "note": role},
                **person(roster.take()),
                unit="局工会" if i == 0 else "",
                appointed_on=APPOINTED,
            )
        )
    for unit in UNITS:
        ensure(
            LaborInspector,
            {"organization": bureau, "level": InspectorLevel.UNIT, "unit": unit},
            **person(roster.take()),
            appointed_on=APPOINTED,
        )
    groups = {g.code: g for g in Organization.objects.filter(code__startswith="DEMO-BUREAU-G")}
    for i, work in enumerate(BUREAU_GROUPS, start=1):
        group = groups.get(f"DEMO-BUREAU-G{i:02d}")
        if group is None:
            continue
        ensure(
            LaborInspector,
            {"organization": bureau, "level": InspectorLevel.TEAM, "team": group},
            **person(roster.take(roster.of_group(group)) or roster.take()),
            unit=work,
            appointed_on=APPOINTED,
        )

    for day, place, findings, hazard, due, closed, measures in INSPECTIONS:
        inspection = ensure(
            Inspection,
            {"organization": bureau, "inspected_on": day, "place": place},
            findings=findings,
            hazard_level=hazard,
            rectification_required=hazard != HazardLevel.NONE,
            rectify_by=due,
            rectified_on=closed,
            rectification=measures,
        )
        inspection.inspectors.set(committee[:3])

    ensure(
        AnkangCup,
        {"organization": bureau, "year": YEAR},
        joined_on=dt.date(YEAR, 3, 1),
        teams=len(BUREAU_GROUPS),
        participants=426,
        note="以班组为单位开展“安康杯”劳动竞赛，与“当好主力军，建功‘十一五’，和谐奔小康”、"
        "女职工“双文明建功立业”竞赛一并开展，提高职工的安全生产技能和岗位技术水平。",
    )
    qingshan(ctx.get("qingshan_orgs") or {})


def qingshan(orgs: dict[str, Organization]) -> None:
    """The third tree's safety over several years: an accident in 2024 and one in 2025 at the
    machinery works (鑫源机械), and a collective pay dispute the town's federation mediated."""
    xy, cg = orgs.get("DEMO-QS-CG-XY"), orgs.get("DEMO-QS-CG")
    if xy is not None:
        ensure(
            Accident,
            {"organization": xy, "occurred_on": dt.date(2024, 8, 14)},
            place="铸造车间浇注工段",
            grade=AccidentGrade.GENERAL,
            serious_injuries=1,
            minor_injuries=2,
            cause="浇包吊运时钢丝绳断裂，铁水溅出；钢丝绳超期未更换。",
            union_action="工会参加事故调查，督促更换全部吊具并建立点检制度；慰问伤者，协助办理工伤认定。",
        )
        ensure(
            Accident,
            {"organization": xy, "occurred_on": dt.date(2025, 3, 6)},
            place="机加工车间",
            grade=AccidentGrade.GENERAL,
            deaths=1,
            minor_injuries=1,
            cause="违章清理运转中的设备，被卷入致死。",
            union_action="工会参加事故调查，代表职工提出整改意见；协助家属办理工亡待遇，开展警示教育。",
        )
    if cg is not None:
        ensure(
            MediationCase,
            {"organization": cg, "title": "鑫源机械铸造车间职工集体追索加班工资"},
            applicant="刘强等23名职工（推举代表3人）",
            respondent="青山县鑫源机械制造有限公司",
            kind=MediationKind.PAY,
            collective_dispute=True,
            workers_involved=23,
            received_on=dt.date(2025, 7, 2),
            closed_on=dt.date(2025, 7, 20),
            outcome=MediationOutcome.MEDIATED,
            summary="职工反映2025年上半年延长工作时间未足额支付加班工资。",
            agreement="企业于7月底前补发加班工资共计8.6万元，并按月公示考勤与工资。",
        )
