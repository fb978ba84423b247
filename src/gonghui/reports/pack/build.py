"""The 台账 pack: one .zip of a union's ledgers for a year, with a cover index.

``write_pack`` writes ``00-目录.xlsx`` (number, ledger name, file, rows, remark) and one
numbered workbook per ledger of the set, in the set's order and under the set's names. Each
workbook is written to a temporary file in constant memory and copied into the zip, so the
memory stays flat whatever the union's size. A ledger whose records the reader may not read
(hardship files without ``care.hardship``) is listed in the index as 无权查看 with no file; a
ledger without records of the year is a sheet saying 本年度无记录, listed in the index as 无记录.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core.sensitivity import Viewer
from gonghui.reports.pack.ledgers import SIGNATURE, PackContext, get_kind, period_text, write_ledger
from gonghui.reports.pack.sets import LedgerSet, get_set

INDEX_NAME = "00-目录.xlsx"
NO_RIGHT = "无权查看"
NO_RECORDS = "无记录"


@dataclass
class PackEntry:
    number: int
    code: str
    name: str
    file: str  # "" when not written
    rows: int | None  # None when not written
    remark: str = ""


@dataclass
class PackResult:
    entries: list[PackEntry] = field(default_factory=list)
    revealed: set[str] = field(default_factory=set)  # permissions whose protected values are in full

    @property
    def ledgers(self) -> list[str]:
        return [e.code for e in self.entries if e.file]


def _safe(name: str) -> str:
    for ch in '/\\:*?"<>|':
        name = name.replace(ch, "、")
    return name


def file_name(number: int, name: str) -> str:
    return f"{number:02d}-{_safe(name)}.xlsx"


def pack_name(organization: Any, year: int, ledger_set: LedgerSet) -> str:
    """The download's file name."""
    name = _("%(org)s %(year)s ledgers (%(set)s)") % {
        "org": organization.name,
        "year": year,
        "set": ledger_set.name,
    }
    return _safe(name) + ".zip"


def write_pack(
    out: IO[bytes],
    *,
    organization: Any,
    year: int,
    ledger_set: LedgerSet | str,
    viewer: Viewer,
    progress: Callable[[float], None] | None = None,
) -> PackResult:
    """Write the pack of ``organization`` for ``year`` into ``out`` (a binary file, seekable or
    not). ``viewer`` is the reader (``Viewer(access, reveal=True)``: full values only where they
    hold the permission). Returns what was written; the caller audits (``reports.pack``, and
    ``sensitive.export`` when ``result.revealed``)."""
    if isinstance(ledger_set, str):
        ledger_set = get_set(ledger_set)
    ctx = PackContext(organization=organization, year=year, viewer=viewer)
    result = PackResult()
    total = len(ledger_set.entries) + 1
    with (
        translation.override("zh-hans"),
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
    ):
        for number, entry in enumerate(ledger_set.entries, start=1):
            kind = get_kind(entry.code)
            if not kind.allowed(viewer.access, organization):
                result.entries.append(PackEntry(number, entry.code, entry.name, "", None, NO_RIGHT))
            else:
                name = file_name(number, entry.name)
                with tempfile.TemporaryFile() as tmp:
                    rows = write_ledger(tmp, kind, entry.name, ctx)
                    tmp.seek(0)
                    with zf.open(name, "w") as dest:
                        shutil.copyfileobj(tmp, dest, 1 << 20)
                result.entries.append(
                    PackEntry(number, entry.code, entry.name, name, rows, "" if rows else NO_RECORDS)
                )
            if progress is not None:
                progress(number / total)
        with tempfile.TemporaryFile() as tmp:
            _write_index(tmp, organization, year, ledger_set, result.entries)
            tmp.seek(0)
            with zf.open(INDEX_NAME, "w") as dest:
                shutil.copyfileobj(tmp, dest, 1 << 20)
    result.revealed = set(ctx.revealed)
    if progress is not None:
        progress(1.0)
    return result


def _write_index(
    out: IO[bytes], organization: Any, year: int, ls: LedgerSet, entries: list[PackEntry]
) -> None:
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    cell = {**base, "border": 1}
    title = wb.add_format({**base, "bold": True, "font_size": 18, "align": "center"})
    sub = wb.add_format({**base, "align": "left"})
    head = wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#DDEBF7"})
    center = wb.add_format({**cell, "align": "center"})
    text = wb.add_format(cell)
    muted = wb.add_format({**cell, "align": "center", "font_color": "#808080"})
    ws = wb.add_worksheet("目录")
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    for c, width in enumerate((8, 30, 40, 10, 14)):
        ws.set_column(c, c, width)
    ws.set_row(0, 34)
    ws.merge_range(0, 0, 0, 4, f"{year}年度工会工作台账目录", title)
    ws.merge_range(1, 0, 1, 4, f"工会名称：{organization.name}", sub)
    ws.merge_range(2, 0, 2, 4, f"期间：{period_text(year)}　　台账组合：{ls.name}", sub)
    ws.set_row(3, 24)
    for c, h in enumerate(("序号", "台账名称", "文件", "记录数", "备注")):
        ws.write_string(3, c, h, head)
    r = 3
    for e in entries:
        r += 1
        ws.set_row(r, 20)
        ws.write_number(r, 0, e.number, center)
        ws.write_string(r, 1, e.name, text)
        if e.file:
            ws.write_string(r, 2, e.file, text)
            ws.write_number(r, 3, e.rows or 0, center)
        else:
            ws.write_blank(r, 2, None, text)
            ws.write_blank(r, 3, None, center)
        ws.write_string(r, 4, e.remark, muted if e.remark else center)
    r += 2
    ws.merge_range(r, 0, r, 4, SIGNATURE, sub)
    wb.close()
