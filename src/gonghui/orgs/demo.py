"""Demo organizations from the two seed reports (year 2025). Idempotent: keyed by code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.orgs.models import (
    AreaYear,
    CoveredEmployer,
    EmployerYear,
    JointKind,
    Organization,
    OrgType,
    UnitKind,
)
from gonghui.orgs.services import org_create
from gonghui.orgs.validators import with_check_char

DEMO_YEAR = 2025

# The bureau's 49 union groups, by kind of work and attachment (以工作性质和归属关系划分).
BUREAU_GROUPS = [
    "局机关第一",
    "局机关第二",
    "办公室",
    "财务科",
    "人事劳资科",
    "安全生产科",
    "生产技术科",
    "计划经营科",
    "纪检监察室",
    "工会办公室",
    "后勤服务中心",
    "离退休管理科",
    "调度中心",
    "水文站",
    "通信站",
    "第一水电站运行一值",
    "第一水电站运行二值",
    "第一水电站运行三值",
    "第一水电站检修班",
    "第二水电站运行一值",
    "第二水电站运行二值",
    "第二水电站运行三值",
    "第二水电站检修班",
    "第三水电站运行班",
    "第三水电站检修班",
    "输电线路一班",
    "输电线路二班",
    "外线工班",
    "变电运维一班",
    "变电运维二班",
    "电力营销中心",
    "客户服务中心",
    "计量班",
    "水库管理所",
    "大坝监测班",
    "船舶队",
    "汽车队",
    "机修厂",
    "电焊班",
    "物资供应站",
    "纯净水厂",
    "宾馆客房部",
    "宾馆餐饮部",
    "职工俱乐部",
    "技协",
    "信息中心",
    "档案室",
    "幼儿园旧址管理组",
    "保卫科",
]

CHANGAN_NEW_UNIONS = [
    ("DEMO-CA-ENT1", "长安乡宏达建材有限公司工会", UnitKind.ENTERPRISE, OrgType.GRASSROOTS),
    ("DEMO-CA-ENT2", "长安乡绿源农产品加工有限公司工会", UnitKind.ENTERPRISE, OrgType.GRASSROOTS),
    ("DEMO-CA-SCHOOL", "长安乡中心学校工会", UnitKind.INSTITUTION, OrgType.GRASSROOTS),
    ("DEMO-CA-CLINIC", "长安乡卫生院工会", UnitKind.INSTITUTION, OrgType.GRASSROOTS),
    ("DEMO-CA-V1", "长安乡东街村工会", UnitKind.VILLAGE, OrgType.GRASSROOTS),
    ("DEMO-CA-V2", "长安乡西庄村工会", UnitKind.VILLAGE, OrgType.GRASSROOTS),
    ("DEMO-CA-JOINT", "长安乡个体私营企业联合工会", UnitKind.ENTERPRISE, OrgType.JOINT),
]


# The third tree: a county federation whose township federations hold joint unions covering
# employers, unions that file only annual returns (年报), a government-office union and an
# enterprise union with a roster. code, name, parent code, type, unit kind, joint kind, founded.
QINGSHAN_UNIONS = [
    ("DEMO-QS-CG", "城关镇总工会", "DEMO-QS", OrgType.TOWNSHIP, "", "", dt.date(2003, 6, 1)),
    ("DEMO-QS-HP", "黄坡镇总工会", "DEMO-QS", OrgType.TOWNSHIP, "", "", dt.date(2009, 9, 1)),
    (
        "DEMO-QS-CG-SM",
        "城关镇商贸区域性工会联合会",
        "DEMO-QS-CG",
        OrgType.JOINT,
        UnitKind.ENTERPRISE,
        JointKind.REGIONAL,
        dt.date(2016, 4, 20),
    ),
    (
        "DEMO-QS-CG-JZ",
        "城关镇建筑业行业工会联合会",
        "DEMO-QS-CG",
        OrgType.JOINT,
        UnitKind.ENTERPRISE,
        JointKind.SECTOR,
        dt.date(2019, 5, 1),
    ),
    (
        "DEMO-QS-CG-YQ",
        "城关镇工业园区联合工会",
        "DEMO-QS-CG",
        OrgType.JOINT,
        UnitKind.ENTERPRISE,
        JointKind.PARK,
        dt.date(DEMO_YEAR, 3, 26),
    ),
    (
        "DEMO-QS-CG-JG",
        "城关镇机关工会",
        "DEMO-QS-CG",
        OrgType.GRASSROOTS,
        UnitKind.AGENCY,
        "",
        dt.date(2001, 7, 1),
    ),
    (
        "DEMO-QS-CG-XX",
        "城关镇第一小学工会",
        "DEMO-QS-CG",
        OrgType.GRASSROOTS,
        UnitKind.INSTITUTION,
        "",
        dt.date(1998, 9, 10),
    ),
    (
        "DEMO-QS-CG-NG",
        "城关镇南关社区工会",
        "DEMO-QS-CG",
        OrgType.GRASSROOTS,
        UnitKind.VILLAGE,
        "",
        dt.date(2012, 3, 8),
    ),
    (
        "DEMO-QS-CG-BJ",
        "城关镇北街村工会",
        "DEMO-QS-CG",
        OrgType.GRASSROOTS,
        UnitKind.VILLAGE,
        "",
        dt.date(DEMO_YEAR, 6, 16),
    ),
    (
        "DEMO-QS-CG-XY",
        "青山县鑫源机械制造有限公司工会",
        "DEMO-QS-CG",
        OrgType.GRASSROOTS,
        UnitKind.ENTERPRISE,
        "",
        dt.date(2010, 5, 1),
    ),
    (
        "DEMO-QS-CG-XY-B1",
        "鑫源机械铸造车间分工会",
        "DEMO-QS-CG-XY",
        OrgType.BRANCH,
        "",
        "",
        dt.date(2014, 1, 6),
    ),
    (
        "DEMO-QS-HP-LH",
        "黄坡镇个体私营企业联合工会",
        "DEMO-QS-HP",
        OrgType.JOINT,
        UnitKind.ENTERPRISE,
        JointKind.ENTERPRISES,
        dt.date(2015, 8, 12),
    ),
    (
        "DEMO-QS-HP-SP",
        "黄坡镇华丰食品有限公司工会",
        "DEMO-QS-HP",
        OrgType.GRASSROOTS,
        UnitKind.ENTERPRISE,
        "",
        dt.date(2011, 10, 1),
    ),
    (
        "DEMO-QS-HP-HP",
        "黄坡镇黄坡村工会",
        "DEMO-QS-HP",
        OrgType.GRASSROOTS,
        UnitKind.VILLAGE,
        "",
        dt.date(2013, 4, 2),
    ),
]

# Employer facts of the third tree's unions that keep them (year DEMO_YEAR): code, employer,
# 17 characters of its credit code, employees, women, migrant workers, sector, ownership.
QINGSHAN_EMPLOYERS = [
    ("DEMO-QS-CG-JG", "城关镇人民政府", "11341122MB1234567", 64, 25, 0, "公共管理", "机关"),
    ("DEMO-QS-CG-XX", "城关镇第一小学", "12341122MB2345678", 58, 41, 0, "教育", "事业单位"),
    (
        "DEMO-QS-CG-XY",
        "青山县鑫源机械制造有限公司",
        "91341122MA2N3K4L5",
        212,
        37,
        96,
        "通用设备制造业",
        "私营",
    ),
    ("DEMO-QS-HP-SP", "黄坡镇华丰食品有限公司", "91341122MA2P6Q7R8", 135, 78, 60, "农副食品加工业", "私营"),
]


# The third tree's employer facts of DEMO_YEAR beyond the head counts: dispatched workers,
# above-scale enterprise (规模以上), average yearly wage in yuan.
QINGSHAN_EMPLOYER_FACTS = {
    "DEMO-QS-CG-JG": (0, False, "98600"),
    "DEMO-QS-CG-XX": (3, False, "92400"),
    "DEMO-QS-CG-XY": (24, True, "68500"),
    "DEMO-QS-HP-SP": (18, True, "52800"),
}

# Employers the third tree's joint unions cover: name, 17 characters of the credit code,
# employees, women, migrant workers, covered since, covered until (None: still covered), note.
J = dt.date
CoveredRow = tuple[str, str, int, int, int, dt.date, dt.date | None, str]
QINGSHAN_COVERED: dict[str, list[CoveredRow]] = {
    "DEMO-QS-CG-SM": [
        ("城关镇华联超市", "92341122MA2R1C3D4", 38, 26, 12, J(2016, 4, 20), None, ""),
        ("城关镇百家福餐饮店", "92341122MA2R2E5F6", 22, 14, 16, J(2016, 4, 20), None, ""),
        ("青山县鑫茂家电商行", "91341122MA2R3G7H8", 15, 6, 4, J(2018, 9, 1), None, ""),
        ("城关镇永兴五金店", "92341122MA2R4J9K1", 8, 3, 2, J(2019, 3, 12), J(2025, 6, 30), "歇业注销"),
        ("城关镇新华书店门市部", "12341122MB2R5L2M3", 12, 9, 0, J(2020, 1, 6), None, ""),
        ("青山县好又多便利连锁有限公司", "91341122MA2R6N4P5", 46, 31, 22, J(2025, 5, 8), None, "新建会"),
    ],
    "DEMO-QS-CG-JZ": [
        ("青山县城建建筑工程有限公司", "91341122MA2T1A2B3", 60, 7, 41, J(2019, 5, 1), None, ""),
        ("青山县宏远装饰工程有限公司", "91341122MA2T2C3D4", 28, 5, 19, J(2019, 5, 1), None, ""),
        ("青山县安居劳务有限公司", "91341122MA2T3E4F5", 52, 4, 48, J(2021, 7, 15), None, "农民工集中"),
        ("城关镇利民水电安装队", "92341122MA2T4G5H6", 11, 1, 8, J(2022, 3, 20), None, ""),
        ("青山县鼎盛钢结构有限公司", "91341122MA2T5J6K7", 34, 3, 22, J(2025, 4, 18), None, "新建会"),
    ],
    "DEMO-QS-CG-YQ": [
        ("青山县恒达包装材料有限公司", "91341122MA2U1L2M3", 56, 30, 28, J(2025, 3, 26), None, ""),
        ("青山县绿源竹木制品有限公司", "91341122MA2U2N3P4", 42, 18, 25, J(2025, 3, 26), None, ""),
        ("青山县精工电子配件有限公司", "91341122MA2U3Q4R5", 58, 37, 30, J(2025, 3, 26), None, ""),
        ("青山县旺达塑业有限公司", "91341122MA2U4T5U6", 24, 10, 12, J(2025, 3, 26), None, ""),
        ("青山县华康医疗器械有限公司", "91341122MA2U5W6X7", 33, 21, 9, J(2025, 8, 11), None, ""),
    ],
    "DEMO-QS-HP-LH": [
        ("黄坡镇兴旺农资店", "92341122MA2W1A3C5", 9, 4, 2, J(2015, 8, 12), None, ""),
        ("黄坡镇顺发汽修厂", "92341122MA2W2B4D6", 14, 1, 6, J(2015, 8, 12), None, ""),
        ("黄坡镇福源米业有限公司", "91341122MA2W3E5G7", 27, 12, 10, J(2016, 10, 9), None, ""),
        ("黄坡镇金穗粮油加工厂", "92341122MA2W4F6H8", 18, 8, 7, J(2017, 5, 2), None, ""),
        ("黄坡镇乐家幼儿园", "52341122MJ2W5K7L9", 16, 15, 0, J(2018, 9, 1), None, "民办非企业单位"),
        ("黄坡镇鑫鑫物流配送站", "92341122MA2W6M8N1", 12, 2, 9, J(2025, 2, 20), None, "新建会"),
        ("黄坡镇惠民药房", "92341122MA2W7P9Q2", 8, 6, 1, J(2020, 6, 18), None, ""),
    ],
}

# A township's facts of DEMO_YEAR: population, villages, communities, employers, employees, note.
QINGSHAN_AREAS = {
    "DEMO-QS-CG": (86_500, 12, 6, 1_240, 14_800, "县城所在地，个体私营经济集中"),
    "DEMO-QS-HP": (32_400, 18, 2, 310, 3_650, "以农副产品加工为主"),
}


def ensure_org(code: str, parent: Organization | None, **fields: Any) -> Organization:
    """Create the organization once; later runs leave it (and any edits to it) alone."""
    existing = Organization.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return org_create(parent=parent, data={"code": code, **fields})


def ensure_employer(org: Organization, year: int, **fields: Any) -> EmployerYear:
    obj, _ = EmployerYear.objects.get_or_create(organization=org, year=year, defaults=fields)
    return obj


def load(ctx: dict[str, Any]) -> None:
    city = ensure_org(
        "DEMO-CITY",
        None,
        name="XX市总工会",
        short_name="市总工会",
        org_type=OrgType.FEDERATION,
        address="XX市人民路1号",
        contact_person="李明",
        contact_phone="0871-63100001",
    )
    bureau = ensure_org(
        "DEMO-BUREAU",
        city,
        name="XX局工会",
        short_name="局工会",
        org_type=OrgType.GRASSROOTS,
        unit_kind=UnitKind.ENTERPRISE,
        address="XX市水电路8号",
        contact_person="王建国",
        contact_phone="13908710001",
        founded_on=dt.date(1986, 5, 1),
        legal_person_cert_no="工法证字第530100001号",
        legal_person_registered_on=dt.date(2004, 3, 15),
    )
    ensure_employer(
        bureau,
        DEMO_YEAR,
        employer_name="XX局",
        credit_code=with_check_char("91530100MA6K7XQ2X"),
        employees=426,
        women_employees=118,
        migrant_workers=12,
        sector="电力、热力生产和供应业",
        ownership="国有",
    )
    for i, name in enumerate(BUREAU_GROUPS, start=1):
        ensure_org(f"DEMO-BUREAU-G{i:02d}", bureau, name=f"{name}工会小组", org_type=OrgType.GROUP)

    county = ensure_org(
        "DEMO-COUNTY",
        None,
        name="威县总工会",
        short_name="县总工会",
        org_type=OrgType.FEDERATION,
        address="威县建设大街18号",
        contact_person="赵红",
        contact_phone="0319-6120001",
    )
    changan = ensure_org(
        "DEMO-CHANGAN",
        county,
        name="长安乡工会",
        short_name="长安乡工会",
        org_type=OrgType.TOWNSHIP,
        address="威县长安乡政府院内",
        contact_person="孙立新",
        contact_phone="13931900001",
        founded_on=dt.date(2008, 4, 28),
    )
    ensure_employer(
        changan,
        DEMO_YEAR,
        employer_name="长安乡人民政府",
        employees=86,
        women_employees=31,
        migrant_workers=0,
        sector="公共管理",
        ownership="机关",
    )
    for code, name, kind, org_type in CHANGAN_NEW_UNIONS:
        month = 3 + CHANGAN_NEW_UNIONS.index((code, name, kind, org_type))
        ensure_org(
            code,
            changan,
            name=name,
            org_type=org_type,
            unit_kind=kind,
            founded_on=dt.date(DEMO_YEAR, month, 18),
        )
    qingshan = ensure_org(
        "DEMO-QS",
        None,
        name="青山县总工会",
        short_name="青山县总",
        org_type=OrgType.FEDERATION,
        address="青山县人民路66号",
        contact_person="何建华",
        contact_phone="0556-5120001",
    )
    by_code = {"DEMO-QS": qingshan}
    for code, name, parent, org_type, unit_kind, joint_kind, founded in QINGSHAN_UNIONS:
        by_code[code] = ensure_org(
            code,
            by_code[parent],
            name=name,
            org_type=org_type,
            unit_kind=unit_kind,
            joint_kind=joint_kind,
            founded_on=founded,
        )
    for code, employer, credit17, employees, women, migrants, sector, ownership in QINGSHAN_EMPLOYERS:
        ensure_employer(
            by_code[code],
            DEMO_YEAR,
            employer_name=employer,
            credit_code=with_check_char(credit17),
            employees=employees,
            women_employees=women,
            migrant_workers=migrants,
            sector=sector,
            ownership=ownership,
        )
    _qingshan_facts(by_code)
    ctx.update(
        city=city, bureau=bureau, county=county, changan=changan, qingshan=qingshan, qingshan_orgs=by_code
    )


def _qingshan_facts(by_code: dict[str, Organization]) -> None:
    """The third tree's employer details, covered employers and township facts (idempotent)."""
    for code, (dispatched, above_scale, wage) in QINGSHAN_EMPLOYER_FACTS.items():
        # A row already there from an older demo gets the new facts once, still unset.
        EmployerYear.objects.filter(
            organization=by_code[code], year=DEMO_YEAR, average_wage__isnull=True
        ).update(dispatched_workers=dispatched, above_scale=above_scale, average_wage=Decimal(wage))
    for code, employers in QINGSHAN_COVERED.items():
        for name, credit17, employees, women, migrants, joined, left, note in employers:
            CoveredEmployer.objects.get_or_create(
                organization=by_code[code],
                name=name,
                defaults={
                    "credit_code": with_check_char(credit17),
                    "employees": employees,
                    "women_employees": women,
                    "migrant_workers": migrants,
                    "joined_on": joined,
                    "left_on": left,
                    "note": note,
                },
            )
    for code, (population, villages, communities, employers_n, employees, note) in QINGSHAN_AREAS.items():
        AreaYear.objects.get_or_create(
            organization=by_code[code],
            year=DEMO_YEAR,
            defaults={
                "population": population,
                "villages": villages,
                "communities": communities,
                "employers": employers_n,
                "employees_in_area": employees,
                "note": note,
            },
        )
