"""The assessment report (考核报告) of one assessment as a Word document.

The GB/T 9704 setup of ``reports.officialdoc``: a portrait cover (the union, the standard, the
campaign, the score, the grade, the status, the dates) and a portrait close (lost points and
their reasons, the rectification tasks, the inspection opinion and a signature block), with the
score tables between them in a landscape section: a summary by section, then one table per
section (item, points, basis and evidence, the computed, self and inspection scores, the
reasons for lost points), then the bonus and veto items. Tables are in 仿宋 at 五号 with their
header row repeated on every page and no row split across pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gonghui.assessment.models import Assessment
from gonghui.core.sensitivity import Viewer
from gonghui.reports import officialdoc as od
from gonghui.reports.assessment_report.data import (
    TASK_TEXT,
    Line,
    Part,
    Report,
    cn_date,
    cn_number,
    pts,
    report_of,
    veto_text,
)

TABLE_STYLE = "考核表格文字"
TABLE_HEAD_STYLE = "考核表格表头"
WU_HAO, XIAO_WU = 10.5, 9
LANDSCAPE_WIDTH_MM = 297 - 28 - 26  # the text width of a landscape page
PORTRAIT_WIDTH_MM = 210 - 28 - 26

# The detail table: (header, width in mm).
DETAIL_COLUMNS = [
    ("编号", 13),
    ("考核内容", 40),
    ("分值", 11),
    ("评分依据", 52),
    ("佐证材料", 38),
    ("系统计分", 14),
    ("自评分", 14),
    ("考核得分", 14),
    ("失分原因", 47),
]


# ---- low-level helpers -----------------------------------------------------------------------
def _no_grid(ppr_owner: Any) -> None:
    """Leave the 22-line text grid: a table line is as tall as its text, not 29 pt."""
    ppr = ppr_owner.get_or_add_pPr() if hasattr(ppr_owner, "get_or_add_pPr") else ppr_owner.get_or_add_ppr()
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        ppr.append(snap)
    snap.set(qn("w:val"), "0")


def _table_styles(document: Any) -> None:
    styles = document.styles
    for name, font, align in (
        (TABLE_STYLE, od.BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT),
        (TABLE_HEAD_STYLE, od.H1_FONT, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        od.set_font(style, font, WU_HAO, bold=False)
        f = style.paragraph_format
        f.first_line_indent = Pt(0)
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = Pt(15)
        f.space_before = f.space_after = Pt(1)
        f.alignment = align
        _no_grid(style.element)


def _para(
    document: Any, text: str = "", *, style: str | None = None, align: Any = None, indent: bool = True
) -> Any:
    p = document.add_paragraph(text, style=style)
    if align is not None:
        p.alignment = align
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    return p


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False) -> Any:
    r = paragraph.add_run(text)
    od.set_font(r, font, size, bold=bold)
    return r


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _fixed_layout(table: Any) -> None:
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _set_cell(
    cell: Any, text: str, *, style: str = TABLE_STYLE, align: Any = None, bold: bool = False
) -> None:
    """The cell's text, one paragraph per line of ``text``."""
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    first.style = style
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        r = p.add_run(line)
        if bold:
            r.bold = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table(document: Any, columns: Sequence[tuple[str, float]], *, header: bool = True) -> Any:
    table = document.add_table(rows=1 if header else 0, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for i, (_title, width) in enumerate(columns):
        table.columns[i].width = Mm(width)
    if header:
        row = table.rows[0]
        _repeat_header(row)
        _cant_split(row)
        for cell, (title, width) in zip(row.cells, columns, strict=True):
            cell.width = Mm(width)
            _set_cell(cell, title, style=TABLE_HEAD_STYLE)
            _shade(cell, "E7E6E6")
    return table


def _add_row(
    table: Any, columns: Sequence[tuple[str, float]], values: Sequence[str], *, centered: Sequence[int] = ()
) -> Any:
    row = table.add_row()
    _cant_split(row)
    for i, (cell, value, (_title, width)) in enumerate(zip(row.cells, values, columns, strict=True)):
        cell.width = Mm(width)
        _set_cell(cell, value, align=WD_ALIGN_PARAGRAPH.CENTER if i in centered else None)
    return row


def _heading(document: Any, text: str, level: int = 1) -> None:
    document.add_paragraph(text, style=f"Heading {level}")


def _line_grid_only(document: Any) -> None:
    """Keep the 22-line grid but drop the character grid: a table of short cells and the cover's
    title are set by their own widths, not spread over 28 cells a line."""
    for section in document.sections:
        for grid in section._sectPr.findall(qn("w:docGrid")):
            grid.set(qn("w:type"), "lines")
            grid.attrib.pop(qn("w:charSpace"), None)


def _landscape(document: Any) -> Any:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = od.PAGE_HEIGHT, od.PAGE_WIDTH
    for side, value in od.MARGINS.items():  # the same margins as official_document(landscape=True)
        setattr(section, f"{side}_margin", value)
    return section


def _portrait(document: Any) -> Any:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = od.PAGE_WIDTH, od.PAGE_HEIGHT
    for side, value in od.MARGINS.items():
        setattr(section, f"{side}_margin", value)
    return section


# ---- the parts of the report -----------------------------------------------------------------
def _cover(document: Any, report: Report) -> None:
    a = report.assessment
    for _i in range(2):
        _para(document)
    title = _para(document, style="Title")
    _run(title, f"{report.union}", od.TITLE_FONT, od.ER_HAO)
    title = _para(document, style="Title")
    _run(title, f"{report.campaign.year}年度考核报告", od.TITLE_FONT, od.ER_HAO)
    _para(document)
    rows = [
        ("被考核单位", report.union),
        ("考核活动", report.campaign.name),
        ("考核标准", f"{report.standard.title}（第{report.standard.version}版）"),
        ("组织考核单位", report.campaign.organization.name),
        ("考核状态", report.status),
        ("自评得分", pts(report.self_total)),
        ("考核得分", pts(report.review_total)),
        ("最终得分", pts(report.score) if a.status == "accepted" else ""),
        (
            "考核等次",
            (report.grade + ("（一票否决）" if report.vetoed else "")) if a.status == "accepted" else "",
        ),
        ("自评截止日期", cn_date(report.campaign.self_deadline)),
        ("验收截止日期", cn_date(report.campaign.acceptance_deadline)),
        ("自评提交日期", cn_date(a.submitted_at)),
        ("验收日期", cn_date(a.accepted_at)),
    ]
    columns = [("", 40), ("", 100)]
    table = _table(document, columns, header=False)
    for label, value in rows:
        row = table.add_row()
        _cant_split(row)
        for cell, (_t, width) in zip(row.cells, columns, strict=True):
            cell.width = Mm(width)
        _set_cell(row.cells[0], label, style=TABLE_HEAD_STYLE)
        _set_cell(row.cells[1], value)
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(4)
                for r in p.runs:
                    r.font.size = Pt(od.SI_HAO)
    _para(document)
    made = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _run(made, f"{report.campaign.organization.name}制", od.BODY_FONT, od.SAN_HAO)
    made = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _run(made, cn_date(timezone.localdate()), od.BODY_FONT, od.SAN_HAO)


def _summary_table(document: Any, report: Report) -> None:
    columns = [
        ("考核内容", 90),
        ("分值", 25),
        ("自评分", 30),
        ("考核得分", 30),
        ("失分", 25),
        ("失分项数", 25),
    ]
    table = _table(document, columns)
    centered = (1, 2, 3, 4, 5)
    for part in report.sections:
        leaves = [x for x in part.flat() if not x.children]
        lost = [x.lost for x in leaves if x.lost]
        _add_row(
            table,
            columns,
            [
                f"{part.code} {part.title}".strip(),
                pts(part.top),
                pts(part.self_points),
                pts(part.review_points),
                pts(sum(lost, Decimal(0))) if lost else ("" if all(x.lost is None for x in leaves) else "0"),
                str(len(lost)),
            ],
            centered=centered,
        )
    bonus = report.bonus
    if bonus is not None:
        _add_row(
            table,
            columns,
            [
                f"加分项（最多{pts(report.standard.bonus_max)}分）",
                pts(report.standard.bonus_max),
                pts(bonus.self_points),
                pts(bonus.review_points),
                "",
                "",
            ],
            centered=centered,
        )
    total = _add_row(
        table,
        columns,
        ["合计", pts(report.standard.total_points), pts(report.self_total), pts(report.review_total), "", ""],
        centered=centered,
    )
    for cell in total.cells:
        for r in cell.paragraphs[0].runs:
            r.bold = True


def _detail_values(line: Line, report: Report) -> list[str]:
    prefix = "　" * line.level
    if line.veto:
        return [
            line.code,
            prefix + line.title,
            "否决",
            line.basis,
            "\n".join(line.evidence) or line.expected,
            veto_text(line.computed),
            veto_text(line.self_points),
            veto_text(line.review_points),
            line.reason,
        ]
    evidence = line.evidence or ([f"应备：{line.expected}"] if line.expected else [])
    return [
        line.code,
        prefix + line.title,
        pts(line.points),
        line.rule_cell,
        "\n".join(evidence),
        pts(line.computed) if not line.row.criterion.is_manual else "人工评分",
        pts(line.self_points),
        pts(line.review_points),
        line.reason,
    ]


def _detail_table(document: Any, part: Part, report: Report) -> None:
    table = _table(document, DETAIL_COLUMNS)
    for line in part.lines:
        for x in (line, *line.children):
            _add_row(table, DETAIL_COLUMNS, _detail_values(x, report), centered=(0, 2, 5, 6, 7))
    if not part.is_veto:
        sub = _add_row(
            table,
            DETAIL_COLUMNS,
            ["", "小计", pts(part.top), "", "", "", pts(part.self_points), pts(part.review_points), ""],
            centered=(0, 2, 5, 6, 7),
        )
        for cell in sub.cells:
            for r in cell.paragraphs[0].runs:
                r.bold = True


def _lost_table(document: Any, report: Report) -> None:
    columns = [("编号", 18), ("考核项目", 45), ("分值", 14), ("失分", 14), ("失分原因", 65)]
    table = _table(document, columns)
    for x in report.lost:
        _add_row(table, columns, [x.code, x.title, pts(x.points), pts(x.lost), x.reason], centered=(0, 2, 3))


def _tasks_table(document: Any, report: Report) -> None:
    columns = [("考核项目", 42), ("整改任务", 56), ("责任人", 24), ("完成时限", 20), ("状态", 14)]
    table = _table(document, columns)
    for t in report.tasks:
        _add_row(
            table,
            columns,
            [
                f"{t.criterion.code} {t.criterion.title}",
                t.title,
                str(t.responsible),
                cn_date(t.due_date),
                TASK_TEXT.get(t.status, t.status),
            ],
            centered=(2, 3, 4),
        )


def _signatures(document: Any, report: Report) -> None:
    columns = [("", 78), ("", 78)]
    table = document.add_table(rows=0, cols=2)
    table.autofit = False
    _fixed_layout(table)
    lines = [
        ("考核组组长（签字）：", "被考核单位负责人（签字）："),
        ("考核组成员（签字）：", ""),
        ("", "（被考核单位盖章）"),
        ("日期：　　年　　月　　日", "日期：　　年　　月　　日"),
    ]
    for left, right in lines:
        row = table.add_row()
        _cant_split(row)
        for cell, text, (_t, width) in zip(row.cells, (left, right), columns, strict=True):
            cell.width = Mm(width)
            _set_cell(cell, text)
            for p in cell.paragraphs:
                p.paragraph_format.space_before = Pt(10)
                p.paragraph_format.space_after = Pt(10)
                for r in p.runs:
                    r.font.size = Pt(od.SI_HAO)


def build_document(report: Report) -> Any:
    document = od.official_document()
    _table_styles(document)
    _cover(document, report)

    _landscape(document)
    n = 0

    def heading(text: str) -> None:
        nonlocal n
        n += 1
        _heading(document, f"{cn_number(n)}、{text}")

    heading("考核得分汇总")
    _summary_table(document, report)
    heading("评分明细")
    for i, part in enumerate(report.sections, start=1):
        _heading(
            document, f"（{cn_number(i)}）{part.code} {part.title}（{pts(part.top)}分）".replace("  ", " "), 2
        )
        _detail_table(document, part, report)
    if report.bonus is not None:
        _heading(
            document,
            f"（{cn_number(len(report.sections) + 1)}）加分项（最多加{pts(report.standard.bonus_max)}分）",
            2,
        )
        _detail_table(document, report.bonus, report)
    heading("一票否决项")
    if report.veto is not None:
        intro = _para(document, "下列任一项触发的，考核等次评定为最低等次。")
        intro.paragraph_format.keep_with_next = True
        _detail_table(document, report.veto, report)
    else:
        _para(document, "本考核标准未设一票否决项。")

    _portrait(document)
    _line_grid_only(document)
    heading("失分项及原因")
    if report.lost:
        _lost_table(document, report)
    elif report.score is None:
        _para(document, "尚未评分。")
    else:
        _para(document, "无失分项。")
    if report.tasks:
        heading("整改任务")
        _tasks_table(document, report)
    if report.opinions:
        heading("党组织、行政及上级工会意见")
        for label, text in report.opinions:
            _para(document, f"{label}：{text}")
    heading("考核意见")
    for text in report.opinion:
        _para(document, text)
    _para(document)
    _signatures(document, report)
    return document


def assessment_docx(assessment: Assessment, *, viewer: Viewer) -> bytes:
    """The report as .docx bytes. The records behind a computed value are named as the assessment
    page names them to this viewer (records they may not open are counted, not named)."""
    with translation.override("zh-hans"):
        report = report_of(assessment, access=viewer.access)
        document = build_document(report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
