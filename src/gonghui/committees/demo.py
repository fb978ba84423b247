"""Demo committees, leading groups and elections of the two seed reports (idempotent).

XX局工会: the standardization leading group (Party secretary as 组长), a union committee of
one full-time and six part-time members, a funds review committee of two part-time members,
a women workers' committee (one full-time, four part-time), the labor-protection supervision
committee (its unit inspectors here; the one inspector per team belongs to the protection
app's roster), the mediation committee, and the disclosure, competition and learning-
organization leading groups. 长安乡工会: its organization-building leading group and its
committee posts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.committees.demo_people import People, ensure
from gonghui.committees.models import (
    Candidate,
    Committee,
    CommitteeKind,
    Election,
    ElectionKind,
    Method,
    Position,
    Seat,
    Selection,
)
from gonghui.orgs.models import Organization

P = Position
BUREAU_TERM = dt.date(2023, 4, 18)

# People who are not picked from the roster: the bureau's leaders and department heads.
LEADERS = {
    "party_secretary": ("陈志强", "局党委书记"),
    "director": ("赵志远", "局长"),
    "discipline_secretary": ("刘德明", "局纪委书记（分管工会工作）"),
    "deputy_researcher": ("黄建华", "局副调研员"),
    "office_head": ("周立", "局办公室主任"),
    "finance_head": ("孙丽", "财务科科长"),
    "hr_head": ("吴刚", "人事劳资科科长"),
    "safety_head": ("郑海", "安全生产科科长"),
    "production_head": ("冯涛", "生产技术科科长"),
}


def _body(org: Organization, name: str, kind: str, **fields: Any) -> Committee:
    return ensure(Committee, {"organization": org, "name": name}, kind=kind, **fields)


def _seat(body: Committee, order: int, position: str, person: dict[str, Any], **fields: Any) -> Seat:
    return ensure(
        Seat,
        {"committee": body, "order": order},
        organization=body.organization,
        position=position,
        **person,
        **fields,
    )


def _leader(key: str) -> dict[str, Any]:
    name, title = LEADERS[key]
    return {"person_name": name, "job_title": title, "gender": "M"}


def _election(body: Committee, holders: list[Seat], extra: list[tuple[str, int]], **fields: Any) -> Election:
    election = ensure(
        Election,
        {"committee": body, "held_on": fields.pop("held_on")},
        organization=body.organization,
        **fields,
    )
    for i, s in enumerate(holders):
        ensure(
            Candidate,
            {"election": election, "person_name": s.person_name},
            organization=body.organization,
            member=s.member,
            position=s.position,
            votes=election.votes_cast - 1 - i % 4,
            elected=True,
        )
    for name, votes in extra:  # candidates not elected (差额)
        ensure(
            Candidate,
            {"election": election, "person_name": name},
            organization=body.organization,
            votes=votes,
        )
    return election


def _bureau(bureau: Organization, groups: list[Organization]) -> None:
    people = People(bureau)
    term = {"term_years": 5, "term_start": BUREAU_TERM}
    union = _body(bureau, "XX局工会第三届委员会", CommitteeKind.UNION, established_on=BUREAU_TERM, **term)
    posts = [
        ("chair", P.CHAIR, "王建国", "M", True),  # the demo login bureau_chair
        ("vice_chair", P.VICE_CHAIR, "李卫东", "M", False),
        ("organization", P.ORGANIZATION, "张小平", "M", False),
        ("publicity", P.PUBLICITY, "马丽", "F", False),
        ("production", P.PRODUCTION, "杨光明", "M", False),
        ("livelihood", P.LIVELIHOOD, "何志军", "M", False),
        ("women", P.WOMEN, "林秀英", "F", False),
    ]
    seats = [
        _seat(
            union,
            i,
            pos,
            people.person(key, name, gender, pinned=key == "chair"),
            full_time=full,
            selection=Selection.ELECTED,
        )
        for i, (key, pos, name, gender, full) in enumerate(posts, start=1)
    ]
    approval = {"approving_body": "XX市总工会", "approved_on": dt.date(2023, 4, 28)}
    _election(
        union,
        seats,
        [("罗建新", 21)],
        held_on=BUREAU_TERM,
        kind=ElectionKind.REGULAR,
        method=Method.COMPETITIVE,
        seats=7,
        eligible_voters=60,
        present=57,
        votes_cast=57,
        approval_number="X工复〔2023〕18号",
        **approval,
    )

    review = _body(
        bureau, "XX局工会经费审查委员会", CommitteeKind.FUNDS_REVIEW, established_on=BUREAU_TERM, **term
    )
    reviewers = [
        _seat(
            review,
            1,
            P.DIRECTOR,
            people.person("reviewer1", "张伟", "M", pinned=True),
            job_title="审计科科员",
        ),
        _seat(review, 2, P.MEMBER, people.person("reviewer2", "谢晓燕", "F"), job_title="计划经营科科员"),
    ]
    _election(
        review,
        reviewers,
        [],
        held_on=BUREAU_TERM,
        method=Method.EQUAL,
        seats=2,
        eligible_voters=60,
        present=57,
        votes_cast=57,
        approval_number="X工复〔2023〕19号",
        **approval,
    )

    women = _body(bureau, "XX局工会女职工委员会", CommitteeKind.WOMEN, established_on=BUREAU_TERM, **term)
    # 专职女工委员一名、兼职四名: the director is the union committee's part-time women's member.
    women_seats = []
    for i, (key, pos, name, full) in enumerate(
        [
            ("women", P.DIRECTOR, "林秀英", False),
            ("w_deputy", P.DEPUTY_DIRECTOR, "王芳", True),
            ("publicity", P.MEMBER, "马丽", False),
            ("w3", P.MEMBER, "陈静", False),
            ("w4", P.MEMBER, "赵敏", False),
        ],
        start=1,
    ):
        women_seats.append(_seat(women, i, pos, people.person(key, name, "F"), full_time=full))
    _election(
        women,
        women_seats,
        [],
        held_on=BUREAU_TERM,
        method=Method.EQUAL,
        seats=5,
        eligible_voters=60,
        present=57,
        votes_cast=57,
        approval_number="X工复〔2023〕20号",
        **approval,
    )

    protection = _body(
        bureau,
        "XX局劳动保护监督检查委员会",
        CommitteeKind.LABOR_PROTECTION,
        established_on=dt.date(2023, 5, 10),
        duties="三级监督检查组织：局劳动保护监督检查委员会—各单位劳动保护监督检查委员—班组劳动保护检查员"
        "（每个班组一名，见劳动保护检查员名册）。",
    )
    _seat(
        protection, 1, P.DIRECTOR, people.person("vice_chair", "李卫东", "M"), selection=Selection.APPOINTED
    )
    _seat(protection, 2, P.DEPUTY_DIRECTOR, _leader("safety_head"), selection=Selection.APPOINTED)
    for i, short in enumerate(["第一水电站", "第二水电站", "输电线路一班", "船舶队", "汽车队"], start=3):
        unit = next((g for g in groups if g.name.startswith(short)), None)
        _seat(
            protection,
            i,
            P.MEMBER,
            people.person(f"inspector-{short}", f"{short}监督检查委员", "M"),
            unit=unit,
            selection=Selection.APPOINTED,
            notes="单位劳动保护监督检查委员",
        )

    mediation = _body(
        bureau, "XX局劳动争议调解委员会", CommitteeKind.MEDIATION, established_on=dt.date(2023, 5, 10)
    )
    _seat(mediation, 1, P.DIRECTOR, people.person("chair", "王建国", "M"), selection=Selection.APPOINTED)
    _seat(mediation, 2, P.MEDIATION, _leader("hr_head"), selection=Selection.APPOINTED, notes="行政方代表")
    _seat(mediation, 3, P.MEDIATION, people.person("mediator", "宋建平", "M"), notes="职工代表")

    union_people = [people.person(key, name, gender) for key, _p, name, gender, _f in posts]
    officers = [people.person("officer1", "刘芳", "F", pinned=True), people.person("officer2", "邓婷", "F")]
    standard = _body(
        bureau,
        "局工会标准化建设活动领导小组",
        CommitteeKind.LEADING_GROUP,
        established_on=dt.date(2025, 3, 5),
        document_number="X局党发〔2025〕8号",
        duties="领导和协调局工会标准化建设活动，对照《XX市基层工会标准化建设考核评分标准》细化达标内容，分工包干、责任到人。",
    )
    members = [_leader("discipline_secretary"), _leader("deputy_researcher"), *union_people, *officers]
    _seat(standard, 1, P.LEADER, _leader("party_secretary"), selection=Selection.APPOINTED)
    for i, person in enumerate(members, start=2):
        _seat(standard, i, P.GROUP_MEMBER, person, selection=Selection.APPOINTED)

    chair = union_people[0]
    for name, day, leader, others, duties in [
        (
            "局务公开领导小组",
            dt.date(2021, 3, 1),
            "director",
            ["party_secretary", "discipline_secretary", "office_head", "finance_head", "hr_head"],
            "组织推行局务公开，审定公开内容，通过职代会和公开栏向职工公开。",
        ),
        (
            "劳动竞赛活动领导小组",
            dt.date(2022, 2, 15),
            "director",
            ["production_head", "safety_head", "hr_head"],
            "组织“当好主力军，建功‘十一五’，和谐奔小康”、女职工“双文明建功立业”和“安康杯”等劳动竞赛。",
        ),
        (
            "局“创建学习型组织，争做知识型职工”活动领导小组",
            dt.date(2024, 3, 1),
            "party_secretary",
            ["director", "hr_head", "office_head"],
            "组织创建学习型组织活动，落实职工在职学习专项鼓励方案。",
        ),
    ]:
        group = _body(bureau, name, CommitteeKind.LEADING_GROUP, established_on=day, duties=duties)
        _seat(group, 1, P.LEADER, _leader(leader), selection=Selection.APPOINTED)
        _seat(group, 2, P.GROUP_MEMBER, chair, selection=Selection.APPOINTED)
        for i, key in enumerate(others, start=3):
            _seat(group, i, P.GROUP_MEMBER, _leader(key), selection=Selection.APPOINTED)


def _changan(changan: Organization) -> None:
    people = People(changan, subtree=False)  # the township's own staff, not its unions' members
    secretary = {"person_name": "高振华", "job_title": "乡党委书记", "gender": "M"}
    group = _body(
        changan,
        "长安乡工会组织建设领导小组",
        CommitteeKind.LEADING_GROUP,
        established_on=dt.date(2025, 3, 6),
        duties="乡党委成立，加强工会工作的组织和领导，为开展工会工作提供组织保障。",
    )
    _seat(group, 1, P.LEADER, secretary, selection=Selection.APPOINTED)
    _seat(
        group,
        2,
        P.DEPUTY_LEADER,
        {"person_name": "田文斌", "job_title": "乡党委副书记", "gender": "M"},
        selection=Selection.APPOINTED,
    )
    term = {"term_years": 5, "term_start": dt.date(2022, 3, 15)}
    union = _body(
        changan,
        "长安乡工会委员会",
        CommitteeKind.UNION,
        established_on=dt.date(2008, 4, 28),
        notes="2025年3月调整充实，明确各委员分工。",
        **term,
    )
    posts = [
        ("chair", P.CHAIR, "孙立新", "M"),
        ("vice_chair", P.VICE_CHAIR, "刘振国", "M"),
        ("organization", P.ORGANIZATION, "张红梅", "F"),
        ("publicity", P.PUBLICITY, "王磊", "M"),
        ("funds_review", P.FUNDS_REVIEW, "李娜", "F"),
        ("women", P.WOMEN, "赵丽君", "F"),
        ("mediation", P.MEDIATION, "郭建军", "M"),
    ]
    for i, (key, pos, name, gender) in enumerate(posts, start=1):
        person = people.person(key, name, gender, pinned=key == "chair")
        notes = "劳动争议仲裁委员" if pos == P.MEDIATION else ""
        _seat(union, i, pos, person, notes=notes)
        if key == "chair":
            _seat(group, 3, P.GROUP_MEMBER, person, selection=Selection.APPOINTED)
    review = _body(
        changan,
        "长安乡工会经费审查委员会",
        CommitteeKind.FUNDS_REVIEW,
        established_on=dt.date(2022, 3, 15),
        **term,
    )
    _seat(review, 1, P.DIRECTOR, people.person("funds_review", "李娜", "F"), notes="经审委员")


def load(ctx: dict[str, Any]) -> None:
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    groups = list(
        Organization.objects.filter(path__startswith=bureau.path, org_type="group").order_by("path")
    )
    _bureau(bureau, groups)
    _changan(Organization.objects.get(code="DEMO-CHANGAN"))
    _qingshan(ctx)


# Union committees of the third tree with their full-time officers (专职): union code, committee,
# term start, term years, seats (position, name, gender, full-time).
QINGSHAN_COMMITTEES = [
    (
        "DEMO-QS",
        "青山县总工会委员会",
        dt.date(2023, 6, 8),
        5,
        [
            (P.CHAIR, "杨国平", "M", True),
            (P.VICE_CHAIR, "林淑芬", "F", True),
            (P.VICE_CHAIR, "罗建新", "M", True),
            (P.MEMBER, "马晓东", "M", False),
        ],
    ),
    (
        "DEMO-QS-CG",
        "城关镇总工会委员会",
        dt.date(2022, 9, 1),
        5,
        [
            (P.CHAIR, "唐明华", "M", False),
            (P.VICE_CHAIR, "宋玉兰", "F", True),
            (P.ORGANIZATION, "韩小军", "M", False),
        ],
    ),
    (
        "DEMO-QS-CG-XY",
        "鑫源机械工会委员会",
        dt.date(2024, 3, 12),
        3,
        [
            (P.CHAIR, "何秀兰", "F", True),
            (P.VICE_CHAIR, "邓志刚", "M", False),
            (P.WOMEN, "彭丽", "F", False),
        ],
    ),
]


def _qingshan(ctx: dict[str, Any]) -> None:
    """The third tree's union committees (full-time officers among them) and the regional union's
    collective bargaining committee with its bargaining representatives (协商代表)."""
    orgs = ctx.get("qingshan_orgs") or {
        o.code: o for o in Organization.objects.filter(code__startswith="DEMO-QS")
    }
    if not orgs:
        return
    for code, name, start, years, seats in QINGSHAN_COMMITTEES:
        body = _body(orgs[code], name, CommitteeKind.UNION, term_start=start, term_years=years)
        for i, (position, person, gender, full_time) in enumerate(seats, start=1):
            _seat(body, i, position, {"person_name": person, "gender": gender}, full_time=full_time)
    bargaining = _body(
        orgs["DEMO-QS-CG-SM"],
        "城关镇商贸区域集体协商委员会",
        CommitteeKind.BARGAINING,
        established_on=dt.date(2024, 11, 5),
        duties="代表区域内职工与商贸企业协会开展工资、工时等集体协商。",
    )
    for i, (person, gender, title) in enumerate(
        [("周建平", "M", "区域工会联合会主席"), ("吴桂芳", "F", "职工代表"), ("许强", "M", "职工代表")],
        start=1,
    ):
        _seat(
            bargaining,
            i,
            P.NEGOTIATOR,
            {"person_name": person, "gender": gender, "job_title": title},
            selection=Selection.APPOINTED,
        )
