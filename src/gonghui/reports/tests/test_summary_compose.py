"""The annual work summary's content: the seed unions' facts are all in it, nothing is invented
for a record type a union does not have, and a reader sees only what they may read."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from gonghui.accounts.access import get_access
from gonghui.accounts.models import User
from gonghui.assessment.models import Assessment
from gonghui.care.models import AidCase, HardshipFile
from gonghui.core.records import registry as records
from gonghui.core.scope import scope
from gonghui.core.sensitivity import Viewer
from gonghui.members.models import Member
from gonghui.orgs.models import Organization
from gonghui.reports.summary.compose import compose_summary
from gonghui.reports.summary.text import Summary


@pytest.fixture(scope="module")
def demo(demo_module: None) -> None:
    """The demo, loaded once for the module (``demo_module``)."""


def summary_for(username: str, code: str, year: int = 2025) -> Summary:
    """The summary as ``username`` reads it, inside their scope (as the draft page and the CLI do)."""
    access = get_access(User.objects.get(username=username))
    with scope(organization=access.visible_orgs()):
        org = Organization.objects.get(code=code)
        return compose_summary(org, year, viewer=Viewer(access))


def text_of(summary: Summary) -> str:
    return "\n".join(b.text for b in summary.blocks)


def block(summary: Summary, key: str) -> Any:
    return next(b for b in summary.blocks if b.key == key)


def figure_keys(summary: Summary) -> set[str]:
    return {f.key for b in summary.blocks for f in b.figures}


BUREAU_FACTS = [
    "现有会员426人",
    "入会率100%",
    "49个工会小组",
    # the committees as the first seed describes them
    "工会委员会（XX局工会第三届委员会）由7名委员组成，其中专职委员1名、兼职委员6名",
    "经费审查委员会（XX局工会经费审查委员会）由2名委员组成，均为兼职委员",
    "女职工委员会（XX局工会女职工委员会）由5名委员组成，其中专职委员1名、兼职委员4名",
    "XX局劳动保护监督检查委员会",
    "XX局劳动争议调解委员会",
    "局务公开领导小组",
    "劳动竞赛活动领导小组",
    "经上级工会批复",
    # two congress sessions and the plans passed by name
    "召开职工（会员）代表大会2次",
    "《医疗管理制度改革实施方案》",
    "《工效挂钩技能岗位工资增资方案》",
    "《劳动用工及相关待遇规定的方案》",
    "《优生优育优学优才实施方案》",
    "公开栏",
    "女职工权益保护专项集体合同",
    "劳动保护监督检查员队伍62人",
    # mutual insurance at 50/50
    "由工会和行政共同负担50%、职工个人负担50%",
    # visits by occasion
    "春节慰问4次",
    "元旦慰问2次",
    "住院探望3次",
    "职工逝世慰问1次",
    # contests and training
    "安全生产知识竞赛",
    "电焊技能比赛",
    "纯净水瓶贴标签比赛",
    "全国职工《劳动合同法》知识竞赛",
    "“安康杯”",
    "新一届职工代表培训",
    "工会小组长培训",
    "劳动保护监督检查员培训",
    "标准篮球场",
    "地掷球场",
]

CHANGAN_FACTS = [
    "新建工会组织7个（其中企业工会2个）",
    "发展176名新会员入会（含农民工",
    "长安乡工会组织建设领导小组",
    "设副主席、组织委员、宣传委员、经审委员、女工委员、劳动争议调解委员",
    "经费审查委员会（长安乡工会经费审查委员会）",
    # festival activities
    "“三八”妇女节",
    "“五一”",
    "“五四”",
    "“七一”",
    "职工活动室",
    "羽毛球活动场地",
    "档案柜",
    # audited funds
    "经费审查委员会全年组织经审人员对经费收支进行审查和监督2次",
    "已按下达的指标足额上缴",
    "《长安乡工会资产管理制度》",
    # 大病互助 / 金秋助学 / 帮扶 with amounts
    "大病互助2人、发放13000元",
    "金秋助学3人、发放7000元",
    "困难帮扶2人、发放3000元",
    "对农民工进行摸底调查",
    "抗旱保春耕",
    "关爱贫困老党员",
    # its shortcomings and what it will do about them
    "工会干部业务学习培训方面失",
    "在编干部职工入会率方面失",
    "由孙立新",
    "2026年4月30日前完成",
]


@pytest.mark.parametrize(("code", "facts"), [("DEMO-BUREAU", BUREAU_FACTS), ("DEMO-CHANGAN", CHANGAN_FACTS)])
def test_the_summary_states_every_fact_of_the_seed_union(
    demo: None, db: Any, code: str, facts: list[str]
) -> None:
    chair = "bureau_chair" if code == "DEMO-BUREAU" else "changan_chair"
    summary = summary_for(chair, code)
    text = text_of(summary)
    missing = [f for f in facts if f not in text]
    assert not missing, f"not in the summary of {code}: {missing}"
    assert summary.title == f"{summary.organization}2025年度工作总结"


def test_the_bureau_summary_has_the_seed_sections_and_participation(demo: None, db: Any) -> None:
    summary = summary_for("bureau_chair", "DEMO-BUREAU")
    headings = [b.text for b in summary.blocks if b.kind == "h1"]
    assert headings == [
        "基本情况",
        "组织建设",
        "民主管理",
        "维护职工合法权益",
        "关爱职工",
        "建功立业",
        "经费与经审",
        "存在的问题",
        "下一步打算",
    ]
    assert not any(re.match(r"^[一二三四五六七八九十（(]", b.text) for b in summary.blocks if b.kind != "p")
    rate = next(f for b in summary.blocks for f in b.figures if f.key == "mutual_insurance_rate")
    assert Decimal(rate.value.rstrip("%")) >= 95
    assert f"参保人数占职工总数的{rate.value}" in text_of(summary)


def test_every_figure_links_to_its_records_and_keys_are_stable(demo: None, db: Any) -> None:
    first = summary_for("bureau_chair", "DEMO-BUREAU")
    again = summary_for("bureau_chair", "DEMO-BUREAU")
    keys = [b.key for b in first.blocks]
    assert len(keys) == len(set(keys))
    assert keys == [b.key for b in again.blocks]
    assert [b.fingerprint for b in first.blocks] == [b.fingerprint for b in again.blocks]
    figures = [f for b in first.blocks for f in b.figures]
    assert len(figures) > 60
    assert all(f.url.startswith("/") for f in figures), [f for f in figures if not f.url]
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    visits = next(f for f in figures if f.key == "visit_count")
    assert visits.url == reverse("records:list", kwargs={"rt": records.get("visits")}) + f"?org={bureau.pk}"
    assessment = Assessment.objects.get(organization=bureau, campaign__year=2025, status="accepted")
    score = next(f for f in figures if f.key == "assessment.score")
    assert score.url == reverse("assessment:gaps", args=[assessment.pk])
    for f in figures:  # every figure's value is printed in its paragraph (or as its parts)
        b = next(b for b in first.blocks if f in b.figures)
        assert all(part in b.text for part in re.findall(r"\d+(?:\.\d+)?", f.value)), (f, b.text)


def test_a_union_without_records_of_a_type_gets_no_figure_but_a_sentence(demo: None, db: Any) -> None:
    changan = summary_for("changan_chair", "DEMO-CHANGAN")
    keys = figure_keys(changan)
    # No congress, disclosure, contract, insurance, competition or training is on record for 长安乡.
    for key in (
        "congress_sessions",
        "resolutions_passed",
        "proposals_count",
        "disclosure_count",
        "contracts.in_force",
        "mutual_insurance_enrolled",
        "mutual_insurance_rate",
        "competition_count",
        "training_sessions",
        "suggestion_count",
        "mediation_cases",
    ):
        assert key not in keys
    assert block(changan, "democracy.congress").text == "2025年度尚未录入职工代表大会记录。"
    assert block(changan, "democracy.congress").figures == []
    assert "尚未录入职工医疗互助保障参保记录" in block(changan, "care.insurance").text
    assert "尚未录入有效的集体合同" in block(changan, "rights.contract").text
    assert "尚未录入女职工委员会的记录" in block(changan, "organization.women").text

    # A year with no records at all: every paragraph says what is missing, no figure is printed.
    empty = summary_for("changan_chair", "DEMO-CHANGAN", year=2019)
    assert figure_keys(empty) == set()
    for key in ("care.visits", "care.aid", "finance.funds", "finance.audit", "achievements.competitions"):
        assert "尚未录入" in block(empty, key).text
        assert block(empty, key).figures == []
    assert "尚无考核记录" in block(empty, "problems.gaps").text


def test_a_reader_without_care_hardship_gets_no_hardship_figures(demo: None, db: Any) -> None:
    chair = summary_for("bureau_chair", "DEMO-BUREAU")
    assert block(chair, "care.hardship").text.startswith("建立困难职工档案3户")

    finance = summary_for("bureau_finance", "DEMO-BUREAU")
    hardship = block(finance, "care.hardship")
    assert hardship.figures == []
    assert "不在当前账号的查看权限内" in hardship.text and "3户" not in hardship.text
    assert "hardship_family_count" not in figure_keys(finance)
    # What the finance officer may read is still there.
    assert "经费收入950497.23元" in text_of(finance)


def test_no_personal_data_appears(demo: None, db: Any) -> None:
    for chair, code in (("bureau_chair", "DEMO-BUREAU"), ("changan_chair", "DEMO-CHANGAN")):
        summary = summary_for(chair, code)
        text = text_of(summary) + "".join(f.value + f.label for b in summary.blocks for f in b.figures)
        org = Organization.objects.get(code=code)
        names = set(
            HardshipFile.objects.filter(organization__path__startswith=org.path).values_list(
                "member__name", flat=True
            )
        )
        names |= set(
            AidCase.objects.filter(organization__path__startswith=org.path).values_list(
                "member__name", flat=True
            )
        )
        names.discard(None)
        assert names and not [n for n in names if n in text]
        ids = Member.objects.filter(organization__path__startswith=org.path).values_list(
            "id_number", flat=True
        )[:50]
        assert not [i for i in ids if i and i in text]
        assert not re.search(r"\d{17}[\dX]", text)


def test_a_reader_without_the_finance_right_gets_no_funds(demo: None, db: Any) -> None:
    """The finance section follows finance.view: a group leader's view of their union has none."""
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    leader = User.objects.get(username="group_leader")
    access = get_access(leader)
    assert not access.can("finance.view", bureau)
    with scope(organization=access.visible_orgs()):
        summary = compose_summary(bureau, 2025, viewer=Viewer(access))
    funds = block(summary, "finance.funds")
    assert funds.figures == [] and "不在当前账号的查看权限内" in funds.text
    assert not {k for k in figure_keys(summary) if k.startswith(("funds", "budget", "audit", "remittance"))}
    assert "不在当前账号的查看权限内" in block(summary, "problems.gaps").text
