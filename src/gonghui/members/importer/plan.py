"""Checking every row of a roster file: the import plan.

The reader's child reads each row cell by cell (problems name the row, the column as headed
in the file and what is wrong, in Chinese) and sends the good rows ready to insert, in chunks.
Here each chunk's ID numbers are looked up across the whole system. The plan counts the new
people, lists this union's members that change, and every problem (a person whose record
another union holds is one: the union submits a transfer request, and is not told which union
holds them); with a writer (``sink``) the new people's rows go to it as they come, inside its
transaction.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core.scope import subtree_q, unscoped
from gonghui.core.texts import text as msg
from gonghui.members.importer.check import check_rows
from gonghui.members.importer.columns import BY_KEY, norm_header
from gonghui.members.importer.reader import ReadError, Table, column_letter, open_stream
from gonghui.members.importer.rows import (
    BIRTH_AT,
    DATES_AT,
    FIELDS,
    ID_AT,
    JOIN_AT,
    MISSING,
    WIDTH,
    Problem,
    RowReader,
)
from gonghui.members.models import Member
from gonghui.members.services import transfer_needed
from gonghui.members.validators import date_warnings
from gonghui.orgs.models import Organization, OrgType

# The writer: takes a chunk's good rows (row number, mask, row), writes the new people and
# returns how many, with the rows of the people the system already holds.
Sink = Callable[[list[tuple[int, int, tuple[Any, ...]]]], tuple[int, list[tuple[int, int, tuple[Any, ...]]]]]
MAX_LISTED = 1000  # problems kept for the preview; the annotated workbook has them all
LOOKUP_CHUNK = 10_000


@dataclass
class Plan:
    organization: Organization
    rows: int = 0
    new: int = 0  # new members (their rows go to the writer as they are checked)
    # New members' FIELDS values, for a plan made in memory (the demo) rather than from a file.
    creates: list[tuple[Any, ...]] = field(default_factory=list)
    # (pk, full new values in FIELDS order, old values, organization id to set or None)
    updates: list[tuple[int, tuple[Any, ...], tuple[Any, ...], int | None]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    limit: int | None = MAX_LISTED  # problems kept (None: all)
    # Unlikely but possible values (a member joining at five): shown in the preview, not blocking.
    warnings: list[Problem] = field(default_factory=list)
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, p: Problem) -> None:
        self.problem_count += 1
        if self.limit is None or len(self.problems) < self.limit:
            self.problems.append(p)

    def warning(self, p: Problem) -> None:
        self.warning_count += 1
        if self.limit is None or len(self.warnings) < self.limit:
            self.warnings.append(p)


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if type(value) is str else value


def _check_dates(plan: Plan, good: list[tuple[int, int, tuple[Any, ...]]], reader: RowReader) -> None:
    """The dates of the good rows: joining before birth is impossible (a problem); an age the
    member form would warn of (``date_warnings``, the same rule) is a warning of the preview."""
    for number, _mask, row in good:
        birth, joined = _day(row[BIRTH_AT]), _day(row[JOIN_AT])
        if birth is None:
            continue
        if joined is not None and joined < birth:
            plan.problem(
                reader.problem(number, "join_date", _("The join date cannot be before the birth date."))
            )
            continue
        for key, message in date_warnings(birth, joined, reader.today).items():
            plan.warning(reader.problem(number, key, message))


def import_target_error(org: Organization) -> str | None:
    if org.org_type == OrgType.GROUP:
        return _("Members belong to a union, not to a union group: choose the union.")
    if not org.is_active:
        return _("%(org)s is dissolved.") % {"org": org.name}
    return None


def group_lookup(org: Organization) -> dict[str, int]:
    """Union groups of ``org`` by name, short name and code (normalized)."""
    out: dict[str, int] = {}
    with unscoped("a background job runs outside any request"):
        groups = Organization.objects.filter(subtree_q(org.path), org_type=OrgType.GROUP).values_list(
            "pk", "name", "short_name", "code"
        )
        for pk, name, short, code in groups:
            for key in (name, short, code, name.removesuffix("工会小组"), name.removesuffix("小组")):
                if key:
                    out.setdefault(norm_header(key), pk)
    return out


# ---- here: the chunks received, classified against the system, handed to the writer ------
_EXISTING = ["pk", "organization__path", *FIELDS]


def _known(numbers: list[str]) -> Iterator[list[int]]:
    """The pks of the current records of any of ``numbers``, in chunks (a plain indexed lookup
    first: a new roster finds none, and the ORM's per-value preparation of 100,000 values costs
    more). The condition of the unique index is stated as written: SQLite reads it then."""
    table = connection.ops.quote_name(Member._meta.db_table)
    current = connection.ops.quote_name("is_current")
    # PostgreSQL: one probe of the unique index per number (as an IN list the planner may scan
    # the whole table instead, and does once it holds some tens of thousands of rows).
    probe = (
        f"SELECT m.id FROM unnest(%s::text[]) AS n(number) CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT id FROM {table} WHERE id_number = n.number AND {current} LIMIT 1) m"
    )
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for i in range(0, len(numbers), LOOKUP_CHUNK):
            chunk = numbers[i : i + LOOKUP_CHUNK]
            if pg:
                cursor.execute(probe, [chunk])
            else:
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT id FROM {table} WHERE id_number IN ({marks}) AND {current}", chunk)  # noqa: S608
            pks = [pk for (pk,) in cursor.fetchall()]
            if pks:
                yield pks


def _file_values(row: tuple[Any, ...], mask: int) -> list[Any]:
    """A good row's FIELDS as the file gave them: MISSING where it left the cell empty."""
    values = list(row[:WIDTH])
    for i in DATES_AT:
        if type(values[i]) is str:
            values[i] = dt.date.fromisoformat(values[i])
    for i in range(WIDTH):
        if mask >> i & 1:
            values[i] = MISSING
    return values


def _classify(
    plan: Plan, good: list[tuple[int, int, tuple[Any, ...]]], reader: RowReader
) -> list[tuple[Any, ...]]:
    """The new people's rows of a chunk; this union's members it changes and people another
    union holds go to the plan (by the ID numbers already in the system)."""
    existing: dict[str, tuple[Any, ...]] = {}
    with unscoped("a person's record may be held by any union: that is the point"):
        for pks in _known([row[ID_AT] for _n, _m, row in good]):
            for old in Member.objects.filter(pk__in=pks).values_list(*_EXISTING):
                existing[old[2 + ID_AT]] = old
    if not existing:  # a new roster: every row is a new member
        return [row for _n, _m, row in good]
    org = plan.organization
    creates = []
    for number, mask, row in good:
        old = existing.get(row[ID_AT])
        if old is None:
            creates.append(row)
            continue
        pk, path = old[:2]
        old_values = old[2:]
        if path.startswith(org.path):  # this union's member: the file's cells win, the rest stays
            values = _file_values(row, mask)
            new = tuple(v if v is not MISSING else old_values[i] for i, v in enumerate(values))
            if new == old_values:
                plan.unchanged += 1
            else:
                plan.updates.append((pk, new, old_values, None))
        else:  # another union's, active or not: a transfer request, never a silent takeover
            plan.problem(reader.problem(number, "id_number", transfer_needed()))
    return creates


def _receive(
    plan: Plan,
    table: Table,
    payloads: Iterator[bytes],
    reader: RowReader,
    progress: Callable[[float], None] | None,
    sink: Sink | None,
) -> None:
    for key in table.missing:
        missing = msg(gettext_noop("The required column is missing."))
        plan.problem(Problem(table.header_row, str(BY_KEY[key].label), missing))
    if table.missing:
        return
    for (r0, c0), (r1, _c1) in table.merged:
        if r1 + 1 > table.header_row:
            message = msg(gettext_noop("Merged cells: unmerge them and fill in every row."))
            plan.problem(Problem(r0 + 1, column_letter(c0), message, None))
    total = max(table.total_rows, 1)
    for payload in payloads:
        rows, problems, unlisted, good = marshal.loads(payload)  # noqa: S302 (our own child's output)
        plan.rows += rows
        for p in problems:
            plan.problem(Problem(*p))
        plan.problem_count += unlisted
        _check_dates(plan, good, reader)
        if sink is not None and plan.ok:  # the new people go in; those the system holds come back
            written, good = sink(good)
            plan.new += written
        plan.new += len(_classify(plan, good, reader))  # checked, not written: the new people counted
        if progress is not None:
            progress(min(plan.rows / total, 1.0))
    if plan.rows == 0 and plan.problem_count == 0:
        plan.problem(
            Problem(table.header_row, "", msg(gettext_noop("The file has a header but no members under it.")))
        )


def check_file(
    path: str,
    org: Organization,
    *,
    progress: Callable[[float], None] | None = None,
    limit: int | None = MAX_LISTED,
    sink: Sink | None = None,
) -> Plan:
    """Read and check a roster file for ``org``; a file that cannot be read is one problem.

    The reader's child checks the cells while this process classifies the chunks it has sent
    and, given a ``sink`` (the writer, inside the caller's transaction), hands it the new
    members' rows as long as no problem has been found.
    """
    plan = Plan(org, limit=limit)
    refusal = import_target_error(org)
    if refusal:
        plan.problem(Problem(0, "", refusal))
        return plan
    today = timezone.localdate()
    groups = group_lookup(org)
    consume = partial(check_rows, groups=groups, today=today, limit=limit)
    try:
        with open_stream(path, consume) as (table, payloads):
            _receive(plan, table, payloads, RowReader(table, groups, today), progress, sink)
    except ReadError as e:
        plan.problem(Problem(0, "", e.message))
    return plan
