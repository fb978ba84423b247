"""Targets of a campaign (目标任务数): set per union type or per union, by the federation running
the campaign; one at a time (the page, the API) or from a workbook (template, import).

Every write is checked whole before anything is written: one bad entry, and nothing changes.
An empty value clears a target (a union without its own follows its type's).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from gonghui.accounts.roles import Perm
from gonghui.assessment.excel import cell_text
from gonghui.assessment.models import Campaign, Target
from gonghui.assessment.services.campaigns import covered_unions
from gonghui.assessment.targets import metric_choices, target_metrics
from gonghui.core.attachments import check_office_package
from gonghui.core.errors import DomainError
from gonghui.core.records import require
from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import Organization, OrgType

CENT = Decimal("0.01")
MAX_VALUE = Decimal("9999999999.99")  # the column holds 12 digits, two after the point
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 60_000
MAX_COLUMNS = 60
MAX_LISTED = 1000  # problems listed; the count says how many there are
BATCH = 500
CODE_HEADERS = ("工会代码", "组织代码", "代码", "code")
CODE_COLUMN = "工会代码"
NAME_COLUMN = "工会名称"


class TargetValueError(ValueError):
    """A target value that cannot be taken; the message says why, in the user's language."""


def parse_value(raw: Any) -> Decimal | None:
    """A target from a cell, a form or JSON: None (empty: clear) or a number above 0 with at most
    two decimals; TargetValueError otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise TargetValueError(_("A target must be a number."))
    if isinstance(raw, float):
        raw = repr(raw)  # the number as the workbook shows it: 33.3, not 33.29999…
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise TargetValueError(
            _("A target must be a number, not “%(value)s”.") % {"value": text[:40]}
        ) from None
    if not value.is_finite():
        raise TargetValueError(_("A target must be a number."))
    if value <= 0:
        raise TargetValueError(_("A target must be above 0; leave the cell empty to have none."))
    if value > MAX_VALUE:
        raise TargetValueError(_("A target cannot exceed %(max)s.") % {"max": "9999999999"})
    if value != value.quantize(CENT, ROUND_HALF_UP):
        raise TargetValueError(_("A target has at most two decimal places."))
    return value.quantize(CENT)


def may_set_targets(access: Any, campaign: Campaign) -> bool:
    return bool(access.can(Perm.CAMPAIGN_MANAGE, campaign.organization))


@dataclass(frozen=True)
class Entry:
    """One target to write: a metric for one union (``union_id``) or one type (``org_type``);
    ``value`` None clears it."""

    metric: str
    union_id: int | None
    org_type: str
    value: Decimal | None

    @property
    def key(self) -> tuple[str, int | None, str]:
        return (self.metric, self.union_id, self.org_type)


@dataclass
class Outcome:
    set: int = 0
    cleared: int = 0
    unchanged: int = 0


def _all_targets() -> Any:
    return Target.objects.unscoped("a campaign's targets are written after its federation's check")


def _lock(campaign: Campaign) -> None:
    """Writers of one campaign's targets take turns (PostgreSQL: the campaign's row lock)."""
    Campaign.objects.unscoped(
        "the campaign's row is locked while its targets change"
    ).select_for_update().filter(pk=campaign.pk).first()


def _apply(campaign: Campaign, entries: list[Entry], user: Any) -> Outcome:
    """Write checked entries (distinct keys) in the caller's transaction, the changes only, with
    their history."""
    _lock(campaign)
    outcome = Outcome()
    metrics = sorted({e.metric for e in entries})
    existing = {
        (t.metric, t.union_id, t.org_type): t
        for t in _all_targets().filter(campaign=campaign, metric__in=metrics)
    }
    now = timezone.now()
    creates: list[Target] = []
    updates: list[Target] = []
    deletes: list[Target] = []
    for e in entries:
        row = existing.get(e.key)
        if e.value is None:
            if row is None:
                outcome.unchanged += 1
            else:
                deletes.append(row)
                outcome.cleared += 1
        elif row is None:
            creates.append(
                Target(
                    organization_id=campaign.organization_id,
                    campaign=campaign,
                    metric=e.metric,
                    union_id=e.union_id,
                    org_type=e.org_type,
                    value=e.value,
                    updated_at=now,
                )
            )
            outcome.set += 1
        elif row.value != e.value:
            row.value, row.updated_at = e.value, now
            updates.append(row)
            outcome.set += 1
        else:
            outcome.unchanged += 1
    qs = _all_targets()
    for row in deletes:  # one by one: each deletion's history names who made it
        row._history_user = user  # type: ignore[attr-defined]
        row.delete()
    if updates:
        qs.bulk_update(updates, ["value", "updated_at"], batch_size=BATCH)
        Target.history.bulk_history_create(updates, batch_size=BATCH, update=True, default_user=user)  # type: ignore[attr-defined]
    if creates:
        created = qs.bulk_create(creates, batch_size=BATCH)
        if any(t.pk is None for t in created):  # a database that returns no ids: read them back
            ids = {
                (m, u, o): pk
                for pk, m, u, o in qs.filter(campaign=campaign, metric__in=metrics).values_list(
                    "pk", "metric", "union_id", "org_type"
                )
            }
            for t in created:
                t.pk = ids[(t.metric, t.union_id, t.org_type)]
        Target.history.bulk_history_create(created, batch_size=BATCH, default_user=user)  # type: ignore[attr-defined]
    return outcome


def _covered(campaign: Campaign) -> dict[int, tuple[str, str, str]]:
    """{union id: (code, name, type)} of the unions the campaign covers, in tree order."""
    return {
        pk: (code, name, org_type)
        for pk, code, name, org_type in covered_unions(campaign)
        .order_by("path")
        .values_list("pk", "code", "name", "org_type")
    }


def _type_label(org_type: str) -> str:
    try:
        return str(OrgType(org_type).label)
    except ValueError:
        return org_type


# ---- one at a time ---------------------------------------------------------------------------
def target_set(
    *,
    access: Any,
    campaign: Campaign,
    metric: str,
    value: Any,
    union: Organization | None = None,
    org_type: str = "",
) -> Outcome:
    """Set (or, with an empty value, clear) the target of ``metric`` for one union or one type."""
    require(access, Perm.CAMPAIGN_MANAGE, campaign.organization)
    errors: dict[str, str] = {}
    if metric not in target_metrics(campaign.standard):
        errors["metric"] = _("The standard of this campaign sets no target for this metric.")
    if (union is None) == (not org_type):
        errors["union"] = _("Set a target either for one union or for one type of union.")
    elif union is not None and not covered_unions(campaign).filter(pk=union.pk).exists():
        errors["union"] = _("%(union)s is not covered by this campaign.") % {"union": union.name}
    elif org_type and org_type not in campaign.org_types:
        errors["org_type"] = _("This campaign does not cover unions of the type %(type)s.") % {
            "type": _type_label(org_type)
        }
    try:
        parsed = parse_value(value)
    except TargetValueError as e:
        errors["value"] = str(e)
    if errors:
        raise DomainError(errors)
    entry = Entry(
        metric, union.pk if union is not None else None, "" if union is not None else org_type, parsed
    )
    with transaction.atomic():
        return _apply(campaign, [entry], access.user)


def target_clear(
    *, access: Any, campaign: Campaign, metric: str, union: Organization | None = None, org_type: str = ""
) -> Outcome:
    return target_set(
        access=access, campaign=campaign, metric=metric, value=None, union=union, org_type=org_type
    )


def targets_put(*, access: Any, campaign: Campaign, items: Iterable[dict[str, Any]]) -> Outcome:
    """Several targets at once (the API): each ``{metric, union (id) or org_type, value}``; all
    are checked first, and one wrong entry writes nothing. Errors are keyed ``<index>.<field>``."""
    require(access, Perm.CAMPAIGN_MANAGE, campaign.organization)
    items = list(items)
    if len(items) > MAX_ROWS:
        raise DomainError({"targets": _("At most %(n)s targets at once.") % {"n": MAX_ROWS}})
    metrics = set(target_metrics(campaign.standard))
    covered = _covered(campaign) if any(i.get("union") is not None for i in items) else {}
    errors: dict[str, str] = {}
    entries: list[Entry] = []
    seen: dict[tuple[str, int | None, str], int] = {}
    for n, item in enumerate(items):
        metric = str(item.get("metric") or "")
        union_id = item.get("union")
        org_type = str(item.get("org_type") or "")
        bad = False
        if metric not in metrics:
            errors[f"{n}.metric"] = _("The standard of this campaign sets no target for this metric.")
            bad = True
        if (union_id is None) == (not org_type):
            errors[f"{n}.union"] = _("Set a target either for one union or for one type of union.")
            bad = True
        elif union_id is not None and union_id not in covered:
            errors[f"{n}.union"] = _("This union is not covered by the campaign.")
            bad = True
        elif org_type and org_type not in campaign.org_types:
            errors[f"{n}.org_type"] = _("This campaign does not cover unions of the type %(type)s.") % {
                "type": _type_label(org_type)
            }
            bad = True
        try:
            value = parse_value(item.get("value"))
        except TargetValueError as e:
            errors[f"{n}.value"] = str(e)
            bad = True
        if bad:
            continue
        entry = Entry(metric, union_id, "" if union_id is not None else org_type, value)
        if entry.key in seen:
            errors[f"{n}.union"] = _("The same target is given twice (entries %(a)s and %(b)s).") % {
                "a": seen[entry.key],
                "b": n,
            }
            continue
        seen[entry.key] = n
        entries.append(entry)
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        return _apply(campaign, entries, access.user)


# ---- the workbook ----------------------------------------------------------------------------
def target_template(*, access: Any, campaign: Campaign) -> bytes:
    """One row per covered union (code, name, then one column per target metric, labelled by the
    metric's label, holding the union's own target), and a sheet explaining the rules with the
    targets per type."""
    require(access, Perm.CAMPAIGN_MANAGE, campaign.organization)
    choices = metric_choices(campaign.standard)
    names = [name for name, _label in choices]
    own: dict[tuple[int, str], Decimal] = {}
    by_type: dict[tuple[str, str], Decimal] = {}
    for metric, union_id, org_type, value in (
        _all_targets()
        .filter(campaign=campaign, metric__in=names)
        .values_list("metric", "union_id", "org_type", "value")
    ):
        if union_id is None:
            by_type[(org_type, metric)] = value
        else:
            own[(union_id, metric)] = value
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws = wb.add_worksheet("目标任务")
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 1 + max(1, len(choices)), 18)
    for c, text in enumerate([CODE_COLUMN, NAME_COLUMN, *[str(label) for _n, label in choices]]):
        ws.write_string(0, c, text, head)
    for r, (pk, (code, name, _type)) in enumerate(_covered(campaign).items(), start=1):
        ws.write_string(r, 0, code)  # as text: a code like 0012 stays as written
        ws.write_string(r, 1, name)
        for c, metric in enumerate(names, start=2):
            value = own.get((pk, metric))
            if value is not None:
                ws.write_number(r, c, float(value))
    ws.freeze_panes(1, 2)
    notes = wb.add_worksheet("说明")
    notes.set_column(0, 0, 100)
    lines = [
        _(
            "Fill in each union's own target; an empty cell clears it, "
            "and the union then follows its type's target."
        ),
        _("Targets are numbers above 0, with at most two decimals. Do not change the union codes."),
        _(
            "Unions left out of the file keep their targets; "
            "the whole file is checked before anything is written."
        ),
        "",
        _("Targets per type of union (set on the campaign's targets page):"),
    ]
    for org_type in campaign.org_types:
        for metric, label in choices:
            value = by_type.get((org_type, metric))
            lines.append(f"{_type_label(org_type)} · {label}: {value if value is not None else '—'}")
    for r, line in enumerate(lines):
        notes.write_string(r, 0, str(line))
    wb.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class Problem:
    row: int | None  # the Excel row number (None: the file as a whole)
    column: str  # the column's heading
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(self.column)
        return f"{' '.join(where)}: {self.message}" if where else self.message


class TargetImportError(DomainError):
    """The file was refused; ``problems`` name each cell at fault (``count`` of them in all)."""

    def __init__(self, problems: list[Problem], count: int | None = None) -> None:
        super().__init__([str(p) for p in problems[:MAX_LISTED]])
        self.problems = problems[:MAX_LISTED]
        self.count = count if count is not None else len(problems)


@dataclass
class _Reading:
    problems: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, row: int | None, column: str, message: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(Problem(row, column, message))


def _rows(content: bytes, filename: str) -> list[list[Any]]:
    name = (filename or "").lower()
    if len(content) > MAX_BYTES:
        raise TargetImportError(
            [Problem(None, "", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})]
        )
    if not (name.endswith(".xlsx") or name.endswith(".xls")):
        raise TargetImportError([Problem(None, "", _("Upload the .xlsx workbook of the template."))])
    if content.startswith(b"PK\x03\x04"):  # calamine would inflate whatever the package holds
        try:
            check_office_package(io.BytesIO(content), ".xlsx")
        except DomainError as e:
            raise TargetImportError([Problem(None, "", " ".join(e.messages))]) from None
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = wb.get_sheet_by_name("目标任务") if "目标任务" in wb.sheet_names else wb.get_sheet_by_index(0)
        if sheet.total_height > MAX_ROWS or sheet.width > MAX_COLUMNS:
            raise TargetImportError(
                [Problem(None, "", _("The sheet is too large: one row per union, a few columns."))]
            )
        return sheet.to_python(skip_empty_area=False)
    except TargetImportError:
        raise
    except (CalamineError, ValueError, OSError, IndexError) as e:
        raise TargetImportError(
            [Problem(None, "", _("The workbook cannot be read (%(error)s).") % {"error": str(e)[:200]})]
        ) from None


def read_targets(campaign: Campaign, content: bytes, filename: str) -> list[Entry]:
    """The file's entries, every cell checked; TargetImportError lists the problems."""
    rows = _rows(content, filename)
    choices = metric_choices(campaign.standard)
    if not choices:
        raise TargetImportError([Problem(None, "", _("The standard of this campaign sets no target."))])
    by_heading: dict[str, str] = {}
    for name, label in choices:
        by_heading[str(label).strip()] = name
        by_heading[name] = name
    header_at = next((i for i, row in enumerate(rows) if any(cell_text(c) for c in row)), None)
    if header_at is None:
        raise TargetImportError([Problem(None, "", _("The sheet is empty."))])
    code_col: int | None = None
    columns: list[tuple[int, str, str]] = []  # (cell index, heading, metric)
    taken: set[str] = set()
    for i, cell in enumerate(rows[header_at]):
        heading = cell_text(cell)
        if code_col is None and heading.lower() in CODE_HEADERS:
            code_col = i
        elif heading in by_heading and by_heading[heading] not in taken:
            taken.add(by_heading[heading])
            columns.append((i, heading, by_heading[heading]))
    reading = _Reading()
    if code_col is None:
        reading.add(header_at + 1, "", _("The header row needs the column %(col)s.") % {"col": CODE_COLUMN})
    if not columns:
        reading.add(
            header_at + 1,
            "",
            _("No column names a target of this campaign; the columns are: %(cols)s.")
            % {"cols": "、".join(str(label) for _n, label in choices)},
        )
    if reading.count:
        raise TargetImportError(reading.problems, reading.count)
    assert code_col is not None
    covered = {code: pk for pk, (code, _name, _type) in _covered(campaign).items()}
    found: list[tuple[int, str, list[Any]]] = []  # (Excel row, code, cells)
    first_row: dict[str, int] = {}
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        if not any(cell_text(c) for c in row):
            continue
        excel_row = r + 1
        code = cell_text(row[code_col]) if code_col < len(row) else ""
        if not code:
            reading.add(excel_row, CODE_COLUMN, _("The union code is empty."))
            continue
        if code in first_row:
            reading.add(
                excel_row,
                CODE_COLUMN,
                _("The union %(code)s is already on row %(row)s.") % {"code": code, "row": first_row[code]},
            )
            continue
        first_row[code] = excel_row
        found.append((excel_row, code, row))
    unknown = [code for _r, code, _row in found if code not in covered]
    in_federation: set[str] = set()
    fed = Organization.objects.unscoped("the codes of the federation's unions, for the import's messages")
    for i in range(0, len(unknown), BATCH):
        in_federation.update(
            fed.filter(subtree_q(campaign.organization.path), code__in=unknown[i : i + BATCH]).values_list(
                "code", flat=True
            )
        )
    entries: list[Entry] = []
    for excel_row, code, row in found:
        if code not in covered:
            if code in in_federation:
                message = _("The union %(code)s is not covered by this campaign.") % {"code": code}
            else:
                message = _("No union of %(federation)s has the code %(code)s.") % {
                    "federation": campaign.organization.name,
                    "code": code,
                }
            reading.add(excel_row, CODE_COLUMN, message)
            continue
        for i, heading, metric in columns:
            try:
                value = parse_value(row[i] if i < len(row) else None)
            except TargetValueError as e:
                reading.add(excel_row, heading, str(e))
                continue
            entries.append(Entry(metric, covered[code], "", value))
    if reading.count:
        raise TargetImportError(reading.problems, reading.count)
    return entries


def target_import(*, access: Any, campaign: Campaign, content: bytes, filename: str) -> Outcome:
    """The filled-in template, all or nothing: every cell checked, then the changes written."""
    require(access, Perm.CAMPAIGN_MANAGE, campaign.organization)
    entries = read_targets(campaign, content, filename)
    with transaction.atomic():
        return _apply(campaign, entries, access.user)
