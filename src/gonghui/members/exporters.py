"""The roster export: 花名册 layout in xlsx (title, date, header, numbered rows) and CSV.

Both stream in constant memory (rows are read in chunks; xlsx through xlsxwriter's
constant_memory mode). The columns are the import template's, so an export can be
imported again. Personal data (``Member.sensitive_fields``) is full only for users who may see
it on the member's union (the sensitivity policy decides, member by member); every export is
recorded by the generic export view, and one that may carry personal data once more.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.current import current_org
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.exporters import Exporter, safe_cell
from gonghui.core.sensitivity import Viewer
from gonghui.members.importer.columns import BY_KEY, TEMPLATE_KEYS

EXPORT_KEYS = [*TEMPLATE_KEYS, "status", "organization"]


def member_cells(m: Any, viewer: Viewer) -> list[Any]:
    """One roster row; the first cell (序号) is filled by the exporter."""
    return [
        None,
        m.name,
        m.get_gender_display(),
        m.get_ethnicity_display(),
        m.get_id_type_display(),
        viewer.value(m, "id_number"),
        viewer.value(m, "birth_date"),
        viewer.value(m, "mobile"),
        m.get_education_display(),
        m.get_political_status_display(),
        m.get_employment_type_display(),
        m.job,
        m.join_date,
        m.card_number,
        m.union_group.name if m.union_group_id else "",
        m.get_model_worker_level_display(),
        m.get_status_display(),
        m.organization.name,
    ]


class RosterExporter(Exporter):
    def __init__(self, rt: Any, queryset: Any, request: Any) -> None:
        self.queryset = queryset.select_related("organization", "union_group")
        self.request = request
        self.org = current_org(request) if request is not None else None
        access = getattr(request, "access", None)
        self.personal = access is not None and access.has_anywhere(Perm.PERSONAL_DATA)
        # Full numbers for the members the user may unmask (decided per member's union).
        self.viewer = Viewer(access, reveal=True)
        if request is not None and self.personal:
            audit_log(
                "members.export_personal",
                request=request,
                organization=self.org,
                detail={"query": request.GET.urlencode()},
            )
        name = self.org.name if self.org is not None else ""
        self.filename = _("%(org)s member roster") % {"org": name}

    def header(self) -> list[str]:
        return [str(BY_KEY[k].label) for k in EXPORT_KEYS]

    def rows(self) -> Iterator[list[Any]]:
        for i, m in enumerate(self.queryset.iterator(chunk_size=2000), start=1):
            cells = member_cells(m, self.viewer)
            cells[0] = i
            yield cells

    def xlsx_response(self) -> FileResponse:
        tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
        ws = wb.add_worksheet(_("Member roster"))
        title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        sub = wb.add_format({"font_size": 10, "align": "left"})
        head = wb.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        cell = wb.add_format({"border": 1})
        date = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
        header = self.header()
        last = len(header) - 1
        ws.set_row(0, 30)
        ws.merge_range(0, 0, 0, last, self.filename, title)
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        ws.merge_range(1, 0, 1, last, _("Exported on %(when)s") % {"when": stamp}, sub)
        for c, key in enumerate(EXPORT_KEYS):
            ws.set_column(c, c, BY_KEY[key].width)
        ws.set_row(2, 24)
        for c, h in enumerate(header):
            ws.write_string(2, c, h, head)
        ws.freeze_panes(3, 2)
        r = 2
        for r, row in enumerate(self.rows(), start=3):
            for c, v in enumerate(row):
                v = safe_cell(v)
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date)  # noqa: DTZ001
                elif isinstance(v, int):
                    ws.write_number(r, c, v, cell)
                else:
                    ws.write_string(r, c, v, cell)  # ID numbers stay text: no 3.7E+17
        ws.autofilter(2, 0, max(r, 2), last)
        wb.close()
        tmp.seek(0)
        return file_response(tmp, filename=f"{self.filename}.xlsx", content_type=XLSX)
