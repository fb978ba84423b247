"""The figures of the finance demo (2025). Amounts in yuan; every total checks to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

D = Decimal
day = dt.date

WAGE_BASE = (
    "机关、事业单位：岗位工资、薪级工资（或职务工资、级别工资）、基础工资、工龄工资之和；"
    "企业：职工月工资收入。奖金、津贴、补贴和离退休金不计；工资中不足10元的部分不计。"
)
CITY_RULE = {
    "valid_from": day(2018, 1, 1),
    "kept_share": D("60.00"),
    "upward_levels": "市总工会30%，省总工会5%，全国总工会5%",
    "wage_base": WAGE_BASE,
    "note": "XX省工会经费收缴管理办法",
}
COUNTY_RULE = {
    "valid_from": day(2018, 1, 1),
    "kept_share": D("60.00"),
    "upward_levels": "县总工会25%，市总工会10%，省总工会及全国总工会5%",
    "wage_base": WAGE_BASE,
    "note": "XX省工会经费收缴管理办法",
}
CAPS = [
    (
        "DEMO-CITY",
        "festival_gifts",
        D("1800.00"),
        "XX省基层工会经费收支管理实施细则：节日慰问品每人每年不超过1800元",
    ),
    ("DEMO-COUNTY", "festival_gifts", D("1500.00"), "XX省基层工会经费收支管理实施细则（县级执行标准）"),
]

_FUNDS = "allocated_funds"
_QUARTERS = [
    (day(2025, 1, 1), day(2025, 3, 31)),
    (day(2025, 4, 1), day(2025, 6, 30)),
    (day(2025, 7, 1), day(2025, 9, 30)),
    (day(2025, 10, 1), day(2025, 12, 31)),
]

BUREAU = {
    # 426 employees; the quarter's payroll 8,690,400 yuan (about 6,800 yuan a month each).
    "remittances": [
        *[
            (_FUNDS, s, e, {"employees": 426, "payroll": D("8690400.00"), "remitted_on": e})
            for s, e in _QUARTERS
        ],
        *[("dues", s, e, {"remitted_on": e}) for s, e in _QUARTERS],
    ],
    # A quarter's dues when the roster has no members to compute them from (426 × 31.60 × 3).
    "dues_without_roster": D("40384.80"),
    "vouchers": [
        (
            day(2025, 1, 20),
            "元旦、春节送温暖慰问（一线职工、离退休、长期病休及困难职工家庭）",
            [("rights_visits", "58200.00", "慰问金及慰问品")],
        ),
        (
            day(2025, 1, 22),
            "春节节日慰问品（全体会员）",
            [("rights_visits", "170400.00", "426人×400元", "festival_gifts", 426)],
        ),
        (day(2025, 1, 25), "困难职工春节生活补助", [("rights_aid", "24000.00", "8户×3000元")]),
        (day(2025, 2, 18), "行政补助工会活动经费", [("admin_subsidy", "150000.00", "局行政拨付")]),
        (day(2025, 3, 6), "三八妇女节女职工活动", [("culture_sports", "11800.00", "118人")]),
        (day(2025, 3, 20), "技协发展基金拨入球场建设资金", [("other_income", "256800.00", "技协发展基金")]),
        (
            day(2025, 4, 15),
            "职工代表、工会小组长、劳动保护监督检查员培训",
            [("business_training", "18500.00", "培训费")],
        ),
        (day(2025, 4, 28), "第一次职工代表大会会务", [("business_meetings", "7900.00", "会务费")]),
        (
            day(2025, 5, 20),
            "篮球场、地掷球场建设及气排球场翻新工程款",
            [
                ("capital", "168000.00", "标准篮球场"),
                ("capital", "52800.00", "地掷球场"),
                ("capital", "36000.00", "气排球场翻新"),
            ],
        ),
        (day(2025, 5, 30), "安全生产知识竞赛、技能比武奖品", [("culture_sports", "23650.00", "奖品")]),
        (day(2025, 6, 10), "职工医疗互助保障工会承担部分", [("rights_other", "24300.00", "405人×60元")]),
        (day(2025, 6, 26), "市总工会职工之家建设补助", [("higher_subsidy", "30000.00", "市总工会补助")]),
        (day(2025, 7, 18), "上半年职工住院探望慰问", [("rights_visits", "9600.00", "16人次")]),
        (day(2025, 8, 20), "职工篮球、气排球比赛", [("culture_sports", "28400.00", "比赛经费")]),
        (day(2025, 9, 5), "职工在职学历教育奖励", [("staff_education", "48600.00", "创建学习型组织奖励")]),
        (
            day(2025, 9, 25),
            "中秋节节日慰问品（全体会员）",
            [("rights_visits", "127800.00", "426人×300元", "festival_gifts", 426)],
        ),
        (day(2025, 10, 15), "购置工会办公电脑3台", [("capital", "15600.00", "台式电脑3台")]),
        (day(2025, 10, 28), "局务公开栏、宣传展板制作", [("publicity", "12380.00", "公开栏及展板")]),
        (day(2025, 11, 12), "困难职工帮扶补助（下半年）", [("rights_aid", "12000.00", "4户×3000元")]),
        (day(2025, 11, 26), "第二次职工代表大会会务", [("business_meetings", "7900.00", "会务费")]),
        (day(2025, 12, 10), "职工逝世慰问及丧事协助", [("rights_visits", "4000.00", "2人")]),
        (day(2025, 12, 18), "迎新年职工文体活动", [("culture_sports", "22600.00", "活动经费")]),
        (day(2025, 12, 22), "工会全年办公用品及报刊", [("business_office", "7892.00", "办公用品、报刊")]),
    ],
    "mistake": (
        day(2025, 8, 8),
        "购买办公用品",
        [("business_meetings", "1968.00", "办公用品")],
        "科目记错，应记业务支出—办公",
        [("business_office", "1968.00", "办公用品")],
    ),
    "budget": {
        "allocated_funds": "417000.00",
        "dues": "96000.00",
        "admin_subsidy": "150000.00",
        "higher_subsidy": "30000.00",
        "other_income": "256800.00",
        "staff_education": "50000.00",
        "culture_sports": "90000.00",
        "publicity": "15000.00",
        "rights_aid": "40000.00",
        "rights_visits": "380000.00",
        "rights_other": "25000.00",
        "business_training": "20000.00",
        "business_meetings": "16000.00",
        "business_office": "10000.00",
        "capital": "275000.00",
        "other_expenditure": "10000.00",
    },
    "audit_plan": {
        "title": "XX局工会2025年经费审查工作计划",
        "adopted_on": day(2025, 2, 20),
        "content": "一、审查2024年度预算执行和决算；二、半年审查经费收支；三、审查节日慰问及帮扶资金使用。",
    },
    "audits": [
        {
            "kind": "annual_review",
            "audit_date": day(2025, 3, 10),
            "period_start": day(2024, 1, 1),
            "period_end": day(2024, 12, 31),
            "scope": "2024年度经费预算执行情况及决算审查",
            "auditors": "张伟、陈静（经审委员）",
            "findings": "收支凭证齐全，账实、账表相符；个别报销单据审批签字不全（2张）。",
            "rectification": "补齐审批签字，重申报销审批制度。",
            "rectified_on": day(2025, 3, 20),
            "reported_on": day(2025, 4, 28),
        },
        {
            "kind": "regular",
            "audit_date": day(2025, 7, 16),
            "period_start": day(2025, 1, 1),
            "period_end": day(2025, 6, 30),
            "scope": "2025年上半年经费收支审查",
            "auditors": "张伟、陈静（经审委员）",
            "findings": "收支合规，节日慰问品人均标准在规定以内，球场工程款凭证完整。",
        },
    ],
    "assets": [
        {
            "name": "职工俱乐部（原局幼儿园）",
            "category": "buildings",
            "value": D("1280000.00"),
            "acquired_on": day(2023, 6, 1),
            "funding_source": "administration",
            "custodian": "工会办公室",
            "location": "局大院东侧",
        },
        {
            "name": "标准篮球场",
            "category": "sports",
            "value": D("168000.00"),
            "acquired_on": day(2025, 5, 20),
            "funding_source": "special_fund",
            "funding_detail": "技协发展基金",
            "custodian": "职工俱乐部",
            "location": "职工俱乐部南侧",
            "voucher": "篮球场、地掷球场建设及气排球场翻新工程款",
        },
        {
            "name": "地掷球场",
            "category": "sports",
            "value": D("52800.00"),
            "acquired_on": day(2025, 5, 20),
            "funding_source": "special_fund",
            "funding_detail": "技协发展基金",
            "custodian": "职工俱乐部",
            "location": "职工俱乐部南侧",
            "voucher": "篮球场、地掷球场建设及气排球场翻新工程款",
        },
        {
            "name": "气排球场（翻新）",
            "category": "sports",
            "value": D("36000.00"),
            "acquired_on": day(2025, 5, 20),
            "funding_source": "special_fund",
            "funding_detail": "技协发展基金",
            "custodian": "职工俱乐部",
            "location": "职工俱乐部内",
            "voucher": "篮球场、地掷球场建设及气排球场翻新工程款",
        },
        {
            "name": "台式电脑",
            "category": "computers",
            "quantity": 3,
            "value": D("15600.00"),
            "acquired_on": day(2025, 10, 15),
            "funding_source": "union_funds",
            "custodian": "工会办公室",
            "location": "局工会办公室",
            "voucher": "购置工会办公电脑3台",
        },
    ],
    "policies": [
        {"kind": "finance", "title": "XX局工会经费收支管理办法", "adopted_on": day(2019, 3, 1)},
        {"kind": "approval", "title": "XX局工会经费开支审批制度", "adopted_on": day(2019, 3, 1)},
    ],
}

CHANGAN = {
    # 86 employees of the township; half a year's payroll 2,683,200 yuan (about 5,200 yuan a month).
    "remittances": [
        (
            _FUNDS,
            day(2025, 1, 1),
            day(2025, 6, 30),
            {"employees": 86, "payroll": D("2683200.00"), "remitted_on": day(2025, 7, 10)},
        ),
        (
            _FUNDS,
            day(2025, 7, 1),
            day(2025, 12, 31),
            {"employees": 86, "payroll": D("2683200.00"), "remitted_on": day(2025, 12, 26)},
        ),
    ],
    "vouchers": [
        (
            day(2025, 1, 18),
            "送温暖慰问困难职工、贫困老党员",
            [("rights_visits", "8800.00", "慰问金及慰问品")],
        ),
        (day(2025, 3, 7), "三八妇女节活动", [("culture_sports", "3600.00", "活动经费")]),
        (
            day(2025, 3, 28),
            "县总工会补助职工活动室设备购置",
            [("higher_subsidy", "20000.00", "县总工会补助")],
        ),
        (
            day(2025, 4, 10),
            "购置多功能媒体设备、档案柜、办公桌、电脑",
            [
                ("capital", "6800.00", "多功能媒体设备"),
                ("capital", "2900.00", "档案柜2组"),
                ("capital", "2940.00", "办公桌3张"),
                ("capital", "9200.00", "电脑2台"),
            ],
        ),
        (
            day(2025, 4, 30),
            "五一、五四职工文体活动（羽毛球、篮球）",
            [("culture_sports", "6800.00", "活动经费")],
        ),
        (day(2025, 5, 15), "乡党委、政府补助工会经费", [("admin_subsidy", "15000.00", "行政补助")]),
        (day(2025, 6, 20), "工会干部业务培训", [("business_training", "4500.00", "培训费")]),
        (day(2025, 7, 1), "七一主题活动", [("culture_sports", "2900.00", "活动经费")]),
        (day(2025, 8, 20), "金秋助学（困难职工子女4名）", [("rights_aid", "8000.00", "4人×2000元")]),
        (day(2025, 9, 10), "大病互助补助", [("rights_aid", "6000.00", "2人×3000元")]),
        (day(2025, 10, 20), "困难职工帮扶补助", [("rights_aid", "2000.00", "1户")]),
        (day(2025, 11, 15), "农民工摸底调查及宣传资料印制", [("publicity", "2400.00", "调查表及宣传册")]),
        (day(2025, 12, 15), "工会全年办公用品", [("business_office", "3260.00", "办公用品")]),
        (day(2025, 12, 20), "迎新年文体活动", [("culture_sports", "5300.00", "活动经费")]),
    ],
    "budget": {
        "allocated_funds": "64000.00",
        "higher_subsidy": "20000.00",
        "admin_subsidy": "15000.00",
        "culture_sports": "20000.00",
        "rights_aid": "16000.00",
        "rights_visits": "9000.00",
        "publicity": "3000.00",
        "business_training": "5000.00",
        "business_office": "3500.00",
        "capital": "22000.00",
    },
    "audit_plan": {
        "title": "长安乡工会2025年经费审查工作计划",
        "adopted_on": day(2025, 2, 28),
        "content": "每半年审查一次经费收支，年终审查预算执行情况和资产管理情况，向会员代表大会报告。",
    },
    "audits": [
        {
            "kind": "regular",
            "audit_date": day(2025, 7, 10),
            "period_start": day(2025, 1, 1),
            "period_end": day(2025, 6, 30),
            "scope": "2025年上半年经费收支审查",
            "auditors": "马志强、李桂芝（经审委员）",
            "findings": "收支手续完备，工会经费已按指标足额上缴。",
        },
        {
            "kind": "annual_review",
            "audit_date": day(2025, 12, 26),
            "period_start": day(2025, 1, 1),
            "period_end": day(2025, 12, 25),
            "scope": "2025年度经费收支、预算执行及资产管理审查",
            "auditors": "马志强、李桂芝（经审委员）",
            "findings": "财务制度健全，经费按指标足额上缴，资产登记规范，账实相符。",
        },
    ],
    "assets": [
        {
            "name": "多功能媒体设备",
            "category": "equipment",
            "value": D("6800.00"),
            "acquired_on": day(2025, 4, 10),
            "funding_source": "higher_union",
            "funding_detail": "县总工会补助",
            "custodian": "工会办公室",
            "location": "乡机关职工活动室",
            "voucher": "购置多功能媒体设备、档案柜、办公桌、电脑",
        },
        {
            "name": "档案柜",
            "category": "furniture",
            "quantity": 2,
            "value": D("2900.00"),
            "acquired_on": day(2025, 4, 10),
            "funding_source": "higher_union",
            "funding_detail": "县总工会补助",
            "custodian": "工会办公室",
            "location": "乡工会办公室",
            "voucher": "购置多功能媒体设备、档案柜、办公桌、电脑",
        },
        {
            "name": "办公桌",
            "category": "furniture",
            "quantity": 3,
            "value": D("2940.00"),
            "acquired_on": day(2025, 4, 10),
            "funding_source": "higher_union",
            "funding_detail": "县总工会补助",
            "custodian": "工会办公室",
            "location": "乡工会办公室",
            "voucher": "购置多功能媒体设备、档案柜、办公桌、电脑",
        },
        {
            "name": "台式电脑",
            "category": "computers",
            "quantity": 2,
            "value": D("9200.00"),
            "acquired_on": day(2025, 4, 10),
            "funding_source": "higher_union",
            "funding_detail": "县总工会补助",
            "custodian": "工会办公室",
            "location": "乡工会办公室",
            "voucher": "购置多功能媒体设备、档案柜、办公桌、电脑",
        },
    ],
    "policies": [
        {
            "kind": "finance",
            "title": "长安乡工会财务管理制度",
            "adopted_on": day(2025, 2, 28),
            "content": "经费收支实行预算管理，开支由主席审批，会计、出纳分设。",
        },
        {"kind": "duties", "title": "长安乡工会财务工作职责", "adopted_on": day(2025, 2, 28)},
        {"kind": "approval", "title": "长安乡工会经费开支审批制度", "adopted_on": day(2025, 2, 28)},
        {
            "kind": "assets",
            "title": "长安乡工会资产管理制度",
            "adopted_on": day(2025, 2, 28),
            "content": "资产登记造册，专人保管，处置须经工会委员会批准。",
        },
    ],
}
