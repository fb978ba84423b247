"""Demo activities and workers' home facilities of both seed reports (2025)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.activities.models import Activity, ActivityKind, Facility, FacilityKind, Funding, Occasion
from gonghui.orgs.models import Organization
from gonghui.protection.demo_support import ensure

YEAR = 2025

# 长安乡: “围绕‘三八’妇女节、‘五一’、‘五四’、‘七一’开展了有益身心的活动”.
CHANGAN_ACTIVITIES = [
    ("“三八”妇女节女职工趣味运动会", Occasion.WOMENS_DAY, ActivityKind.SPORTS, (3, 7), "乡政府院内", 32),
    ("“五一”国际劳动节职工拔河比赛", Occasion.LABOUR_DAY, ActivityKind.SPORTS, (4, 29), "乡中心学校操场", 60),
    (
        "“五四”青年节青年干部读书分享会",
        Occasion.YOUTH_DAY,
        ActivityKind.READING,
        (5, 4),
        "乡工会职工活动室",
        28,
    ),
    (
        "“七一”庆祝中国共产党成立104周年歌咏比赛",
        Occasion.PARTY_DAY,
        ActivityKind.CULTURE,
        (7, 1),
        "乡政府礼堂",
        85,
    ),
]

# The third tree (青山县): activities with their audience, programme, cost and co-organizers.
# code, title, occasion, kind, day, place, participants, audience, organizer, co-organizers, programme, cost
QINGSHAN_ACTIVITIES = [
    (
        "DEMO-QS-CG",
        "“九九重阳”敬老慰问暨退休职工联欢会",
        Occasion.DOUBLE_NINTH,
        ActivityKind.CULTURE,
        (10, 29),
        "城关镇文化站",
        120,
        "辖区退休职工和困难老职工",
        "城关镇总工会",
        "城关镇老年人协会、南关社区居委会",
        "戏曲联唱；太极拳表演；为80岁以上老职工送长寿面和慰问品",
        "8600.00",
    ),
    (
        "DEMO-QS-CG-YQ",
        "园区职工中秋趣味运动会",
        Occasion.MID_AUTUMN,
        ActivityKind.SPORTS,
        (10, 4),
        "城关镇工业园区篮球场",
        168,
        "园区五家企业的一线职工和农民工",
        "城关镇工业园区联合工会",
        "青山县恒达包装材料有限公司、青山县精工电子配件有限公司",
        "拔河；托球跑；夹弹珠；猜灯谜；发放月饼",
        "12350.00",
    ),
    (
        "DEMO-QS-HP-LH",
        "端午节包粽子比赛",
        Occasion.DRAGON_BOAT,
        ActivityKind.RECREATION,
        (5, 30),
        "黄坡镇文化广场",
        54,
        "联合工会所属小微企业职工",
        "黄坡镇个体私营企业联合工会",
        "黄坡镇福源米业有限公司",
        "包粽子比赛；端午习俗知识问答",
        "3200.00",
    ),
]

F = FacilityKind
# name, kind, quantity, funding, built or acquired, renovated, location, description
BUREAU_FACILITIES = [
    (
        "职工俱乐部",
        F.CLUB,
        1,
        Funding.ADMINISTRATION,
        None,
        None,
        "原局幼儿园",
        "因地缘、地形和资金限制无法建设大型体育场馆，行政腾出原局幼儿园作为职工俱乐部。",
    ),
    (
        "标准篮球场",
        F.BASKETBALL,
        1,
        Funding.TECH_ASSOCIATION,
        (8, 28),
        None,
        "局机关院内",
        "局工会在行政的支持下，利用技协发展基金建设。",
    ),
    (
        "地掷球场",
        F.BOCCE,
        1,
        Funding.TECH_ASSOCIATION,
        (8, 28),
        None,
        "局机关院内",
        "局工会在行政的支持下，利用技协发展基金建设。",
    ),
    (
        "气排球场",
        F.VOLLEYBALL,
        1,
        Funding.TECH_ASSOCIATION,
        None,
        (9, 30),
        "职工俱乐部内",
        "利用技协发展基金翻新职工俱乐部内旧的气排球场。",
    ),
]
CHANGAN_FACILITIES = [
    (
        "工会办公室",
        F.OFFICE,
        1,
        Funding.ADMINISTRATION,
        (2, 20),
        "乡机关办公楼",
        "乡党委、政府在办公用房十分紧张的情况下调整出的办公室。",
    ),
    (
        "职工活动室",
        F.ACTIVITY_ROOM,
        1,
        Funding.ADMINISTRATION,
        (2, 20),
        "乡机关办公楼",
        "乡党委、政府调整出的两间用房之一，作为职工活动室。",
    ),
    (
        "多功能媒体设备",
        F.MULTIMEDIA,
        1,
        Funding.HIGHER_UNION,
        (4, 15),
        "职工活动室",
        "在县总工会的支持下配备。",
    ),
    (
        "档案柜",
        F.ARCHIVE_CABINET,
        4,
        Funding.HIGHER_UNION,
        (4, 15),
        "工会办公室",
        "在县总工会的支持下购置，存放会员花名册、会员登记表等台帐。",
    ),
    ("办公桌", F.DESK, 3, Funding.HIGHER_UNION, (4, 15), "工会办公室", "在县总工会的支持下购置。"),
    ("电脑", F.COMPUTER, 2, Funding.HIGHER_UNION, (4, 15), "工会办公室", "在县总工会的支持下购置。"),
    ("职工健身场所", F.FITNESS, 1, None, (5, 20), "乡政府院内", "职工之家建设开辟的健身场所。"),
    ("羽毛球活动场地", F.BADMINTON, 1, None, (5, 20), "乡政府院内", "职工之家建设开辟的羽毛球活动场地。"),
    ("篮球场地", F.BASKETBALL, 1, None, (5, 20), "乡中心学校旁", "职工之家建设开辟的篮球场地。"),
]


def _day(md: tuple[int, int] | None) -> dt.date | None:
    return dt.date(YEAR, *md) if md else None


# The bureau's next festival activity, taking sign-ups on the member pages: (month, day), occasion, title.
# Festivals the seed reports' activities have already (the demo's tests keep to them).
SIGNUP_FESTIVALS = [
    ((3, 8), Occasion.WOMENS_DAY, "XX局庆祝三八妇女节女职工健步走活动", ActivityKind.SPORTS),
    ((5, 1), Occasion.LABOUR_DAY, "XX局庆五一职工趣味运动会", ActivityKind.SPORTS),
    ((5, 4), Occasion.YOUTH_DAY, "XX局五四青年职工读书分享会", ActivityKind.READING),
    ((7, 1), Occasion.PARTY_DAY, "XX局庆七一职工歌咏比赛", ActivityKind.CULTURE),
]


def _signup_activity(bureau: Organization) -> None:
    """One upcoming activity of the bureau with online sign-up open (the next of the festivals)."""
    today = timezone.localdate()
    if Activity.objects.filter(organization=bureau, signup_open=True, held_on__gt=today).exists():
        return
    soonest = min(
        (
            (day, occasion, title, kind)
            for (month, d), occasion, title, kind in SIGNUP_FESTIVALS
            for day in (dt.date(today.year, month, d), dt.date(today.year + 1, month, d))
            if day > today + dt.timedelta(days=7)
        ),
        key=lambda row: row[0],
    )
    day, occasion, title, kind = soonest
    ensure(
        Activity,
        {"organization": bureau, "title": title, "held_on": day},
        occasion=occasion,
        kind=kind,
        place="局机关职工活动中心",
        organizer="XX局工会",
        audience="全局职工",
        programme="报名参加，名额有限，额满为止。",
        participant_count=0,
        signup_open=True,
        signup_limit=60,
        signup_until=day - dt.timedelta(days=3),
    )


def load(ctx: dict[str, Any]) -> None:
    bureau = ctx.get("bureau") or Organization.objects.get(code="DEMO-BUREAU")
    _signup_activity(bureau)
    changan = ctx.get("changan") or Organization.objects.get(code="DEMO-CHANGAN")
    for name, kind, quantity, funding, built, renovated, location, description in BUREAU_FACILITIES:
        ensure(
            Facility,
            {"organization": bureau, "name": name},
            kind=kind,
            quantity=quantity,
            funding=funding,
            acquired_on=_day(built),
            renovated_on=_day(renovated),
            location=location,
            description=description,
        )
    for name, kind, quantity, funded_by, acquired, location, description in CHANGAN_FACILITIES:
        ensure(
            Facility,
            {"organization": changan, "name": name},
            kind=kind,
            quantity=quantity,
            funding=funded_by or "",
            acquired_on=_day(acquired),
            location=location,
            description=description,
        )
    for title, occasion, activity_kind, day, place, count in CHANGAN_ACTIVITIES:
        ensure(
            Activity,
            {"organization": changan, "title": title},
            occasion=occasion,
            kind=activity_kind,
            held_on=_day(day),
            place=place,
            participant_count=count,
            organizer="长安乡工会",
        )
    qingshan = ctx.get("qingshan_orgs") or {
        o.code: o for o in Organization.objects.filter(code__startswith="DEMO-QS")
    }
    for (
        code,
        title,
        occasion,
        activity_kind,
        day,
        place,
        count,
        audience,
        organizer,
        co,
        items,
        cost,
    ) in QINGSHAN_ACTIVITIES:
        ensure(
            Activity,
            {"organization": qingshan[code], "title": title},
            occasion=occasion,
            kind=activity_kind,
            held_on=_day(day),
            place=place,
            participant_count=count,
            audience=audience,
            organizer=organizer,
            co_organizers=co,
            programme=items,
            cost=Decimal(cost),
        )
