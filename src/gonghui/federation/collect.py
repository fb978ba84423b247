"""A federation's annual returns collected at once: a template listing every union below it, and
the filled file checked all or nothing, each problem named by row and column (as the roster
import does), then written in one transaction."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

import xlsxwriter
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scope import subtree_q, unscoped
from gonghui.federation.models import PARTS_OF_MEMBERS, AnnualReturn
from gonghui.members.importer.columns import norm_text
from gonghui.members.importer.reader import ReadError, _source, cell_value, column_letter
from gonghui.orgs.models import Organization, OrgStatus, OrgType

# The kinds of union that file a return (the record type's org_types).
FILING_TYPES = [OrgType.GRASSROOTS, OrgType.JOINT, OrgType.BRANCH]
MAX_BYTES = 2 * 1024 * 1024  # a few thousand unions' rows: far below this
MAX_ROWS = 20_000
HEADER_SCAN_ROWS = 10


CTX = "annual return column"  # the template's headers, translated apart from the same words elsewhere


@dataclass(frozen=True)
class Col:
    key: str
    label: Any
    required: bool = False


COLUMNS = [
    Col("code", pgettext_lazy(CTX, "Union code"), required=True),
    Col("name", pgettext_lazy(CTX, "Union name")),
    Col("members", pgettext_lazy(CTX, "Members"), required=True),
    Col("women_members", pgettext_lazy(CTX, "Women members")),
    Col("migrant_members", pgettext_lazy(CTX, "Migrant-worker members")),
    Col("new_members", pgettext_lazy(CTX, "New members")),
    Col("new_migrant_members", pgettext_lazy(CTX, "New migrant-worker members")),
    Col("employees", pgettext_lazy(CTX, "Employees")),
]
FIGURES = [c.key for c in COLUMNS if c.key not in ("code", "name")]


@dataclass
class Problem:
    row: int  # Excel row number
    column: str  # column letter, "" for the whole row
    header: str
    message: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row}
        if self.column:
            where += " " + _("column %(col)s (%(header)s)") % {"col": self.column, "header": self.header}
        return _("%(where)s: %(problem)s") % {"where": where, "problem": self.message}


@dataclass
class Checked:
    rows: list[tuple[Organization, dict[str, int | None]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # file-level ones have row 0


def filing_unions(federation: Organization) -> QuerySet:
    """The unions below ``federation`` that may file a return (its own subtree only)."""
    with unscoped("the federation was checked by the caller; its subtree is its own"):
        return (
            Organization.objects.filter(subtree_q(federation.path), org_type__in=FILING_TYPES)
            .exclude(pk=federation.pk)
            .filter(status=OrgStatus.ACTIVE)
            .order_by("path")
        )


def template_workbook(federation: Organization, year: int) -> IO[bytes]:
    """An .xlsx with one row per union below ``federation``: its code and name filled in, this
    year's figures already filed shown, so that a second upload corrects rather than retypes."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    wb = xlsxwriter.Workbook(tmp, {"in_memory": False})
    ws = wb.add_worksheet(_("Annual returns %(year)s") % {"year": year})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
    required = wb.add_format(
        {"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center", "font_color": "#C00000"}
    )
    locked = wb.add_format({"num_format": "@", "bg_color": "#F2F2F2"})
    for c, col in enumerate(COLUMNS):
        ws.write_string(
            0, c, str(col.label) + ("*" if col.required else ""), required if col.required else head
        )
        ws.set_column(c, c, 30 if col.key == "name" else 16)
    unions = list(filing_unions(federation))
    with unscoped("the returns of the unions just listed"):
        filed = {
            r.organization_id: r for r in AnnualReturn.objects.filter(organization__in=unions, year=year)
        }
    for r, union in enumerate(unions, start=1):
        ws.write_string(r, 0, union.code, locked)
        ws.write_string(r, 1, union.name, locked)
        ret = filed.get(union.pk)
        if ret is not None:
            for c, key in enumerate(FIGURES, start=2):
                value = getattr(ret, key)
                if value is not None:
                    ws.write_number(r, c, value)
    ws.freeze_panes(1, 2)
    wb.close()
    tmp.seek(0)
    return tmp


def _header(rows: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    labels = {norm_text(str(c.label)): c.key for c in COLUMNS}
    for i, row in enumerate(rows):
        found: dict[int, str] = {}
        for j, cell in enumerate(row):
            key = labels.get(norm_text(str(cell_value(cell) or "")).rstrip("*"))
            if key is not None and key not in found.values():
                found[j] = key
        if "code" in found.values():
            return i, found
    return None


def _number(value: Any) -> tuple[int | None, str]:
    """A cell read as a count: (the number or None when blank, the problem or "")."""
    value = cell_value(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool):
        return None, _("Enter a whole number.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text.isdigit():
            return None, _("Enter a whole number.")
        value = int(text)
    if not isinstance(value, int):
        return None, _("Enter a whole number.")
    if value < 0:
        return None, _("The number cannot be negative.")
    if value > 10_000_000:
        return None, _("The number is too large.")
    return value, ""


def _too_large() -> str:
    return _("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_BYTES // (1024 * 1024)}


def read_rows(path: str) -> list[tuple[int, list[Any]]]:
    """The sheet's rows (Excel row number, cells); raises ReadError with the reason in Chinese."""
    size = os.path.getsize(path)
    if size == 0:
        raise ReadError(_("The file is empty."))
    if size > MAX_BYTES:
        raise ReadError(
            _("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    _meta, rows = _source(path)  # the roster import's reader: the package checked, .xlsx/.xls/.csv
    out = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise ReadError(_("The worksheet has more than %(max)s rows.") % {"max": MAX_ROWS})
        out.append((number, list(row)))
    return out


def upload_rows(upload: Any) -> list[tuple[int, list[Any]]]:
    """An uploaded file's rows, read from a temporary copy (calamine reads a path)."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith((".xlsx", ".xls", ".csv")):
        raise ReadError(_("Upload an .xlsx, .xls or .csv file."))
    if upload.size > MAX_BYTES:
        raise ReadError(
            _("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    with tempfile.NamedTemporaryFile(suffix=os.path.splitext(name)[1]) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        return read_rows(tmp.name)


def collect(federation: Organization, year: int, upload: Any, actor: Any = None) -> tuple[Checked, int, int]:
    """Read, check and (when no problem is found) write a filled template: all rows or none."""
    checked = check(federation, upload_rows(upload))
    if checked.problems:
        return checked, 0, 0
    created, updated = write(checked.rows, year, actor=actor)
    return checked, created, updated


def check(federation: Organization, rows: list[tuple[int, list[Any]]]) -> Checked:
    """Every row checked against the unions below ``federation``; nothing is written here."""
    out = Checked()
    found = _header([r for _n, r in rows[:HEADER_SCAN_ROWS]])
    if found is None:
        out.problems.append(
            Problem(0, "", "", _("No header row found: download the template and fill it in."))
        )
        return out
    index, columns = found
    missing = [c for c in COLUMNS if c.required and c.key not in columns.values()]
    for col in missing:
        out.problems.append(Problem(0, "", "", _("The column %(col)s is missing.") % {"col": col.label}))
    if missing:
        return out
    at = {key: j for j, key in columns.items()}
    header = {key: str(next(c.label for c in COLUMNS if c.key == key)) for key in at}
    unions = {u.code.upper(): u for u in filing_unions(federation)}
    seen: dict[str, int] = {}
    for number, row in rows[index + 1 :]:

        def cell(key: str, row: list[Any] = row) -> Any:
            j = at.get(key)
            return row[j] if j is not None and j < len(row) else None

        def problem(key: str, message: str, number: int = number) -> None:
            out.problems.append(Problem(number, column_letter(at[key]), header[key], message))

        code = norm_text(str(cell_value(cell("code")) or "")).upper()
        figures = {key: cell(key) for key in FIGURES if key in at}
        if not code and all(norm_text(str(cell_value(v) or "")) == "" for v in figures.values()):
            continue  # an empty row
        values: dict[str, int | None] = {}
        bad_keys = set()
        for key, raw in figures.items():
            value, bad = _number(raw)
            if bad:
                problem(key, bad)
                bad_keys.add(key)
            values[key] = value
        if not code:
            problem("code", _("The union code is missing."))
            continue
        union = unions.get(code)
        if union is None:
            # The same words whether the code exists elsewhere or not at all: no leak.
            problem("code", _("%(code)s is not the code of a union below this federation.") % {"code": code})
            continue
        if code in seen:
            problem(
                "code",
                _("The union %(code)s appears twice (row %(row)s).") % {"code": code, "row": seen[code]},
            )
            continue
        seen[code] = number
        if bad_keys:
            continue
        if all(v is None for v in values.values()):
            continue  # a union listed by the template and left blank: nothing to file
        if values.get("members") is None:
            problem("members", _("The number of members is missing."))
            continue
        for key, message in PARTS_OF_MEMBERS.items():
            part = values.get(key)
            if part is not None and part > (values["members"] or 0):
                problem(key, str(message))
                bad_keys.add(key)
        new, new_migrants = values.get("new_members") or 0, values.get("new_migrant_members") or 0
        if "new_migrant_members" not in bad_keys and new_migrants > new:
            problem("new_migrant_members", _("New migrant-worker members cannot exceed new members."))
            bad_keys.add("new_migrant_members")
        if bad_keys:
            continue
        out.rows.append((union, values))
    return out


def write(
    rows: list[tuple[Organization, dict[str, int | None]]],
    year: int,
    *,
    actor: Any = None,
    today: dt.date | None = None,
) -> tuple[int, int]:
    """All the rows' returns of ``year`` written in one transaction: (created, updated)."""
    today = today or timezone.localdate()
    created = updated = 0
    with transaction.atomic(), unscoped("rows checked against the federation's own unions"):
        existing = {
            r.organization_id: r
            for r in AnnualReturn.objects.select_for_update().filter(
                organization__in=[u for u, _v in rows], year=year
            )
        }
        for union, values in rows:
            figures = {k: (v if v is not None or k == "employees" else 0) for k, v in values.items()}
            ret = existing.get(union.pk)
            if ret is None:
                ret = AnnualReturn(organization=union, year=year, filed_on=today, **figures)
                created += 1
            else:
                for k, v in figures.items():
                    setattr(ret, k, v)
                ret.filed_on = ret.filed_on or today
                updated += 1
            ret.full_clean(validate_unique=False, validate_constraints=False)  # checked above, one at a time
            ret._history_user = actor  # type: ignore[attr-defined]
            ret.save()
    return created, updated
