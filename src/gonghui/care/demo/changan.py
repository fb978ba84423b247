"""Demo care records of 长安乡工会 (the second seed report), 2025."""

from __future__ import annotations

from typing import Any

from gonghui.care.demo.common import D, aid_case, hardship_file, pick, visit, ymd
from gonghui.care.models import (
    AidKind,
    Donation,
    FundSource,
    HardshipCause,
    MigrantSurvey,
    Occasion,
    TargetGroup,
)
from gonghui.members.models import Member
from gonghui.orgs.models import Organization


# ---- 长安乡 -------------------------------------------------------------------
def records(changan: Organization, actor: Any) -> None:
    for title, day, recipient, cash, goods_value, goods in [
        ("抗旱保春耕爱心捐款捐物", ymd(4, 10), "长安乡受旱村组", D("3200"), D("1800"), "抗旱水泵、化肥"),
        ("关爱贫困老党员献爱心", ymd(6, 28), "全乡12名贫困老党员", D("2400"), D("1200"), "米、面、油"),
    ]:
        Donation.objects.get_or_create(
            organization=changan,
            donated_on=day,
            title=title,
            defaults={
                "recipient": recipient,
                "cash_amount": cash,
                "goods_value": goods_value,
                "goods": goods,
                "donors": 86,
            },
        )
    MigrantSurvey.objects.get_or_create(
        organization=changan,
        title="长安乡农民工摸底调查",
        defaults={
            "surveyed_on": ymd(5, 20),
            "scope": "全乡7个新建工会所在单位及个体私营企业",
            "workers_surveyed": 412,
            "migrant_workers": 236,
            "migrant_members": 128,
            "in_hardship": 9,
            "needs": "工资按时足额发放、技能培训、子女就近入学。",
        },
    )
    if actor is None:
        return
    officers = "乡工会主席孙立新、副主席"
    visit(
        changan,
        actor,
        [],
        title="春节送温暖：慰问困难职工和农民工",
        occasion=Occasion.SPRING_FESTIVAL,
        target_group=TargetGroup.HARDSHIP,
        visited_on=ymd(1, 24),
        leaders="乡党委书记、乡长",
        union_officers=officers,
        recipient_names="困难职工、困难农民工",
        recipient_count=16,
        cash_amount=D("4800"),
        goods_value=D("1600"),
        goods="米、面、油",
    )
    visit(
        changan,
        actor,
        [],
        title="夏送清凉：慰问建材、农产品加工企业一线职工",
        occasion=Occasion.SUMMER_COOLING,
        target_group=TargetGroup.FRONTLINE,
        visited_on=ymd(7, 10),
        union_officers=officers,
        recipient_names="宏达建材、绿源农产品加工一线职工",
        recipient_count=64,
        goods_value=D("3200"),
        goods="绿豆、白糖、防暑药品",
    )


def aid_cases(changan: Organization, chair: Any, members: list[Member]) -> None:
    if not members:
        return
    poor = pick(members, 25, 90)
    files = [
        hardship_file(
            changan,
            chair,
            poor[0],
            [{"name": "子女", "relation": "child", "age": 9, "occupation": "小学在读"}],
            file_no="CA-2025-01",
            assessed_on=ymd(1, 8),
            causes=[HardshipCause.ILLNESS, HardshipCause.LOW_WAGE],
            annual_income=D("16800"),
            rigid_expenses=D("6000"),
            household_size=3,
            migrant_worker=True,
            city_work_since=ymd(3, 1, 2021),
            situation="进城务工四年，本人患病，收入低。",
        ),
        hardship_file(
            changan,
            chair,
            poor[1],
            [{"name": "母亲", "relation": "parent", "age": 71, "health": "disabled"}],
            file_no="CA-2025-02",
            assessed_on=ymd(1, 8),
            causes=[HardshipCause.DISABILITY],
            annual_income=D("24000"),
            rigid_expenses=D("5000"),
            household_size=2,
            situation="母亲残疾需长期照料。",
        ),
    ]
    union, higher, donations = FundSource.UNION, FundSource.HIGHER_UNION, FundSource.DONATIONS
    hardship, illness, study = AidKind.HARDSHIP, AidKind.SERIOUS_ILLNESS, AidKind.STUDY
    # case number, member, kind, hardship file, applied, requested, approved, source, paid, beneficiary
    cases = [
        ("2025-BF-001", poor[0], hardship, files[0], ymd(1, 10), "1500", "1500", union, ymd(1, 21), ""),
        ("2025-BF-002", poor[1], hardship, files[1], ymd(1, 10), "1500", "1500", union, ymd(1, 21), ""),
        ("2025-DB-001", pick(members, 3)[0], illness, None, ymd(4, 2), "10000", "8000", higher,
         ymd(4, 22), ""),
        ("2025-DB-002", pick(members, 41)[0], illness, None, ymd(9, 10), "6000", "5000", union,
         ymd(9, 30), ""),
        ("2025-ZX-001", pick(members, 10)[0], study, None, ymd(8, 12), "2000", "2000", higher,
         ymd(9, 1), "子女王某（考入河北师范大学）"),
        ("2025-ZX-002", pick(members, 57)[0], study, None, ymd(8, 12), "2000", "2000", donations,
         ymd(9, 1), "子女李某（考入河北农业大学）"),
        ("2025-ZX-003", pick(members, 120)[0], study, None, ymd(8, 12), "3000", "3000", higher,
         ymd(9, 1), "子女张某（考入石家庄铁道大学）"),
    ]  # fmt: skip
    for no, member, kind, file, applied, requested, approved, source, paid_on, beneficiary in cases:
        aid_case(
            changan,
            chair,
            chair,  # 长安乡 has no finance officer among the demo logins: its chair records the payments
            case_no=no,
            member=member,
            kind=kind,
            file=file,
            applied=applied,
            requested=D(requested),
            approved=D(approved),
            payments=[(D(approved), source, paid_on)],
            beneficiary=beneficiary,
        )
