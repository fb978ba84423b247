"""The statistics as one .xlsx: a sheet per table, laid out as a 统计年报 form, printable on A4."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from gonghui.reports.statistics.tables import Table

LABEL_WIDTH = 34
VALUE_WIDTH = 13
WIDE = 6  # more value columns than this: the sheet prints in landscape


def statistics_xlsx(tables: list[Table], *, org: Any, year: int, out: IO[bytes]) -> None:
    """Write ``tables`` (``statistics_tables``) for ``org`` and ``year`` into ``out``."""
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties({"title": f"{org.name}{year}年度工会统计报表", "company": org.name})
    f = _formats(book)
    used: set[str] = set()
    for table in tables:
        _sheet(book, f, table, org=org, year=year, name=_sheet_name(table, used))
    book.close()


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    cell = {**base, "border": 1}
    return {
        "title": book.add_format({**base, "font_name": "黑体", "font_size": 16, "align": "center"}),
        "meta": book.add_format(base),
        "meta_right": book.add_format({**base, "align": "right"}),
        "head": book.add_format(
            {**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"}
        ),
        "label": book.add_format({**cell, "text_wrap": True}),
        "label1": book.add_format({**cell, "text_wrap": True, "indent": 2}),
        "label_total": book.add_format({**cell, "bold": True}),
        "int": book.add_format({**cell, "num_format": "#,##0"}),
        "int_total": book.add_format({**cell, "num_format": "#,##0", "bold": True}),
        "dec": book.add_format({**cell, "num_format": "#,##0.00"}),
        "dec_total": book.add_format({**cell, "num_format": "#,##0.00", "bold": True}),
        "empty": book.add_format(cell),
        "note": book.add_format({**base, "font_size": 10, "text_wrap": True, "valign": "top"}),
        "sign": book.add_format(base),
    }


def _sheet_name(table: Table, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", f"{table.code}{table.title}")[:31]
    while name in used:
        name = name[:29] + str(len(used))
    used.add(name)
    return name


def _sheet(book: Any, f: dict[str, Any], table: Table, *, org: Any, year: int, name: str) -> None:
    ws = book.add_worksheet(name)
    last = len(table.columns) - 1
    ws.set_column(0, 0, LABEL_WIDTH)
    if last:
        ws.set_column(1, last, VALUE_WIDTH)
    width = max(last, 3)
    ws.merge_range(0, 0, 0, width, f"{table.code}　{table.title}", f["title"])
    ws.set_row(0, 28)
    ws.write(1, 0, f"填报单位：{org.name}", f["meta"])
    ws.write(2, 0, f"年度：{year} 年", f["meta"])
    ws.write(2, width, table.unit, f["meta_right"])
    header = 3
    ws.set_row(header, 36)
    for col, title in enumerate(table.columns):
        ws.write(header, col, title, f["head"])
    r = header
    for row in table.rows:
        r += 1
        label = f["label_total"] if row.total else f["label1"] if row.level else f["label"]
        ws.write_string(r, 0, row.label, label)
        for col, value in enumerate(row.values, start=1):
            total = "_total" if row.total else ""
            if value is None:
                ws.write_blank(r, col, None, f["empty"])
            elif isinstance(value, Decimal):
                ws.write_number(r, col, float(value), f["dec" + total])
            else:
                ws.write_number(r, col, int(value), f["int" + total])
    r += 1
    for note in table.notes:
        r += 1
        ws.merge_range(r, 0, r, width, f"注：{note}", f["note"])
        ws.set_row(r, 30)
    r += 2
    ws.write(r, 0, "单位负责人：", f["sign"])
    ws.write(r, 2 if width >= 2 else 1, "填表人：", f["sign"])
    ws.write(r, width, "填报日期：　　年　月　日", f["meta_right"])
    # A4, the header rows repeated on every page, one page wide.
    ws.set_paper(9)
    if last > WIDE:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    ws.center_horizontally()
    ws.repeat_rows(header, header)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(header + 1, 1)
