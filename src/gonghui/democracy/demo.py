"""Demo democratic management of XX局 for 2025 (idempotent), and of the unions of 青山县.

Two sessions of the workers' congress passing the four named plans, with follow-up; the
representatives' roster (from the members demo's roster when there is one); proposals; the
局务公开 items and channels of the seed report; the collective contract and the women
workers' special agreement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.committees.demo_people import People, ensure
from gonghui.democracy.models import (
    Channel,
    CollectiveContract,
    Congress,
    ContractKind,
    DelegateCategory,
    Disclosure,
    DisclosureCategory,
    FollowUp,
    FollowUpStatus,
    OfficerReview,
    Proposal,
    ProposalCategory,
    ProposalStatus,
    Representative,
    Resolution,
    ResolutionKind,
    Satisfaction,
)
from gonghui.members.models import Member
from gonghui.orgs.models import CoveredEmployer, Organization

D = dt.date
SESSIONS = [
    {
        "session_no": 1,
        "name": "XX局第五届职工代表大会第一次会议",
        "held_on": D(2025, 3, 20),
        "delegates_present": 43,
        "agenda": "一、听取和审议局2024年工作报告；\n二、审议通过《医疗管理制度改革实施方案》；\n"
        "三、审议通过《工效挂钩技能岗位工资增资方案》；\n四、审议集体合同和女职工权益保护专项协议草案；\n"
        "五、听取2024年度财务收支和业务招待费情况报告；\n六、处理职工代表提案。",
        "resolutions": [
            ("《医疗管理制度改革实施方案》", ResolutionKind.PLAN, (41, 1, 1)),
            ("《工效挂钩技能岗位工资增资方案》", ResolutionKind.PLAN, (40, 2, 1)),
        ],
    },
    {
        "session_no": 2,
        "name": "XX局第五届职工代表大会第二次会议",
        "held_on": D(2025, 9, 18),
        "delegates_present": 41,
        "agenda": "一、审议通过《劳动用工及相关待遇规定的方案》；\n"
        "二、审议通过《优生优育优学优才实施方案》；\n三、听取第一次会议决议和提案落实情况的报告。",
        "resolutions": [
            ("《劳动用工及相关待遇规定的方案》", ResolutionKind.RULES, (39, 1, 1)),
            ("《优生优育优学优才实施方案》", ResolutionKind.PLAN, (40, 0, 1)),
        ],
    },
]

FOLLOW_UPS = {
    "《医疗管理制度改革实施方案》": [
        (
            D(2025, 5, 15),
            FollowUpStatus.IN_PROGRESS,
            "人事劳资科",
            "已制定实施细则，5月起按新办法报销门诊和住院费用。",
        ),
        (
            D(2025, 9, 18),
            FollowUpStatus.DONE,
            "人事劳资科",
            "向第二次会议报告：方案已全面实施，职工医疗费负担减轻。",
        ),
    ],
    "《工效挂钩技能岗位工资增资方案》": [
        (D(2025, 4, 30), FollowUpStatus.DONE, "人事劳资科", "增资自4月起兑现，已随4月工资发放到位。"),
    ],
    "《劳动用工及相关待遇规定的方案》": [
        (
            D(2025, 11, 20),
            FollowUpStatus.IN_PROGRESS,
            "人事劳资科",
            "已修订劳动用工管理办法，完成全局岗位核定。",
        ),
    ],
    "《优生优育优学优才实施方案》": [
        (D(2025, 12, 15), FollowUpStatus.IN_PROGRESS, "工会办公室", "已审核并发放第一批奖励，工会监督落实。"),
    ],
}

# (session, title, category, status, department, reply, replied_on, satisfaction, reason)
PROPOSALS = [
    (
        1,
        "关于组织职工参加全区职工医疗互助保险的提案",
        ProposalCategory.WAGES,
        ProposalStatus.ACCEPTED,
        "工会办公室",
        "已组织职工参加全区职工医疗互助保险，保险金由工会和行政共同负担50%、职工个人负担50%，参保率95%以上。",
        D(2025, 4, 25),
        Satisfaction.SATISFIED,
        "",
    ),
    (
        1,
        "关于改善职工文体活动场所的提案",
        ProposalCategory.LIVING,
        ProposalStatus.ACCEPTED,
        "后勤服务中心",
        "利用技协发展基金建设标准篮球场和地掷球场各一个，翻新职工俱乐部气排球场。",
        D(2025, 6, 30),
        Satisfaction.SATISFIED,
        "",
    ),
    (
        1,
        "关于加强班组劳动保护监督检查员培训的提案",
        ProposalCategory.SAFETY,
        ProposalStatus.ACCEPTED,
        "安全生产科",
        "已对新一届职工代表、工会小组长和劳动保护监督检查员集中培训。",
        D(2025, 5, 20),
        Satisfaction.BASIC,
        "",
    ),
    (
        1,
        "关于提高职工午餐补贴的提案",
        ProposalCategory.WAGES,
        ProposalStatus.CONVERTED,
        "",
        "",
        None,
        "",
        "涉及工资总额调整，并入《工效挂钩技能岗位工资增资方案》统筹考虑。",
    ),
    (
        2,
        "关于鼓励职工在职学习提高学历的提案",
        ProposalCategory.TRAINING,
        ProposalStatus.ACCEPTED,
        "人事劳资科",
        "行政和工会已出台专项鼓励方案，职工在职取得本科以上学历学位的给予奖励。",
        D(2025, 11, 10),
        Satisfaction.SATISFIED,
        "",
    ),
]

# (date, item, category, channel, period start, period end, session)
DISCLOSURES = [
    (
        D(2025, 1, 15),
        "2024年度领导干部电话费使用情况",
        DisclosureCategory.HOSPITALITY_PHONE,
        Channel.NOTICE_BOARD,
        D(2024, 1, 1),
        D(2024, 12, 31),
        None,
    ),
    (
        D(2025, 1, 15),
        "2024年度业务招待费开支情况",
        DisclosureCategory.HOSPITALITY_PHONE,
        Channel.NOTICE_BOARD,
        D(2024, 1, 1),
        D(2024, 12, 31),
        None,
    ),
    (
        D(2025, 3, 20),
        "2024年度局财务收支情况",
        DisclosureCategory.FINANCE,
        Channel.CONGRESS,
        D(2024, 1, 1),
        D(2024, 12, 31),
        1,
    ),
    (
        D(2025, 3, 20),
        "《医疗管理制度改革实施方案》",
        DisclosureCategory.MAJOR_DECISION,
        Channel.CONGRESS,
        None,
        None,
        1,
    ),
    (
        D(2025, 3, 20),
        "《工效挂钩技能岗位工资增资方案》",
        DisclosureCategory.WAGES,
        Channel.CONGRESS,
        None,
        None,
        1,
    ),
    (
        D(2025, 4, 10),
        "2025年一季度用工情况（新进、调配人员）",
        DisclosureCategory.HIRING,
        Channel.NOTICE_BOARD,
        D(2025, 1, 1),
        D(2025, 3, 31),
        None,
    ),
    (
        D(2025, 6, 5),
        "中层领导干部提拔任用公示",
        DisclosureCategory.PROMOTION,
        Channel.NOTICE_BOARD,
        None,
        None,
        None,
    ),
    (
        D(2025, 7, 1),
        "2025年入党积极分子和职工入学推荐名单",
        DisclosureCategory.ADMISSIONS,
        Channel.NOTICE_BOARD,
        None,
        None,
        None,
    ),
    (
        D(2025, 7, 10),
        "2025年上半年领导干部电话费、业务招待费",
        DisclosureCategory.HOSPITALITY_PHONE,
        Channel.NOTICE_BOARD,
        D(2025, 1, 1),
        D(2025, 6, 30),
        None,
    ),
    (
        D(2025, 9, 18),
        "《劳动用工及相关待遇规定的方案》",
        DisclosureCategory.HIRING,
        Channel.CONGRESS,
        None,
        None,
        2,
    ),
    (
        D(2025, 9, 18),
        "《优生优育优学优才实施方案》",
        DisclosureCategory.WELFARE,
        Channel.CONGRESS,
        None,
        None,
        2,
    ),
    (
        D(2025, 10, 15),
        "2025年职工离退休名单及待遇",
        DisclosureCategory.RETIREMENT,
        Channel.NOTICE_BOARD,
        D(2025, 1, 1),
        D(2025, 12, 31),
        None,
    ),
]

# 45 delegates: 8 managers, 27 frontline workers, 10 technical staff; 13 of them women.
DELEGATES, MANAGERS, FRONTLINE, WOMEN = 45, 8, 27, 13


def _roster(people: People) -> list[tuple[Any, str]]:
    """The term's delegates as (member, category), picked from the roster; empty without one."""
    women = [people.pick(f"delegate-f{i}", "F") for i in range(WOMEN)]
    men = [people.pick(f"delegate-m{i}", "M") for i in range(DELEGATES - WOMEN)]
    chosen = [m for m in women + men if m is not None]
    if len(chosen) < DELEGATES:
        return []
    # Interleave so that women are among every category, then assign categories in order.
    ordered = [m for pair in zip(men[:WOMEN], women, strict=True) for m in pair] + men[WOMEN:]
    cats = [DelegateCategory.MANAGEMENT] * MANAGERS + [DelegateCategory.FRONTLINE] * FRONTLINE
    cats += [DelegateCategory.TECHNICAL] * (DELEGATES - MANAGERS - FRONTLINE)
    return list(zip(ordered, cats, strict=True))


def load(ctx: dict[str, Any]) -> None:
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    roster = _roster(People(bureau))
    sessions: dict[int, Congress] = {}
    for spec in SESSIONS:
        congress = ensure(
            Congress,
            {"organization": bureau, "kind": "workers", "term_no": 5, "session_no": spec["session_no"]},
            name=spec["name"],
            held_on=spec["held_on"],
            place="局机关四楼会议室",
            delegates_total=DELEGATES,
            delegates_present=spec["delegates_present"],
            frontline_delegates=FRONTLINE,
            women_delegates=WOMEN,
            management_delegates=MANAGERS,
            agenda=spec["agenda"],
        )
        sessions[spec["session_no"]] = congress
        absent = DELEGATES - spec["delegates_present"]
        for i, (member, category) in enumerate(roster):
            ensure(
                Representative,
                {"congress": congress, "member": member},
                organization=bureau,
                category=category,
                unit=getattr(member, "union_group", None),
                attended=i < DELEGATES - absent,
            )
        for title, kind, (yes, no, abstain) in spec["resolutions"]:
            resolution = ensure(
                Resolution,
                {"congress": congress, "title": title},
                organization=bureau,
                kind=kind,
                votes_for=yes,
                votes_against=no,
                votes_abstain=abstain,
            )
            for day, status, department, progress in FOLLOW_UPS[title]:
                ensure(
                    FollowUp,
                    {"resolution": resolution, "reported_on": day},
                    organization=bureau,
                    status=status,
                    department=department,
                    progress=progress,
                )

    submitters = [m for m, _c in roster] or [None]
    for i, (session, title, category, status, dept, reply, replied, rating, reason) in enumerate(PROPOSALS):
        member = submitters[(i * 7) % len(submitters)]
        ensure(
            Proposal,
            {"congress": sessions[session], "title": title},
            organization=bureau,
            number=f"{session}-{i + 1:02d}",
            submitter=member.name if member is not None else "职工代表",
            submitter_member=member,
            seconders="、".join(m.name for m in submitters[i + 1 : i + 3] if m is not None),
            category=category,
            status=status,
            handling_department=dept,
            reply=reply,
            replied_on=replied,
            satisfaction=rating,
            reason=reason,
        )

    for day, item, category, channel, start, end, session in DISCLOSURES:
        ensure(
            Disclosure,
            {"organization": bureau, "item": item, "disclosed_on": day},
            category=category,
            channel=channel,
            period_start=start,
            period_end=end,
            congress=sessions.get(session) if session else None,
        )

    first = sessions[1]
    for title, kind, covered in [
        ("XX局集体合同（2025—2028年）", ContractKind.COMPREHENSIVE, 426),
        ("XX局女职工权益保护专项集体合同", ContractKind.WOMEN, 118),
    ]:
        ensure(
            CollectiveContract,
            {"organization": bureau, "title": title},
            kind=kind,
            employer_party="XX局",
            employer_representative="赵志远",
            union_representative="王建国",
            covered_employees=covered,
            congress=first,
            signed_on=D(2025, 3, 28),
            filed_on=D(2025, 4, 3),
            filed_with="XX市人力资源和社会保障局",
            effective_from=D(2025, 4, 20),
            effective_to=D(2028, 4, 19),
        )

    _collecting_session(bureau, roster)
    _qingshan(ctx)


PORTAL_DEMO_MOBILE = "13800000001"  # the member pages' demo member (the portal demo sets the number)


def _collecting_session(bureau: Organization, roster: list[tuple[Any, str]]) -> None:
    """The next session, collecting proposals online now (提案征集), with the member pages' demo
    member on its roster: they can submit a proposal on their phone."""
    today = timezone.localdate()
    congress = ensure(
        Congress,
        {"organization": bureau, "kind": "workers", "term_no": 5, "session_no": 3},
        name="XX局第五届职工代表大会第三次会议",
        held_on=today + dt.timedelta(days=45),
        place="局机关四楼会议室",
        delegates_total=DELEGATES,
        delegates_present=0,
        agenda="筹备中：征集职工代表提案。",
        proposals_open_from=today - dt.timedelta(days=7),
        proposals_open_until=today + dt.timedelta(days=30),
    )
    if not congress.proposals_open_on(today):  # the demo loaded long ago: open the window again
        congress.proposals_open_from = today - dt.timedelta(days=7)
        congress.proposals_open_until = min(today + dt.timedelta(days=30), congress.held_on)
        congress.save(update_fields=["proposals_open_from", "proposals_open_until"])
    members = [m for m, _c in roster]
    phone = Member.objects.filter(mobile=PORTAL_DEMO_MOBILE, organization=bureau).first()
    if phone is not None and phone not in members:
        # The roster keeps its size: the phone's member takes the last seat.
        kept = roster[:-1] if members else []
        roster = [*kept, (phone, roster[-1][1] if members else DelegateCategory.FRONTLINE)]
    for member, category in roster:
        ensure(
            Representative,
            {"congress": congress, "member": member},
            organization=bureau,
            category=category,
            unit=getattr(member, "union_group", None),
            attended=False,  # not held yet
        )


# The third tree's contracts: union code, title, kind, employer party, employees, signed, from, to.
QINGSHAN_CONTRACTS = [
    (
        "DEMO-QS-CG-SM",
        "城关镇商贸区域性集体合同（2022—2025年）",
        ContractKind.REGIONAL,
        "城关镇商贸企业协会",
        310,
        D(2022, 2, 20),
        D(2022, 3, 1),
        D(2025, 2, 28),
    ),
    (
        "DEMO-QS-CG-SM",
        "城关镇商贸区域性集体合同（2025—2028年）",
        ContractKind.REGIONAL,
        "城关镇商贸企业协会",
        326,
        D(2025, 2, 25),
        D(2025, 3, 1),
        D(2028, 2, 28),
    ),
    (
        "DEMO-QS-CG-JZ",
        "城关镇建筑业行业集体合同",
        ContractKind.SECTOR,
        "城关镇建筑业协会",
        240,
        D(2024, 5, 10),
        D(2024, 6, 1),
        D(2027, 5, 31),
    ),
    (
        "DEMO-QS-CG-XY",
        "鑫源机械集体合同",
        ContractKind.COMPREHENSIVE,
        "青山县鑫源机械制造有限公司",
        212,
        D(2024, 6, 20),
        D(2024, 7, 1),
        D(2027, 6, 30),
    ),
    (
        "DEMO-QS-CG-XY",
        "鑫源机械2025年度工资专项集体合同",
        ContractKind.WAGE,
        "青山县鑫源机械制造有限公司",
        212,
        D(2025, 3, 18),
        D(2025, 4, 1),
        D(2026, 3, 31),
    ),
    (
        "DEMO-QS-HP-LH",
        "黄坡镇个体私营企业区域性集体合同",
        ContractKind.REGIONAL,
        "黄坡镇个体私营企业协会",
        180,
        D(2025, 4, 22),
        D(2025, 5, 1),
        D(2028, 4, 30),
    ),
    (
        "DEMO-QS-HP-SP",
        "华丰食品集体合同",
        ContractKind.COMPREHENSIVE,
        "黄坡镇华丰食品有限公司",
        135,
        D(2023, 1, 10),
        D(2023, 1, 1),
        D(2025, 12, 31),
    ),
    (
        "DEMO-QS-HP-SP",
        "华丰食品2025年度工资专项集体合同",
        ContractKind.WAGE,
        "黄坡镇华丰食品有限公司",
        135,
        D(2025, 2, 28),
        D(2025, 3, 1),
        D(2026, 2, 28),
    ),
]

# Sessions of the third tree: union code, kind, term, session, title, date, delegates, present.
QINGSHAN_SESSIONS = [
    ("DEMO-QS-CG-XY", "workers", 3, 2, "鑫源机械第三届职工代表大会第二次会议", D(2025, 3, 12), 30, 27),
    ("DEMO-QS-CG-SM", "workers", 2, 1, "城关镇商贸区域职工代表大会第二届第一次会议", D(2025, 2, 18), 45, 39),
    ("DEMO-QS-HP-SP", "workers", 4, 3, "华丰食品第四届职工代表大会第三次会议", D(2025, 2, 20), 24, 22),
    ("DEMO-QS-HP-LH", "labour_talks", 2025, 1, "黄坡镇个体私营企业劳资恳谈会", D(2025, 6, 26), 28, 25),
]

QINGSHAN_DISCLOSURES = [
    ("DEMO-QS-CG-XY", D(2025, 3, 12), "2024年度财务收支情况", DisclosureCategory.FINANCE, Channel.CONGRESS),
    ("DEMO-QS-CG-XY", D(2025, 7, 1), "2025年工资调整方案", DisclosureCategory.WAGES, Channel.NOTICE_BOARD),
    ("DEMO-QS-HP-SP", D(2025, 2, 20), "职工社会保险缴纳情况", DisclosureCategory.WELFARE, Channel.CONGRESS),
]


def _qingshan(ctx: dict[str, Any]) -> None:
    """The third tree: contracts (a regional one renewed in 2025, listing the employers its union
    covers), wage agreements, sessions, a consultation meeting, disclosures, an officers' review."""
    orgs = ctx.get("qingshan_orgs") or {
        o.code: o for o in Organization.objects.filter(code__startswith="DEMO-QS")
    }
    if not orgs:
        return
    sessions: dict[str, Congress] = {}
    for code, kind, term, no, name, day, total, present in QINGSHAN_SESSIONS:
        sessions[code] = ensure(
            Congress,
            {"organization": orgs[code], "kind": kind, "term_no": term, "session_no": no},
            name=name,
            held_on=day,
            delegates_total=total,
            delegates_present=present,
        )
    earlier: dict[str, CollectiveContract] = {}
    for code, title, kind, party, covered, signed, start, end in QINGSHAN_CONTRACTS:
        union = orgs[code]
        previous = earlier.get(f"{code}/{kind}")
        contract = ensure(
            CollectiveContract,
            {"organization": union, "title": title},
            kind=kind,
            employer_party=party,
            covered_employees=covered,
            signed_on=signed,
            effective_from=start,
            effective_to=end,
            renews=previous if previous is not None and previous.effective_to < start else None,
            filed_with="青山县人力资源和社会保障局",
        )
        earlier[f"{code}/{kind}"] = contract
        if kind in (ContractKind.REGIONAL, ContractKind.SECTOR) and not contract.covered_employers.exists():
            # The employers the orgs demo lists for this union (none yet: the contract lists none).
            contract.covered_employers.set(CoveredEmployer.objects.filter(organization=union))
    for code, day, item, category, channel in QINGSHAN_DISCLOSURES:
        held = sessions.get(code)
        ensure(
            Disclosure,
            {"organization": orgs[code], "item": item, "disclosed_on": day},
            category=category,
            channel=channel,
            congress=held if held is not None and held.held_on == day else None,
        )
    ensure(
        OfficerReview,
        {"organization": orgs["DEMO-QS-CG-XY"], "held_on": D(2025, 3, 12)},
        officers="刘德厚（总经理）、陈卫东（副总经理）、何秀兰（工会主席）",
        congress=sessions["DEMO-QS-CG-XY"],
        participants=27,
        rated_good=21,
        rated_fair=5,
        rated_poor=1,
        note="职工代表对管理人员的评议结果在厂务公开栏公示；提出的加班费核算意见已交人事部门整改。",
    )
