"""Demo organizations from the two seed reports (year 2025). Idempotent: keyed by code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.orgs.models import EmployerYear, JointKind, Organization, OrgType, UnitKind
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
    ctx.update(
        city=city, bureau=bureau, county=county, changan=changan, qingshan=qingshan, qingshan_orgs=by_code
    )
