"""Workbooks of the import: the template to fill in, and the uploaded file with its problems marked."""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

from gonghui.core.exporters import safe_cell
from gonghui.core.scope import subtree_q, unscoped
from gonghui.core.sensitivity import Mask, Viewer, mask, sensitive_fields
from gonghui.members.choices import ETHNICITY_NAMES, Ethnicity
from gonghui.members.importer.columns import BY_KEY, IMPORT_COLUMNS, norm_text
from gonghui.members.importer.plan import check_file
from gonghui.members.importer.reader import cell_value, open_table
from gonghui.members.importer.rows import Problem
from gonghui.members.models import Member
from gonghui.members.synthetic import People
from gonghui.orgs.models import Organization, OrgType

TEMPLATE_ROWS = 5000  # rows prepared with drop-downs and text formats


def _options(key: str) -> list[str]:
    if key == "ethnicity":  # the official names, as rosters write them
        return [ETHNICITY_NAMES[v] for v in Ethnicity.values]
    choices = BY_KEY[key].choices
    return [str(label) for _v, label in choices.choices] if choices else []


def template_workbook(org: Organization) -> IO[bytes]:
    """An .xlsx to fill in: Chinese headers with notes, drop-down lists, an example row."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    wb = xlsxwriter.Workbook(tmp, {"in_memory": False})
    ws = wb.add_worksheet(_("Member roster"))
    lists = wb.add_worksheet(_("Options"))
    head = wb.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "text_wrap": True}
    )
    required = wb.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center", "font_color": "#C00000"}
    )
    text = wb.add_format({"num_format": "@"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    example = wb.add_format({"italic": True, "font_color": "#808080"})
    example_date = wb.add_format({"italic": True, "font_color": "#808080", "num_format": "yyyy-mm-dd"})
    with unscoped("the template is built for a union already chosen"):
        groups = list(
            Organization.objects.filter(subtree_q(org.path), org_type=OrgType.GROUP)
            .order_by("path")
            .values_list("name", flat=True)
        )
    list_col = 0
    for c, col in enumerate(IMPORT_COLUMNS):
        label = str(col.label) + ("*" if col.required else "")
        ws.write_string(0, c, label, required if col.required else head)
        if col.hint:
            ws.write_comment(0, c, str(col.hint), {"x_scale": 2})
        fmt = text if col.key in ("id_number", "mobile", "card_number") else None
        fmt = date if col.key in ("birth_date", "join_date") else fmt
        ws.set_column(c, c, col.width, fmt)
        options = groups if col.key == "union_group" else _options(col.key) if col.choices else []
        if options:
            lists.write_string(0, list_col, label)
            for r, option in enumerate(options, start=1):
                lists.write_string(r, list_col, option)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            ws.data_validation(
                1,
                c,
                TEMPLATE_ROWS,
                c,
                {
                    "validate": "list",
                    "source": f"='{lists.name}'!${letter}$2:${letter}${len(options) + 1}",
                    "error_title": _("Choose from the list"),
                    "error_message": _("Choose a value from the drop-down list."),
                },
            )
            list_col += 1
    lists.hide()
    ws.freeze_panes(1, 2)
    p = People(seed=1).person(0)
    sample = {
        "seq": _("Example"),
        "name": p.name,
        "gender": str(BY_KEY["gender"].choices(p.gender).label),  # type: ignore[misc]
        "ethnicity": ETHNICITY_NAMES[p.ethnicity],
        "id_type": str(BY_KEY["id_type"].choices.RESIDENT.label),  # type: ignore[union-attr]
        "id_number": p.id_number,
        "birth_date": p.birth_date,
        "mobile": p.mobile,
        "education": str(BY_KEY["education"].choices(p.education).label),  # type: ignore[misc]
        "political_status": str(BY_KEY["political_status"].choices(p.political_status).label),  # type: ignore[misc]
        "employment_type": str(BY_KEY["employment_type"].choices(p.employment_type).label),  # type: ignore[misc]
        "job": p.job,
        "join_date": p.join_date,
        "card_number": "HY0000001",
        "union_group": groups[0] if groups else "",
        "model_worker_level": "",
    }
    for c, col in enumerate(IMPORT_COLUMNS):
        v = sample.get(col.key, "")
        if isinstance(v, dt.date):
            ws.write_datetime(1, c, dt.datetime(v.year, v.month, v.day), example_date)  # noqa: DTZ001
        else:
            ws.write_string(1, c, str(v), example)
    wb.close()
    tmp.seek(0)
    return tmp


def hidden_columns(viewer: Viewer | None, org: Organization) -> dict[str, Mask]:
    """The roster columns (keys) this reader may not read in full on ``org``: the members' policy."""
    return {
        key: rule.mask
        for key, rule in sensitive_fields(Member).items()
        if viewer is None or not viewer.holds(rule.perm, org)
    }


def annotated_workbook(path: str, org: Organization, viewer: Viewer | None = None) -> IO[bytes]:
    """The uploaded rows again, each bad cell filled red, with a column saying what is wrong.

    The rows are a roster: the cells of the members' sensitive fields (ID number, birth date,
    phone) are masked for a reader without the right to see them on ``org`` (no ``viewer``:
    masked for all), as on every other way out.
    """
    hidden = hidden_columns(viewer, org)
    problems: list[Problem] = check_file(path, org, limit=None).problems
    by_cell: dict[tuple[int, int], list[str]] = {}
    by_row: dict[int, list[str]] = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(f"{p.column}：{p.text}" if p.column else p.text)
        if p.cell is not None:
            by_cell.setdefault((p.row, p.cell), []).append(p.text)
    tmp = tempfile.TemporaryFile()  # noqa: SIM115
    wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
    ws = wb.add_worksheet(_("Member roster"))
    bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    note = wb.add_format({"font_color": "#9C0006", "text_wrap": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    bad_date = wb.add_format({"num_format": "yyyy-mm-dd", "bg_color": "#FFC7CE", "font_color": "#9C0006"})
    with open_table(path) as table:
        off = table.col_offset  # the sheet's cells keep their columns
        width = len(table.headers) + off
        for i, row in enumerate(table.before):
            _write_row(ws, i, row, None, None, off)
        hr = table.header_row - 1
        _write_row(ws, hr, table.headers, head, head, off)
        ws.write_string(hr, width, _("Problems"), head)
        ws.set_column(width, width, 60)
        masks = {c: hidden[key] for c, key in table.columns.items() if key in hidden}
        for number, cells in table.rows:
            r = number - 1
            for c, v in enumerate(cells):  # the sheet's own cells, in their places
                v = cell_value(v)
                if c in masks:
                    v = mask(norm_text(v), masks[c])
                marked = (number, c) in by_cell
                _write_cell(ws, r, c + off, v, bad if marked else None, bad_date if marked else date)
            if number in by_row:
                ws.write_string(r, width, "；".join(by_row[number]), note)
        general = by_row.get(0, []) + by_row.get(table.header_row, [])
        if general:
            ws.write_string(hr, width + 1, "；".join(general), note)
    wb.close()
    tmp.seek(0)
    return tmp


def _write_row(ws: Any, r: int, row: list[Any], fmt: Any, date_fmt: Any, off: int) -> None:
    for c, v in enumerate(row):
        _write_cell(ws, r, c + off, cell_value(v), fmt, date_fmt)


def _write_cell(ws: Any, r: int, c: int, v: Any, fmt: Any, date_fmt: Any) -> None:
    if isinstance(v, dt.datetime | dt.date):
        ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)  # noqa: DTZ001
    elif isinstance(v, int | float) and not isinstance(v, bool):
        ws.write_number(r, c, v, fmt)
    elif v is None or v == "":
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    else:
        ws.write_string(r, c, str(safe_cell(norm_text(v) if not isinstance(v, str) else v)), fmt)
