"""Exporters: a header and rows produced once, rendered as xlsx or CSV.

Both renderings stream in constant memory: CSV row by row, xlsx through
xlsxwriter's constant_memory mode into a temporary file that is then streamed.
Cells that a spreadsheet would read as formulas are escaped. Every streamed body is read
inside the request's scope (``in_this_scope``): a CSV's rows come after the view returned.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.downloads import XLSX, attachment_disposition, download_headers, file_response
from gonghui.core.scoping import in_this_scope

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class Exporter:
    """Subclasses give a file name, a header and rows; rendering is shared."""

    filename = "export"

    def header(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[list[Any]]:
        raise NotImplementedError

    def csv_response(self) -> StreamingHttpResponse:
        class Echo:
            def write(self, value: str) -> str:
                return value

        writer = csv.writer(Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
            yield writer.writerow(self.header())
            for row in self.rows():
                yield writer.writerow([_csv_text(safe_cell(v)) for v in row])

        # The rows are read while the response streams, after the view has returned: inside
        # the request's scope still, to the last row.
        resp = StreamingHttpResponse(in_this_scope(stream()), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = attachment_disposition(f"{self.filename}.csv")
        download_headers(resp)
        return resp

    def xlsx_response(self) -> FileResponse:
        tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
        ws = wb.add_worksheet(sheet_name(self.filename))
        bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        amount_fmt = wb.add_format({"num_format": "#,##0.00"})  # amounts read as on the pages
        header = self.header()
        for c, h in enumerate(header):
            ws.write_string(0, c, h, bold)
            ws.set_column(c, c, max(10, min(40, len(h) * 2 + 2)))
        ws.freeze_panes(1, 0)
        for r, row in enumerate(self.rows(), start=1):
            for c, v in enumerate(row):
                v = safe_cell(v)
                if isinstance(v, dt.datetime):
                    ws.write_string(r, c, local_text(v))
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)  # noqa: DTZ001
                elif isinstance(v, Decimal | float):
                    ws.write_number(r, c, float(v), amount_fmt)
                elif isinstance(v, int):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, v)
        wb.close()
        tmp.seek(0)
        return file_response(tmp, filename=f"{self.filename}.xlsx", content_type=XLSX)


def sheet_name(text: str) -> str:
    """The file's own name on its sheet tab, not "Sheet1": Excel allows 31 characters and none
    of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(text)).strip(" '")
    return cleaned[:31] or "Sheet1"


def local_text(v: dt.datetime) -> str:
    """A moment as people here read it: Beijing time (settings.TIME_ZONE), not the UTC it is kept in."""
    return (timezone.localtime(v) if timezone.is_aware(v) else v).strftime("%Y-%m-%d %H:%M")


def _csv_text(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return local_text(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v
