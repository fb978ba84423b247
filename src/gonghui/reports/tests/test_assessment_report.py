"""The assessment report (.docx) and the scoring sheet (.xlsx) of one assessment: what they say
matches the assessment's scores, columns, lost points and vetoes; nothing is invented for an
assessment nobody scored; the page setup is the one a federation prints."""

from __future__ import annotations

import io
from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from gonghui.accounts.services import token_create
from gonghui.assessment.models import Assessment, ItemScore, RectificationTask, Status
from gonghui.assessment.services import workflow
from gonghui.assessment.tests import conftest as assessment_fixtures
from gonghui.assessment.tests.conftest import access_of
from gonghui.core.models import AuditEvent
from gonghui.core.sensitivity import Viewer
from gonghui.reports.assessment_report.document import DETAIL_COLUMNS, assessment_docx
from gonghui.reports.assessment_report.scoresheet import HEADER_ROW, HEADERS, score_sheet_xlsx

DETAIL_HEAD = [h for h, _w in DETAIL_COLUMNS]
# The assessment tests' fixtures: test metrics, the small standard, the city campaign, its people.
values = assessment_fixtures.values
standard = assessment_fixtures.standard
people = assessment_fixtures.people
campaign = assessment_fixtures.campaign
assessment_a = assessment_fixtures.assessment_a


def save(user: Any, a: Assessment, code: str, side: str, points: Any, comment: str = "") -> None:
    c = a.campaign.standard.criteria.get(code=code)
    row = ItemScore.objects.filter(assessment=a, criterion=c).first()
    workflow.item_score_save(
        access=access_of(user),
        assessment=a,
        criterion=c,
        side=side,
        points=points,
        comment=comment,
        version=row.version if row else 0,
    )


def act(user: Any, a: Assessment, action: str) -> Assessment:
    return workflow.assessment_act(access=access_of(user), assessment=a, action=action)


@pytest.fixture
def accepted(values: Any, assessment_a: Assessment, people: Any, tree: Any) -> Assessment:
    """Union A: 6 people (A1 2 of 4), a rate of 60 (A2 2 of 4), a committee (A3.1 2), the ledger
    scored 2 by the union and 1.5 by the inspector, 200 yuan (B2 4); the inspector triggers veto F2."""
    org = tree.union_a.pk
    values["t_count"][org] = 6
    values["t_rate"][org] = D(60)
    values["t_bool"][org] = True
    values["t_amount"][org] = D(200)
    a = act(people.chair, assessment_a, "start")
    save(people.chair, a, "A3.2", "self", "2", "台账齐全")
    save(people.chair, a, "J1", "self", "2", "获市级表彰")
    a = act(people.chair, a, "submit")
    a = act(people.inspector, a, "review")
    save(people.inspector, a, "A3.2", "review", "1.5", "个别小组会议记录不全，扣0.5分")
    save(people.inspector, a, "F2", "review", "0", "年内发生重大安全事故")
    a = act(people.inspector, a, "accept")
    RectificationTask.objects.create(
        organization=tree.union_a, assessment=a, criterion=a.campaign.standard.criteria.get(code="A1"),
        title="发展会员", responsible=people.chair, due_date="2026-03-31",
    )  # fmt: skip
    return Assessment.objects.get(pk=a.pk)


def mm(*lengths: Any) -> list[float]:
    """Lengths in millimetres as Word stores them (in twips: a tenth of a millimetre off)."""
    return [round(x.mm, 1) for x in lengths]


def docx_of(a: Assessment, user: Any) -> Any:
    return Document(io.BytesIO(assessment_docx(a, viewer=Viewer(access_of(user)))))


def detail_rows(doc: Any) -> dict[str, list[str]]:
    """Every row of the score tables by item code: the nine cells' text."""
    out = {}
    for table in doc.tables:
        head = [c.text for c in table.rows[0].cells]
        if head != DETAIL_HEAD:
            continue
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            if cells[0]:
                out[cells[0]] = cells
    return out


def all_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_the_report_matches_the_assessment(accepted: Assessment, people: Any) -> None:
    a = accepted
    assert (a.status, a.self_total, a.review_total, a.score, a.grade, a.vetoed) == (
        Status.ACCEPTED, D(15), D("14.5"), D("14.5"), "不达标", True,
    )  # fmt: skip
    doc = docx_of(a, people.admin)
    cover = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert cover["被考核单位"] == "甲局工会"
    assert cover["考核活动"] == a.campaign.name
    assert cover["考核标准"].startswith("测试评分标准")
    assert cover["组织考核单位"] == "甲市总工会"
    assert (cover["考核状态"], cover["自评得分"], cover["考核得分"], cover["最终得分"]) == (
        "已验收", "15", "14.5", "14.5",
    )  # fmt: skip
    assert cover["考核等次"] == "不达标（一票否决）"
    assert cover["验收日期"].endswith("日") and cover["自评截止日期"] == "2025年11月30日"

    rows = detail_rows(doc)
    # code, item, points, basis, evidence, computed, self, inspector, reasons
    assert rows["A1"][2] == "4" and rows["A1"][5:8] == ["2", "2", "2"]
    assert "10人以上得4分" in rows["A1"][3] and "系统统计值：6" in rows["A1"][3]
    assert rows["A1"][8] == "系统统计值：6，按评分细则得2分"
    assert rows["A3.2"][5:] == ["人工评分", "2", "1.5", "个别小组会议记录不全，扣0.5分"]
    assert rows["A3"][5:8] == ["2", "4", "3.5"]  # the item: its sub-items added up
    assert rows["B2"][5:9] == ["4", "4", "4", ""]  # full points: no reason
    assert rows["J1"][5:8] == ["人工评分", "2", "2"]
    assert rows["F1"][2] == "否决" and rows["F1"][5:8] == ["未触发", "未触发", "未触发"]
    assert rows["F2"][6:] == ["", "触发否决", "年内发生重大安全事故"]
    # Section subtotals (self, inspector) as the page adds them.
    subtotals = [
        [c.text for c in row.cells]
        for t in doc.tables
        if [c.text for c in t.rows[0].cells] == DETAIL_HEAD
        for row in t.rows
        if row.cells[1].text == "小计"
    ]
    assert [(s[2], s[6], s[7]) for s in subtotals] == [("12", "8", "7.5"), ("8", "5", "5"), ("2", "2", "2")]

    lost = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["编号", "考核项目"])
    lost_rows = {r.cells[0].text: [c.text for c in r.cells] for r in lost.rows[1:]}
    assert lost_rows["A1"][2:4] == ["4", "2"] and lost_rows["A3.2"][3] == "0.5"
    assert lost_rows["B1"][3] == "3" and "F2" not in lost_rows  # a veto is no lost point
    text = all_text(doc)
    assert "评定等次为“不达标”" in text and "触发一票否决项F2“重大事故”" in text
    assert "发展会员" in text and "甲主席" in text  # the task and its responsible person, as on the page
    assert "考核组组长（签字）：" in text and "被考核单位负责人（签字）：" in text
    assert "党组织、行政及上级工会意见" not in text  # none written: no empty boxes


def test_the_report_prints_the_opinions_written_on_the_application(accepted: Assessment, people: Any) -> None:
    Assessment.objects.filter(pk=accepted.pk).update(
        party_opinion="同意申报验收。", higher_union_opinion="经实地验收，同意通过。"
    )
    accepted.refresh_from_db()
    text = all_text(docx_of(accepted, people.admin))
    assert "党组织意见：同意申报验收。" in text and "上级工会意见：经实地验收，同意通过。" in text
    assert "行政意见" not in text  # left empty on the application
    assert text.index("上级工会意见") < text.index("考核意见\n")


def test_the_report_page_setup(accepted: Assessment, people: Any) -> None:
    doc = docx_of(accepted, people.admin)
    cover, tables, close = doc.sections[0], doc.sections[1], doc.sections[-1]
    assert mm(cover.page_width, cover.page_height) == [210, 297]
    assert mm(cover.top_margin, cover.bottom_margin, cover.left_margin, cover.right_margin) == [
        37,
        35,
        28,
        26,
    ]
    assert tables.orientation == WD_ORIENT.LANDSCAPE and mm(tables.page_width, tables.page_height) == [
        297,
        210,
    ]
    assert close.orientation == WD_ORIENT.PORTRAIT
    # Every score table repeats its header row on each page and splits no row.
    score_tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == DETAIL_HEAD]
    assert len(score_tables) == 4  # sections A and B, the bonus items, the veto items
    for t in score_tables:
        header = t.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in t.rows)
    # Table text in 仿宋 at 五号 (10.5 pt), set for East Asian text.
    style = doc.styles["考核表格文字"]
    assert style.font.size.pt == 10.5
    assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    # The page number field runs on in every section.
    footer = "".join(el.text or "" for el in cover.footer._element.iter(qn("w:instrText")))
    assert "PAGE" in footer


def test_the_score_sheet_matches_the_assessment(accepted: Assessment) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(score_sheet_xlsx(accepted)))
    ws = wb["考核评分表"]
    assert [c.value for c in ws[HEADER_ROW + 1]] == HEADERS
    assert ws["A1"].value == f"{accepted.campaign.name}评分表" and "A1:F1" in ws.merged_cells
    assert "甲局工会" in ws["A2"].value
    rows = {str(r[0].value).split(" ")[0]: [c.value for c in r] for r in ws.iter_rows(min_row=HEADER_ROW + 2)}
    assert rows["A1"][1:2] == [4] and rows["A1"][3:5] == [2, 2]
    assert "10人以上得4分" in rows["A1"][2]
    assert rows["A3.2"][3:5] == [2, 1.5] and "个别小组会议记录不全" in rows["A3.2"][5]
    assert rows["F2"][1] == "否决" and rows["F2"][4] == "触发否决"
    assert rows["合计"][1] == 20 and rows["合计"][3:5] == [15, 14.5]
    assert rows["最终得分"][1] == 14.5 and rows["最终得分"][3] == "不达标（一票否决）"
    group_rows = [r for r in ws.merged_cells.ranges if r.min_col == 1 and r.max_col == 6 and r.min_row > 4]
    titles = [ws.cell(r.min_row, 1).value for r in sorted(group_rows, key=lambda r: r.min_row)]
    assert titles == [
        "一、A 组织建设（12分）",
        "二、B 工作开展（8分）",
        "加分项（最多加2分）",
        "一票否决项（任一项触发的，评为最低等次）",
    ]
    subtotals = [r for r in ws.iter_rows(values_only=True) if r[0] == "小计"]
    assert [(s[1], s[3], s[4]) for s in subtotals] == [(12, 8, 7.5), (8, 5, 5), (2, 2, 2)]
    # Printing: A4 landscape, one page wide, the header row on every page.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 wide is the default: stored as no attribute
    assert ws.page_setup.fitToHeight == 0  # as many pages tall as it needs
    assert ws.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
    assert ws["A5"].border.left.style == "thin" and ws["C6"].alignment.wrap_text


def test_an_assessment_nobody_scored_has_empty_cells(
    values: Any, campaign: Any, tree: Any, people: Any
) -> None:
    """Union C has not started: the records' points are there, the union's and the inspector's
    columns are empty (not 0), and so are the totals, the score and the grade."""
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_c)
    assert a.status == Status.NOT_STARTED and a.computed_at is not None
    doc = docx_of(a, people.admin)
    rows = detail_rows(doc)
    assert rows["A3.1"][5:9] == ["0", "", "", "尚未评分"]  # computed from the records: no committee
    assert rows["A3.2"][5:8] == ["人工评分", "", ""]
    assert rows["F2"][5:8] == ["", "", ""]
    cover = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert [cover[k] for k in ("考核状态", "自评得分", "考核得分", "最终得分", "考核等次")] == [
        "未开始", "", "", "", "",
    ]  # fmt: skip
    assert "尚未提交自评" in all_text(doc)
    # Never computed at all: the computed column is empty too.
    Assessment.objects.filter(pk=a.pk).update(computed={}, computed_at=None)
    a.refresh_from_db()
    assert detail_rows(docx_of(a, people.admin))["A3.1"][5:9] == ["", "", "", "尚未评分"]
    ws = openpyxl.load_workbook(io.BytesIO(score_sheet_xlsx(a)))["考核评分表"]
    body = list(ws.iter_rows(min_row=HEADER_ROW + 2, values_only=True))
    scored = [r for r in body if r[0] and str(r[0]).startswith(("A", "B", "J"))]
    assert len(scored) == 9 and all(r[3] is None and r[4] is None for r in scored)
    total = next(r for r in body if r[0] == "合计")
    assert total[1] == 20 and total[3] is None and total[4] is None
    # Downloading wrote nothing: the assessment is still unscored.
    a.refresh_from_db()
    assert a.computed_at is None and not ItemScore.objects.filter(assessment=a).exists()


def test_the_page_offers_the_downloads_and_they_download(
    accepted: Assessment, people: Any, login: Any
) -> None:
    client = login(people.chair)
    page = client.get(reverse("assessment:assessment", kwargs={"pk": accepted.pk})).content.decode()
    docx_url = reverse("reports:assessment-report-docx", kwargs={"pk": accepted.pk})
    xlsx_url = reverse("reports:assessment-report-xlsx", kwargs={"pk": accepted.pk})
    assert docx_url in page and xlsx_url in page and "data-print" in page
    resp = client.get(docx_url)
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    assert resp["Content-Type"].endswith("wordprocessingml.document")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert Document(io.BytesIO(resp.content)).tables
    resp = client.get(xlsx_url)
    assert resp.status_code == 200 and resp["Content-Type"].endswith("spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(resp.content))["考核评分表"]
    events = AuditEvent.objects.filter(action="reports.assessment_report", object_id=str(accepted.pk))
    assert sorted(e.detail["format"] for e in events) == ["docx", "xlsx"]


def test_the_api_gives_the_same_files(accepted: Assessment, people: Any) -> None:
    _token, raw = token_create(user=people.inspector, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    base = f"/api/v1/reports/assessment/{accepted.pk}"
    resp = api.get(f"{base}/report.docx")
    assert resp.status_code == 200 and Document(io.BytesIO(resp.content)).tables
    resp = api.get(f"{base}/sheet.xlsx")
    assert resp.status_code == 200
    assert api.get("/api/v1/reports/assessment/0/sheet.xlsx").status_code in (400, 422)
    assert api.get(f"/api/v1/reports/assessment/{2**63}/sheet.xlsx").status_code in (400, 422)


def test_a_printed_sheet_shows_the_scores_behind_the_forms(
    values: Any, assessment_a: Assessment, people: Any, tree: Any, login: Any
) -> None:
    """Printing hides form controls: an editable score is printed from a print-only copy."""
    values["t_count"][tree.union_a.pk] = 6
    a = act(people.chair, assessment_a, "start")
    save(people.chair, a, "A3.2", "self", "1.5", "会议记录不全")
    page = login(people.chair).get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert 'name="points"' in page  # the union may still edit: the scores are in forms
    assert '<div class="d-none d-print-block fw-semibold">1.5</div>' in page
    assert '<div class="d-none d-print-block small">会议记录不全</div>' in page


def test_a_rule_that_starts_like_a_formula_stays_text(accepted: Assessment) -> None:
    """A federation's text beginning with "=" is printed as text, never run as a formula."""
    c = accepted.campaign.standard.criteria.get(code="A1")
    type(c).objects.filter(pk=c.pk).update(guidance="=每缺一项扣1分")
    ws = openpyxl.load_workbook(io.BytesIO(score_sheet_xlsx(accepted)))["考核评分表"]
    rows = {str(r[0].value).split(" ")[0]: r for r in ws.iter_rows(min_row=HEADER_ROW + 2)}
    assert rows["A1"][2].value.startswith("=每缺一项扣1分") and rows["A1"][2].data_type == "s"
