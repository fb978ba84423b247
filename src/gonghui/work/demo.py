"""Demo union work of 2025: the meetings, visits, work plan and publicity of 城关镇总工会 and its
unions (third demo tree, 青山县), a little of 黄坡镇总工会, and one meeting and plan of XX局工会.

城关镇's committee met in three quarters of four (no meeting in the third): the plan's item
"每季度召开一次工会委员会会议" is still in progress, and with one more open item it waits for
the user to carry it into 2026 ("结转未完成事项到下一年度" on the plan's page): the demo does not.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.orgs.models import Organization
from gonghui.protection.demo_support import ensure
from gonghui.work.models import (
    Channel,
    ItemStatus,
    MeetingKind,
    PlanItem,
    Programme,
    PublicityItem,
    PublicityKind,
    PublicityLevel,
    PublicityStatus,
    WorkMeeting,
    WorkPlan,
)

YEAR = 2025
M = MeetingKind

# code, kind, (month, day), title, place, chaired by, attendance, employers visited, decisions
MEETINGS: list[tuple[str, str, tuple[int, int], str, str, str, int, str, str]] = [
    (
        "DEMO-QS-CG",
        M.COMMITTEE,
        (1, 16),
        "2025年第一次工会委员会会议",
        "镇工会会议室",
        "周志刚",
        9,
        "",
        "审议通过2025年工作计划草案，确定“职工说事”工作品牌年度重点。",
    ),
    (
        "DEMO-QS-CG",
        M.COMMITTEE,
        (4, 10),
        "2025年第二次工会委员会会议",
        "镇工会会议室",
        "周志刚",
        8,
        "",
        "研究“五一”系列活动和建筑业农民工入会集中行动。",
    ),
    (
        "DEMO-QS-CG",
        M.COMMITTEE,
        (10, 22),
        "2025年第三次工会委员会会议",
        "镇工会会议室",
        "周志刚",
        9,
        "",
        "听取前三季度工作计划落实情况，部署年终考核迎检。",
    ),
    (
        "DEMO-QS-CG",
        M.MOBILIZATION,
        (3, 5),
        "2025年“安康杯”竞赛暨劳动竞赛动员会",
        "镇政府三楼会议室",
        "周志刚",
        46,
        "",
        "各基层工会3月底前完成参赛班组报名。",
    ),
    (
        "DEMO-QS-CG",
        M.ON_SITE,
        (6, 18),
        "工业园区联合工会规范化建设现场会",
        "城关镇工业园区",
        "周志刚",
        32,
        "",
        "推广园区联合工会“会员说事室”做法。",
    ),
    (
        "DEMO-QS-CG",
        M.FORUM,
        (5, 20),
        "“职工说事”座谈会",
        "镇职工服务中心",
        "刘晓梅",
        18,
        "",
        "收集职工诉求12条，交相关单位限期答复。",
    ),
    (
        "DEMO-QS-CG",
        M.VISIT,
        (3, 26),
        "走访鑫源机械了解一线职工诉求",
        "",
        "周志刚",
        4,
        "青山县鑫源机械制造有限公司",
        "督促企业落实高温岗位津贴。",
    ),
    (
        "DEMO-QS-CG",
        M.VISIT,
        (7, 9),
        "商贸区夏送清凉走访调研",
        "城关镇商贸区",
        "刘晓梅",
        5,
        "青山县华联超市有限公司, 城关镇好又多商贸有限公司",
        "",
    ),
    (
        "DEMO-QS-CG",
        M.VISIT,
        (9, 17),
        "建筑工地农民工入会情况调研",
        "城关镇滨河新区工地",
        "周志刚",
        4,
        "青山县宏达建筑工程有限公司",
        "指导项目部建立项目工会。",
    ),
    (
        "DEMO-QS",
        M.COMMITTEE,
        (1, 8),
        "县总工会十四届委员会第五次全体会议",
        "县总工会会议室",
        "何建华",
        21,
        "",
        "",
    ),
    (
        "DEMO-QS",
        M.COMMITTEE,
        (7, 3),
        "县总工会十四届委员会第六次全体会议",
        "县总工会会议室",
        "何建华",
        20,
        "",
        "",
    ),
    # The unions below: one meets every quarter, another in two.
    ("DEMO-QS-CG-XY", M.COMMITTEE, (2, 20), "一季度工会委员会会议", "公司会议室", "陈立军", 7, "", ""),
    ("DEMO-QS-CG-XY", M.COMMITTEE, (5, 15), "二季度工会委员会会议", "公司会议室", "陈立军", 7, "", ""),
    ("DEMO-QS-CG-XY", M.COMMITTEE, (8, 14), "三季度工会委员会会议", "公司会议室", "陈立军", 6, "", ""),
    ("DEMO-QS-CG-XY", M.COMMITTEE, (11, 13), "四季度工会委员会会议", "公司会议室", "陈立军", 7, "", ""),
    ("DEMO-QS-CG-XX", M.COMMITTEE, (3, 12), "学校工会委员会会议", "学校会议室", "吴芳", 5, "", ""),
    ("DEMO-QS-CG-XX", M.COMMITTEE, (9, 10), "学校工会委员会会议（秋季）", "学校会议室", "吴芳", 5, "", ""),
    (
        "DEMO-QS-CG-YQ",
        M.VISIT,
        (4, 22),
        "走访园区新入驻企业宣传建会",
        "",
        "杨军",
        3,
        "青山县瑞丰电子有限公司",
        "",
    ),
    ("DEMO-QS-HP", M.COMMITTEE, (2, 27), "黄坡镇工会委员会第一次会议", "镇工会办公室", "郑国庆", 7, "", ""),
    ("DEMO-QS-HP", M.COMMITTEE, (8, 28), "黄坡镇工会委员会第二次会议", "镇工会办公室", "郑国庆", 7, "", ""),
    ("DEMO-QS-HP", M.DEPLOYMENT, (3, 18), "2025年工会工作部署会", "镇政府会议室", "郑国庆", 28, "", ""),
    (
        "DEMO-BUREAU",
        M.COMMITTEE,
        (1, 9),
        "局工会委员会2025年第一次会议",
        "局机关会议室",
        "王建国",
        9,
        "",
        "审议年度工作计划和经费预算。",
    ),
]

PROGRAMME = (
    "城关镇'职工说事'工作品牌",
    "每月固定一天由镇工会干部在职工服务中心听取职工诉求，分办、督办、回访。",
    (2023, 5, 1),
)

# content, owner, (month, day) due, status, target metric, target value, result
CG_ITEMS: list[tuple[str, str, tuple[int, int], str, str, Decimal | None, str]] = [
    (
        "每季度至少召开一次工会委员会会议",
        "周志刚",
        (12, 31),
        ItemStatus.IN_PROGRESS,
        "committee_meeting_quarters",
        Decimal(4),
        "",
    ),
    (
        "深入企业走访调研不少于3次",
        "刘晓梅",
        (11, 30),
        ItemStatus.DONE,
        "employer_visits",
        Decimal(3),
        "走访鑫源机械、商贸区企业和建筑工地。",
    ),
    ("开展“职工说事”月度议事活动", "刘晓梅", (12, 15), ItemStatus.DONE, "", None, "全年开展议事活动11次。"),
    (
        "开展普法宣传不少于3次",
        "李娜",
        (12, 10),
        ItemStatus.DONE,
        "legal_education_count",
        Decimal(3),
        "结合“宪法宣传周”等开展普法宣传。",
    ),
    (
        "建筑业农民工入会集中行动",
        "周志刚",
        (10, 31),
        ItemStatus.IN_PROGRESS,
        "",
        None,
        "已指导一个项目部筹建项目工会。",
    ),
    (
        "编印《城关工会》简报，向县总工会报送信息",
        "李娜",
        (12, 20),
        ItemStatus.DONE,
        "publicity_published",
        Decimal(4),
        "",
    ),
    (
        "职工书屋提档升级",
        "刘晓梅",
        (9, 30),
        ItemStatus.CANCELLED,
        "",
        None,
        "并入县总工会职工书屋项目，不再单列。",
    ),
]

BUREAU_ITEMS: list[tuple[str, str, tuple[int, int], str, str, Decimal | None, str]] = [
    (
        "按季度召开工会委员会会议",
        "王建国",
        (12, 31),
        ItemStatus.IN_PROGRESS,
        "committee_meeting_quarters",
        Decimal(4),
        "",
    ),
    ("组织“五一”职工拔河比赛", "王建国", (5, 1), ItemStatus.DONE, "", None, "60名职工参加。"),
]

P, C, L, S = PublicityKind, Channel, PublicityLevel, PublicityStatus
# code, kind, title, channel, (month, day), outlet, level, status
PUBLICITY: list[tuple[str, str, str, str, tuple[int, int], str, str, str]] = [
    (
        "DEMO-QS-CG",
        P.REPORT,
        "城关镇“职工说事”让诉求有处说、有人办",
        C.NEWSPAPER,
        (6, 3),
        "青山日报",
        L.COUNTY,
        S.PUBLISHED,
    ),
    (
        "DEMO-QS-CG",
        P.REPORT,
        "城关镇总工会开展夏送清凉活动",
        C.WECHAT,
        (7, 10),
        "青山工会微信公众号",
        L.COUNTY,
        S.PUBLISHED,
    ),
    (
        "DEMO-QS-CG",
        P.REPORT,
        "园区联合工会规范化建设现场会召开",
        C.WEBSITE,
        (6, 19),
        "青山县总工会网站",
        L.COUNTY,
        S.PUBLISHED,
    ),
    (
        "DEMO-QS-CG",
        P.LEGAL,
        "《工会法》进企业宣传活动",
        C.BOARD,
        (3, 15),
        "工业园区宣传栏",
        L.OWN,
        S.PUBLISHED,
    ),
    ("DEMO-QS-CG", P.LEGAL, "农民工劳动合同普法咨询", C.OTHER, (9, 17), "滨河新区工地", L.OWN, S.PUBLISHED),
    ("DEMO-QS-CG", P.LEGAL, "“宪法宣传周”普法宣传", C.BOARD, (12, 4), "镇职工服务中心", L.OWN, S.PUBLISHED),
    (
        "DEMO-QS-CG",
        P.INFORMATION,
        "城关镇建筑业农民工入会工作情况",
        C.BULLETIN,
        (9, 25),
        "青山县总工会《工会信息》",
        L.COUNTY,
        S.PUBLISHED,
    ),
    (
        "DEMO-QS-CG",
        P.INFORMATION,
        "城关镇总工会一季度工作动态",
        C.BULLETIN,
        (4, 2),
        "青山县总工会《工会信息》",
        L.COUNTY,
        S.PUBLISHED,
    ),
    (
        "DEMO-QS-CG",
        P.INFORMATION,
        "“职工说事”工作品牌经验材料",
        C.BULLETIN,
        (11, 18),
        "市总工会《工会工作》",
        L.CITY,
        S.SUBMITTED,
    ),
    (
        "DEMO-QS-CG-XY",
        P.REPORT,
        "鑫源机械技能比武决出十佳焊工",
        C.WECHAT,
        (10, 12),
        "鑫源机械公众号",
        L.OWN,
        S.PUBLISHED,
    ),
    ("DEMO-QS-HP", P.LEGAL, "食品企业职工普法讲座", C.OTHER, (5, 28), "华丰食品公司", L.OWN, S.PUBLISHED),
    (
        "DEMO-QS-HP",
        P.INFORMATION,
        "黄坡镇工会工作部署会召开",
        C.BULLETIN,
        (3, 20),
        "青山县总工会《工会信息》",
        L.COUNTY,
        S.SUBMITTED,
    ),
]


def _day(md: tuple[int, int]) -> dt.date:
    return dt.date(YEAR, *md)


def _plan(org: Organization, title: str, adopted: dt.date, programme: Programme | None, items: list) -> None:
    plan = ensure(
        WorkPlan, {"organization": org, "year": YEAR}, title=title, adopted_on=adopted, programme=programme
    )
    for content, owner, due, status, target_metric, target_value, result in items:
        ensure(
            PlanItem,
            {"plan": plan, "content": content},
            organization=org,
            responsible=owner,
            due_on=_day(due),
            status=status,
            target_metric=target_metric,
            target_value=target_value,
            result=result,
        )


def load(ctx: dict[str, Any]) -> None:
    orgs: dict[str, Organization] = dict(ctx.get("qingshan_orgs") or {})
    orgs["DEMO-BUREAU"] = ctx.get("bureau") or Organization.objects.get(code="DEMO-BUREAU")
    for code, kind, day, title, place, chair, count, employers, decisions in MEETINGS:
        org = orgs.get(code) or Organization.objects.get(code=code)
        ensure(
            WorkMeeting,
            {"organization": org, "title": title},
            kind=kind,
            held_on=_day(day),
            place=place,
            chaired_by=chair,
            attendee_count=count,
            employers_visited=employers,
            decisions=decisions,
        )
    chengguan = orgs.get("DEMO-QS-CG") or Organization.objects.get(code="DEMO-QS-CG")
    name, description, since = PROGRAMME
    brand = ensure(
        Programme, {"organization": chengguan, "name": name}, description=description, since=dt.date(*since)
    )
    _plan(chengguan, "城关镇总工会2025年工作计划", dt.date(YEAR, 2, 18), brand, CG_ITEMS)
    _plan(orgs["DEMO-BUREAU"], "XX局工会2025年工作要点", dt.date(YEAR, 1, 20), None, BUREAU_ITEMS)
    for code, kind, title, channel, day, outlet, level, status in PUBLICITY:
        org = orgs.get(code) or Organization.objects.get(code=code)
        ensure(
            PublicityItem,
            {"organization": org, "title": title},
            kind=kind,
            channel=channel,
            published_on=_day(day),
            outlet=outlet,
            level=level,
            status=status,
        )
