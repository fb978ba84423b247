"""The scoring sheet (考核评分表) of one assessment as .xlsx, in the standard's own layout.

考核内容 | 分值 | 评分细则 | 自评分 | 考核得分 | 说明: a merged title row, the union, the
standard and the date, the header, then each section as a merged group row followed by its
items and sub-items and a subtotal row; the bonus and veto items; the total, the final score
and grade; a signature line. Printed on A4 landscape, one page wide, the header row repeated
on every page, the page number in the footer. An item nobody scored has an empty cell.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone, translation

from gonghui.assessment.models import Assessment
from gonghui.reports.assessment_report.data import (
    Line,
    Part,
    Report,
    cn_date,
    cn_number,
    report_of,
    veto_text,
)

HEADERS = ["考核内容", "分值", "评分细则", "自评分", "考核得分", "说明"]
WIDTHS = [34, 7, 52, 8, 9, 40]  # in characters; about 150 on A4 landscape
HEADER_ROW = 3
FONT = "宋体"


def _display_width(text: str) -> float:
    """Width in Excel's column units: a Chinese character takes about two."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def row_height(cells: dict[int, str]) -> float:
    """The height (points) that shows every line of wrapped text: the row is set, not left to
    the reader (LibreOffice and Excel do not grow a row written with wrapped text)."""
    lines = 1
    for col, text in cells.items():
        usable = max(WIDTHS[col] - 1.5, 4)
        n = sum(max(1, math.ceil(_display_width(p) / usable)) for p in (text or "").split("\n"))
        lines = max(lines, n)
    return lines * 13.5 + 4


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _note(line: Line) -> str:
    parts = []
    if line.self_comment and line.self_comment != line.reason:
        parts.append(f"自评：{line.self_comment}")
    if line.review_comment and line.review_comment != line.reason:
        parts.append(f"考核：{line.review_comment}")
    if line.lost:
        parts.insert(0, f"失{format(line.lost.normalize(), 'f')}分：{line.reason}" if line.reason else "")
    elif line.reason and (line.veto or line.reason == "尚未评分"):
        parts.insert(0, line.reason)
    return "\n".join(p for p in parts if p)


class _Sheet:
    def __init__(self, workbook: Any, report: Report) -> None:
        self.wb, self.report = workbook, report
        self.ws = workbook.add_worksheet("考核评分表")
        base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
        self.f = {
            "title": workbook.add_format(
                {"font_name": FONT, "font_size": 18, "bold": True, "align": "center", "valign": "vcenter"}
            ),
            "info": workbook.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter"}),
            "head": workbook.add_format({**base, "bold": True, "align": "center", "bg_color": "#E7E6E6"}),
            "group": workbook.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
            "text": workbook.add_format(base),
            "sub": workbook.add_format({**base, "indent": 2}),
            "num": workbook.add_format({**base, "align": "center", "num_format": "0.##"}),
            "total": workbook.add_format({**base, "bold": True, "align": "center"}),
            "total_num": workbook.add_format({**base, "bold": True, "align": "center", "num_format": "0.##"}),
            "sign": workbook.add_format({"font_name": FONT, "font_size": 11, "valign": "bottom"}),
        }
        self.row = 0

    def write(self) -> None:
        r, ws, f = self.report, self.ws, self.f
        for i, width in enumerate(WIDTHS):
            ws.set_column(i, i, width)
        ws.set_row(0, 32)
        ws.merge_range(0, 0, 0, 5, f"{r.campaign.name}评分表", f["title"])
        ws.merge_range(
            1, 0, 1, 5,
            f"被考核单位：{r.union}　　考核活动：{r.campaign.name}　　状态：{r.status}",
            f["info"],
        )  # fmt: skip
        ws.merge_range(
            2, 0, 2, 5,
            f"考核标准：{r.standard.title}（第{r.standard.version}版）　　"
            f"日期：{r.date or cn_date(timezone.localdate())}",
            f["info"],
        )  # fmt: skip
        ws.write_row(HEADER_ROW, 0, HEADERS, f["head"])
        self.row = HEADER_ROW + 1
        for i, part in enumerate(r.sections, start=1):
            self.part(part, f"{cn_number(i)}、{part.code} {part.title}（{self.points(part.top)}分）")
        if r.bonus is not None:
            self.part(r.bonus, f"加分项（最多加{self.points(r.standard.bonus_max)}分）")
        if r.veto is not None:
            self.part(r.veto, "一票否决项（任一项触发的，评为最低等次）")
        self.totals()
        self.signature()
        self.page_setup()

    @staticmethod
    def points(value: Decimal | None) -> str:
        return "" if value is None else format(value.normalize(), "f")

    def part(self, part: Part, title: str) -> None:
        ws, f = self.ws, self.f
        ws.merge_range(self.row, 0, self.row, 5, title, f["group"])
        self.row += 1
        for line in part.lines:
            for x in (line, *line.children):
                self.line(x)
        if not part.is_veto:
            ws.write(self.row, 0, "小计", f["total"])
            ws.write(self.row, 1, _num(part.top), f["total_num"])
            ws.write_blank(self.row, 2, None, f["total"])
            ws.write(self.row, 3, _num(part.self_points), f["total_num"])
            ws.write(self.row, 4, _num(part.review_points), f["total_num"])
            ws.write_blank(self.row, 5, None, f["total"])
            self.row += 1

    def line(self, x: Line) -> None:
        ws, f = self.ws, self.f
        ws.write(self.row, 0, f"{x.code} {x.title}", f["sub"] if x.level else f["text"])
        if x.veto:
            ws.write(self.row, 1, "否决", f["num"])
            ws.write(self.row, 3, veto_text(x.self_points), f["num"])
            ws.write(self.row, 4, veto_text(x.review_points), f["num"])
        else:
            ws.write(self.row, 1, _num(x.points), f["num"])
            ws.write(self.row, 3, _num(x.self_points), f["num"])
            ws.write(self.row, 4, _num(x.review_points), f["num"])
        rule, note = x.rule_cell, _note(x)
        ws.write(self.row, 2, rule, f["text"])
        ws.write(self.row, 5, note, f["text"])
        title = ("　　" if x.level else "") + f"{x.code} {x.title}"
        ws.set_row(self.row, row_height({0: title, 2: rule, 5: note}))
        self.row += 1

    def totals(self) -> None:
        r, ws, f = self.report, self.ws, self.f
        ws.write(self.row, 0, "合计", f["total"])
        ws.write(self.row, 1, _num(r.standard.total_points), f["total_num"])
        ws.write_blank(self.row, 2, None, f["total"])
        ws.write(self.row, 3, _num(r.self_total), f["total_num"])
        ws.write(self.row, 4, _num(r.review_total), f["total_num"])
        ws.write_blank(self.row, 5, None, f["total"])
        self.row += 1
        final = r.assessment.status == "accepted"
        grade = r.grade + ("（一票否决）" if r.vetoed else "") if final else ""
        ws.write(self.row, 0, "最终得分", f["total"])
        ws.write(self.row, 1, _num(r.score) if final else None, f["total_num"])
        ws.write(self.row, 2, "考核等次", f["total"])
        ws.merge_range(self.row, 3, self.row, 5, grade, f["total"])
        self.row += 1

    def signature(self) -> None:
        ws, f = self.ws, self.f
        self.row += 1
        ws.set_row(self.row, 30)
        ws.write(self.row, 0, "考核组组长（签字）：", f["sign"])
        ws.write(self.row, 2, "考核组成员（签字）：", f["sign"])
        ws.write(self.row, 5, "日期：　　年　　月　　日", f["sign"])
        self.row += 1
        ws.set_row(self.row, 30)
        ws.write(self.row, 0, "被考核单位负责人（签字）：", f["sign"])
        ws.write(self.row, 2, "（被考核单位盖章）", f["sign"])
        ws.write(self.row, 5, "日期：　　年　　月　　日", f["sign"])
        self.row += 1

    def page_setup(self) -> None:
        ws = self.ws
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.center_horizontally()
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        ws.repeat_rows(HEADER_ROW)
        ws.print_area(0, 0, self.row - 1, 5)
        ws.set_header(f'&C&"{FONT}"&10{self.report.union} · {self.report.campaign.name}')
        ws.set_footer(f'&C&"{FONT}"&10第 &P 页，共 &N 页')
        ws.freeze_panes(HEADER_ROW + 1, 0)


def score_sheet_xlsx(assessment: Assessment) -> bytes:
    """The assessment's 考核评分表 as .xlsx bytes (no records named: the sheet shows scores only)."""
    with translation.override("zh-hans"):
        report = report_of(assessment, with_evidence=False)
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
        workbook.set_properties({"title": f"{report.union}考核评分表", "author": "gonghui"})
        _Sheet(workbook, report).write()
        workbook.close()
    return out.getvalue()
