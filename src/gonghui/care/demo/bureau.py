"""Demo care records of XX局工会 (the first seed report), 2025."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.accounts.access import get_access
from gonghui.care.demo.common import YEAR, D, aid_case, hardship_file, pick, visit, ymd
from gonghui.care.models import (
    AidKind,
    FundSource,
    HardshipCause,
    HardshipFile,
    HardshipReview,
    InsuranceClaim,
    InsurancePlan,
    Occasion,
    TargetGroup,
)
from gonghui.care.services import hardship, insurance
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

BUREAU_LEADERS = "局党委书记、局长、分管工会工作的纪委书记"
BUREAU_OFFICERS = "局工会主席王建国、工会委员"


def visits(bureau: Organization, actor: Any, members: list[Member]) -> None:
    spring = {
        "occasion": Occasion.SPRING_FESTIVAL,
        "leaders": BUREAU_LEADERS,
        "union_officers": BUREAU_OFFICERS,
    }
    frontline = members[200:260]
    visit(
        bureau,
        actor,
        frontline,
        title="春节慰问水电站生产一线职工",
        target_group=TargetGroup.FRONTLINE,
        visited_on=ymd(1, 20),
        recipient_count=len(frontline) or 60,
        cash_amount=D("12000"),
        goods_value=D("6000"),
        goods="大米、食用油",
        place="第一、第二水电站",
        source=FundSource.ADMINISTRATION,
        **spring,
    )
    visit(
        bureau,
        actor,
        [],
        title="春节走访慰问离退休职工",
        target_group=TargetGroup.RETIREES,
        visited_on=ymd(1, 21),
        recipient_names="离退休职工",
        recipient_count=38,
        cash_amount=D("11400"),
        goods_value=D("3800"),
        goods="慰问品",
        **spring,
    )
    sick = members[300:305]
    visit(
        bureau,
        actor,
        sick,
        title="春节慰问长期病休职工",
        target_group=TargetGroup.LONG_TERM_SICK,
        visited_on=ymd(1, 22),
        recipient_count=len(sick) or 5,
        cash_amount=D("2500"),
        goods_value=D("1000"),
        goods="营养品",
        **spring,
    )
    hardship_members = pick(members, 7, 58, 133)
    visit(
        bureau,
        actor,
        hardship_members,
        title="春节慰问困难职工家庭",
        target_group=TargetGroup.HARDSHIP,
        visited_on=ymd(1, 23),
        recipient_count=len(hardship_members) or 3,
        cash_amount=D("2400"),
        goods_value=D("900"),
        goods="米、面、油",
        **spring,
    )
    new_year = {"occasion": Occasion.NEW_YEAR, "leaders": BUREAU_LEADERS, "union_officers": BUREAU_OFFICERS}
    visit(
        bureau,
        actor,
        members[260:300],
        title="元旦慰问坚守岗位的一线职工",
        target_group=TargetGroup.FRONTLINE,
        visited_on=ymd(12, 30),
        recipient_count=len(members[260:300]) or 40,
        goods_value=D("4000"),
        goods="水果、慰问品",
        **new_year,
    )
    visit(
        bureau,
        actor,
        [],
        title="元旦走访离退休职工",
        target_group=TargetGroup.RETIREES,
        visited_on=ymd(12, 31),
        recipient_names="离退休职工",
        recipient_count=38,
        goods_value=D("1900"),
        goods="慰问品",
        **new_year,
    )
    for position, day in [(15, ymd(3, 12)), (88, ymd(6, 8)), (170, ymd(9, 17))]:
        patient = pick(members, position)
        visit(
            bureau,
            actor,
            patient,
            title="住院探望生病职工",
            occasion=Occasion.HOSPITAL,
            target_group=TargetGroup.PATIENTS,
            visited_on=day,
            union_officers=BUREAU_OFFICERS,
            recipient_count=1,
            cash_amount=D("500"),
            goods_value=D("200"),
            goods="水果、营养品",
            place="市第一人民医院",
        )
    visit(
        bureau,
        actor,
        [],
        title="退休职工病故，慰问家属并协助料理后事",
        occasion=Occasion.BEREAVEMENT,
        target_group=TargetGroup.BEREAVED,
        visited_on=ymd(4, 3),
        union_officers=BUREAU_OFFICERS,
        recipient_names="逝者家属",
        recipient_count=1,
        cash_amount=D("1000"),
        goods_value=D("300"),
        goods="花圈",
        note="工会联系交通车辆，协助家属办理后事。",
    )
    visit(
        bureau,
        actor,
        members[100:140],
        title="夏送清凉：慰问输电线路、外线工班户外作业职工",
        occasion=Occasion.SUMMER_COOLING,
        target_group=TargetGroup.FRONTLINE,
        visited_on=ymd(7, 15),
        union_officers=BUREAU_OFFICERS,
        recipient_count=len(members[100:140]) or 40,
        goods_value=D("8000"),
        goods="防暑降温药品、饮料",
    )


def hardship_files(bureau: Organization, actor: Any, members: list[Member]) -> list[HardshipFile]:
    picked = pick(members, 7, 58, 133)
    if len(picked) < 3:
        return []
    ill, single, flooded = picked
    files = [
        hardship_file(
            bureau,
            actor,
            ill,
            [
                {"name": "配偶", "relation": "spouse", "age": 44, "health": "chronic", "occupation": "失业"},
                {"name": "子女", "relation": "child", "age": 12, "occupation": "初中在读"},
            ],
            file_no="KN-2024-01",
            assessed_on=ymd(3, 12, 2024),
            causes=[HardshipCause.ILLNESS, HardshipCause.SPOUSE_UNEMPLOYED],
            annual_income=D("30000"),
            rigid_expenses=D("9000"),
            household_size=3,
            situation="本人患慢性肾病长期透析，配偶失业，子女就读初中。",
        ),
        hardship_file(
            bureau,
            actor,
            single,
            [{"name": "子女", "relation": "child", "age": 19, "occupation": "大学在读"}],
            file_no="KN-2025-01",
            assessed_on=ymd(1, 5),
            causes=[HardshipCause.SINGLE_PARENT, HardshipCause.SCHOOLING],
            annual_income=D("42000"),
            rigid_expenses=D("15000"),
            household_size=2,
            situation="单亲家庭，子女就读大学，学费生活费负担重。",
        ),
        hardship_file(
            bureau,
            actor,
            flooded,
            [
                {"name": "配偶", "relation": "spouse", "age": 47, "occupation": "个体经营"},
                {"name": "父亲", "relation": "parent", "age": 76, "health": "serious"},
                {"name": "子女", "relation": "child", "age": 16, "occupation": "高中在读"},
            ],
            file_no="KN-2025-02",
            assessed_on=ymd(7, 22),
            causes=[HardshipCause.DISASTER],
            annual_income=D("120000"),
            rigid_expenses=D("20000"),
            household_size=4,
            disaster_or_accident=True,
            situation="2025年7月暴雨致住房严重受损，父亲重病。",
        ),
    ]
    if not HardshipReview.objects.filter(hardship_file=files[0], year=YEAR).exists():
        hardship.review_create(
            actor=actor,
            organization=bureau,
            data={
                "hardship_file": files[0],
                "reviewed_on": ymd(11, 20),
                "annual_income": D("28000"),
                "rigid_expenses": D("11000"),
                "household_size": 3,
                "disaster_or_accident": False,
                "level": "",
                "result": "continue",
                "note": "年度复核：透析费用增加，仍属深度困难，继续帮扶。",
            },
        )
    return files


def aid_cases(bureau: Organization, chair: Any, payer: Any, files: list[HardshipFile]) -> None:
    if len(files) < 3:
        return
    ill, single, flooded = files
    aid_case(
        bureau,
        chair,
        payer,
        case_no="2025-KN-001",
        member=ill.member,
        kind=AidKind.HARDSHIP,
        file=ill,
        applied=ymd(1, 6),
        requested=D("3000"),
        approved=D("3000"),
        payments=[(D("3000"), FundSource.ADMINISTRATION, ymd(1, 17))],
        situation="申请春节困难补助金。",
    )
    aid_case(
        bureau,
        chair,
        payer,
        case_no="2025-KN-002",
        member=single.member,
        kind=AidKind.HARDSHIP,
        file=single,
        applied=ymd(1, 6),
        requested=D("2000"),
        approved=D("2000"),
        payments=[
            (D("1000"), FundSource.UNION, ymd(1, 17)),
            (D("1000"), FundSource.ADMINISTRATION, ymd(1, 17)),
        ],
        situation="申请春节困难补助金。",
    )
    aid_case(
        bureau,
        chair,
        payer,
        case_no="2025-KN-003",
        member=flooded.member,
        kind=AidKind.HARDSHIP,
        file=flooded,
        applied=ymd(7, 25),
        requested=D("5000"),
        approved=D("4000"),
        payments=[(D("4000"), FundSource.ADMINISTRATION, ymd(8, 8))],
        situation="暴雨致住房受损，申请困难补助金。",
        objection=(
            ymd(7, 29),
            "房屋损失是否已获保险理赔？",
            "经核实，保险理赔仅覆盖部分损失，补助金额调整为4000元。",
        ),
    )


# ---- mutual medical insurance ------------------------------------------------
ENROLLED = 410  # of 426 employees: 96.24%


def mutual_insurance(bureau: Organization, chair: Any, members: list[Member]) -> None:
    plan = InsurancePlan.objects.filter(organization=bureau, year=YEAR).first()
    if plan is None:
        plan = insurance.plan_create(
            actor=chair,
            organization=bureau,
            data={
                "year": YEAR,
                "name": "全区职工医疗互助保障（2025年度）",
                "premium_per_person": D("100"),
                "union_share_pct": D("50"),
                "individual_share_pct": D("50"),
                "target_rate": None,
                "coverage_start": ymd(1, 1),
                "coverage_end": ymd(12, 31),
                "note": "保险金由工会和行政共同负担50%，职工个人负担50%。",
            },
        )
    if not members:
        return
    insurance.plan_enrol_roster(
        access=get_access(chair), plan=plan, on=ymd(1, 15), only=[m.pk for m in members[:ENROLLED]]
    )
    for position, day, reason, claimed, paid in [
        (5, ymd(4, 18), "腰椎手术住院", D("8600"), D("3000")),
        (77, ymd(8, 2), "心脏支架手术", D("12000"), D("4500")),
        (150, ymd(11, 6), "骨折住院治疗", D("5400"), None),
    ]:
        member = members[position % min(len(members), ENROLLED)]
        if InsuranceClaim.objects.filter(plan=plan, member=member, claimed_on=day).exists():
            continue
        insurance.claim_create(
            actor=chair,
            organization=bureau,
            data={
                "plan": plan,
                "member": member,
                "claimed_on": day,
                "reason": reason,
                "amount_claimed": claimed,
                "amount_paid": paid,
                "paid_on": day + dt.timedelta(days=20) if paid else None,
            },
        )
