"""Demo competitions, training and degree bonuses of the first seed report (2025).

Participants are the members of the teams (union groups) a contest was for, when the members
demo has filled the roster; the head counts stand either way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.orgs.models import Organization
from gonghui.protection.demo_support import Roster, ensure, fallback_name
from gonghui.protection.models import LaborInspector
from gonghui.skills.models import (
    Audience,
    Competition,
    CompetitionAward,
    CompetitionKind,
    Degree,
    LearningIncentive,
    Level,
    Training,
)

YEAR = 2025
K = CompetitionKind
RUNNING = ["第一水电站运行", "第二水电站运行", "第三水电站运行"]

# name, kind, start, end, organizer, teams (group names start with these), head count
OWN = [
    ("安全生产知识竞赛", K.KNOWLEDGE, (6, 10), (6, 10), "局工会、安全生产科", [], 156),
    ("船舶驾驶员安全知识讲座和操作竞赛", K.OPERATION, (4, 16), (4, 17), "局工会、船舶队", ["船舶队"], 18),
    ("汽车驾驶员安全知识竞赛", K.KNOWLEDGE, (5, 21), (5, 21), "局工会、汽车队", ["汽车队"], 22),
    ("消防知识讲座和操作竞赛", K.OPERATION, (11, 7), (11, 9), "局工会、保卫科", [], 138),
    ("外线工知识竞赛", K.KNOWLEDGE, (7, 15), (7, 15), "局工会、生产技术科", ["外线工班"], 16),
    ("运行规程知识竞赛", K.KNOWLEDGE, (8, 19), (8, 20), "局工会、生产技术科", RUNNING, 64),
    ("千项操作无差错竞赛", K.LABOR, (1, 1), (12, 31), "局工会、生产技术科", RUNNING, 64),
    ("反事故演习", K.DRILL, (5, 28), (5, 28), "局安全生产科、局工会", [*RUNNING, "第一水电站检修班"], 72),
    ("电焊技能比赛", K.CONTEST, (9, 23), (9, 24), "局工会、技协", ["电焊班", "机修厂"], 14),
    ("客房服务操作比赛", K.OPERATION, (10, 14), (10, 14), "局工会、宾馆", ["宾馆客房部"], 12),
    ("导线接线技能比赛", K.CONTEST, (10, 28), (10, 28), "局工会、技协", ["输电线路", "变电运维"], 24),
    ("电文报汛比赛", K.CONTEST, (4, 8), (4, 8), "局工会、调度中心", ["水文站", "通信站"], 15),
    ("纯净水瓶贴标签比赛", K.OPERATION, (8, 5), (8, 5), "局工会、纯净水厂", ["纯净水厂"], 20),
]
# The external ones joined: name, kind, level, organizer, head count.
EXTERNAL = [
    ("“当好主力军，建功‘十一五’，和谐奔小康”劳动竞赛", K.LABOR, Level.NATIONAL, "中华全国总工会", 426),
    ("女职工“双文明建功立业”竞赛", K.LABOR, Level.NATIONAL, "全国总工会女职工委员会", 118),
    ("“安康杯”劳动竞赛", K.LABOR, Level.NATIONAL, "中华全国总工会、应急管理部", 426),
    ("“五五”普法知识竞赛", K.KNOWLEDGE, Level.NATIONAL, "全国普法办", 426),
    ("全国亿万职工奥运知识竞赛", K.KNOWLEDGE, Level.NATIONAL, "中华全国总工会", 312),
    ("全国职工《劳动合同法》知识竞赛", K.KNOWLEDGE, Level.NATIONAL, "中华全国总工会", 365),
]
# Results of some contests: competition, award, index of the participant (or a team's name).
AWARDS = [
    ("电焊技能比赛", "一等奖", 0),
    ("电焊技能比赛", "二等奖", 1),
    ("电焊技能比赛", "三等奖", 2),
    ("客房服务操作比赛", "一等奖", 0),
    ("导线接线技能比赛", "团体一等奖", "输电线路一班"),
    ("电文报汛比赛", "一等奖", 0),
]

TRAINING = [
    (
        "新一届职工代表培训",
        Audience.REPRESENTATIVES,
        (3, 12),
        Decimal("8"),
        40,
        "职工代表的权利义务、提案撰写、民主管理与民主监督。",
    ),
    (
        "工会小组长培训",
        Audience.GROUP_LEADERS,
        (3, 26),
        Decimal("6"),
        49,
        "工会小组工作职责、小组台帐、会员管理和民主生活。",
    ),
    (
        "劳动保护监督检查员培训",
        Audience.INSPECTORS,
        (4, 9),
        Decimal("12"),
        None,
        "安全生产法律法规、隐患排查、劳动保护监督检查方法。",
    ),
]

# 在职学习取得本科以上学历学位: degree, school and major, degree date, paid on,
# amount (half paid by the union, half by the employer).
INCENTIVES = [
    (Degree.BACHELOR, "云南大学 电气工程及其自动化（函授）", (1, 10), (3, 18), Decimal("2000.00")),
    (Degree.BACHELOR, "昆明理工大学 水利水电工程（自考）", (6, 30), (9, 16), Decimal("2000.00")),
    (Degree.MASTER, "昆明理工大学 工程管理硕士（非全日制）", (6, 28), (9, 16), Decimal("4000.00")),
]


def _day(md: tuple[int, int]) -> dt.date:
    return dt.date(YEAR, *md)


def load(ctx: dict[str, Any]) -> None:
    bureau = ctx.get("bureau") or Organization.objects.get(code="DEMO-BUREAU")
    roster = Roster(bureau)
    groups = list(Organization.objects.filter(code__startswith="DEMO-BUREAU-G").order_by("code"))
    competitions = {}
    for name, kind, start, end, organizer, teams, count in OWN:
        people = [m for g in groups if any(g.name.startswith(t) for t in teams) for m in roster.of_group(g)]
        c = ensure(
            Competition,
            {"organization": bureau, "name": name},
            kind=kind,
            level=Level.UNIT,
            started_on=_day(start),
            ended_on=_day(end),
            organizer=organizer,
            participant_count=max(count, len(people)),
        )
        c.participants.set(people)
        competitions[name] = (c, people)
    for name, kind, level, organizer, count in EXTERNAL:
        ensure(
            Competition,
            {"organization": bureau, "name": name},
            kind=kind,
            level=level,
            started_on=_day((1, 1)),
            ended_on=_day((12, 31)),
            organizer=organizer,
            external=True,
            participant_count=count,
        )
    for i, (name, award, who) in enumerate(AWARDS):
        competition, people = competitions[name]
        member = people[who] if isinstance(who, int) and who < len(people) else None
        winner = who if isinstance(who, str) else (member.name if member else fallback_name(i * 11 + 3))
        ensure(
            CompetitionAward,
            {"organization": bureau, "competition": competition, "award": award},
            winner=winner,
            member=member,
        )

    inspectors = LaborInspector.objects.filter(organization=bureau)
    inspector_members = [i.member for i in inspectors.select_related("member") if i.member_id]
    for course, audience, start, hours, count, content in TRAINING:
        attendees = inspector_members if audience == Audience.INSPECTORS else []
        t = ensure(
            Training,
            {"organization": bureau, "course": course, "started_on": _day(start)},
            audience=audience,
            hours=hours,
            organizer="局工会",
            place="局职工俱乐部多功能厅",
            attendee_count=count if count is not None else inspectors.count(),
            content=content,
        )
        t.attendees.set(attendees)

    for i, (degree, school, obtained, paid, amount) in enumerate(INCENTIVES):
        member = roster.members[-1 - i] if len(roster.members) > i else None
        name = member.name if member else fallback_name(i * 13 + 5)
        ensure(
            LearningIncentive,
            {"organization": bureau, "degree": degree, "institution": school},
            name=name,
            member=member,
            obtained_on=_day(obtained),
            awarded_on=_day(paid),
            amount=amount,
            union_share=amount / 2,
            employer_share=amount / 2,
        )
