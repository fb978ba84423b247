"""Checking every row of a roster file: the import plan.

The reader's child reads each row cell by cell (problems name the row, the column as headed
in the file and what is wrong, in Chinese) and sends the good rows ready to insert, in chunks.
Here each chunk's ID numbers are looked up across the whole system. The plan counts the new
people, lists this union's members that change, the re-joiners, and every problem; with a
writer (``sink``) the new people's rows go to it as they come, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
import marshal
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.scoping import scopes_disabled, subtree_q
from gonghui.members.choices import EmploymentType, IdType, MemberStatus
from gonghui.members.importer.columns import (
    BY_KEY,
    EXAMPLE_MARKERS,
    CellError,
    norm_header,
    norm_text,
    read_choice,
    read_date,
    read_id_number,
)
from gonghui.members.importer.reader import CHUNK_ROWS, ReadError, Table, column_letter, open_stream
from gonghui.members.models import Member
from gonghui.members.pinyin import name_keys
from gonghui.members.services import EDITABLE_FIELDS, holder_message
from gonghui.members.validators import IdFacts, id_facts, normalize_mobile, validate_mobile
from gonghui.orgs.models import Organization, OrgType

# The member fields an import writes, in this order in every planned row: the editable ones,
# the union group by its id.
FIELDS = [f"{f}_id" if f == "union_group" else f for f in EDITABLE_FIELDS]
POS = {f: i for i, f in enumerate(FIELDS)}
CHOICE_KEYS = {
    "gender",
    "ethnicity",
    "id_type",
    "education",
    "political_status",
    "employment_type",
    "model_worker_level",
}
TEXT_LIMITS = {"name": 50, "job": 60, "card_number": 30}
MAX_LISTED = 1000  # problems kept for the preview; the annotated workbook has them all
LOOKUP_CHUNK = 10_000


@dataclass
class Problem:
    row: int
    column: str
    message: str
    cell: int | None = None  # index of the cell in the row, for highlighting

    def as_list(self) -> list[Any]:
        return [self.row, self.column, self.message]

    def as_tuple(self) -> tuple[Any, ...]:
        return (self.row, self.column, self.message, self.cell)


@dataclass
class Plan:
    organization: Organization
    rows: int = 0
    new: int = 0  # new members (their rows go to the writer as they are checked)
    # New members' FIELDS values, for a plan made in memory (the demo) rather than from a file.
    creates: list[tuple[Any, ...]] = field(default_factory=list)
    # (pk, full new values in FIELDS order, old values, organization id to set or None)
    updates: list[tuple[int, tuple[Any, ...], tuple[Any, ...], int | None]] = field(default_factory=list)
    rejoins: list[tuple[int, tuple[Any, ...], tuple[Any, ...]]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    limit: int | None = MAX_LISTED  # problems kept (None: all)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, p: Problem) -> None:
        self.problem_count += 1
        if self.limit is None or len(self.problems) < self.limit:
            self.problems.append(p)


def import_target_error(org: Organization) -> str | None:
    if org.org_type == OrgType.GROUP:
        return _("Members belong to a union, not to a union group: choose the union.")
    if not org.is_active:
        return _("%(org)s is dissolved.") % {"org": org.name}
    return None


_CACHE_SIZE = 50_000  # distinct values kept per column (genders, groups, dates repeat thousands of times)
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _attempt(read: Callable[[Any], Any], v: Any) -> tuple[bool, Any]:
    """(True, value) or (False, the Chinese message)."""
    try:
        return True, read(v)
    except CellError as e:
        return False, str(e)
    except ValidationError as e:
        return False, e.messages[0]


def _is_example(cell: Any) -> bool:
    return type(cell) is str and norm_text(cell).lower() in EXAMPLE_MARKERS


def _text(v: Any, limit: int | None, upper: bool = False) -> str:
    text = norm_text(v)
    if limit and len(text) > limit:
        raise CellError(_("At most %(n)d characters.") % {"n": limit})
    return text.upper() if upper else text


def _mobile(v: Any) -> str:
    phone = normalize_mobile(norm_text(v))
    validate_mobile(phone)
    return phone


def group_lookup(org: Organization) -> dict[str, int]:
    """Union groups of ``org`` by name, short name and code (normalized)."""
    out: dict[str, int] = {}
    with scopes_disabled():
        groups = Organization.objects.filter(subtree_q(org.path), org_type=OrgType.GROUP).values_list(
            "pk", "name", "short_name", "code"
        )
        for pk, name, short, code in groups:
            for key in (name, short, code, name.removesuffix("工会小组"), name.removesuffix("小组")):
                if key:
                    out.setdefault(norm_header(key), pk)
    return out


# Positions of the planned values; MISSING marks a cell the file left empty (never written over).
MISSING: Any = object()
_NAME, _GENDER, _ID_TYPE, _ID, _BIRTH = (
    POS["name"],
    POS["gender"],
    POS["id_type"],
    POS["id_number"],
    POS["birth_date"],
)
_JOIN, _GROUP = POS["join_date"], POS["union_group_id"]
_DATES = (_BIRTH, _JOIN)
_WIDTH = len(FIELDS)


class RowReader:
    """Reads one row's cells into planned values (in FIELDS order), collecting the row's problems."""

    def __init__(self, table: Table, groups: dict[str, int], today: dt.date) -> None:
        self.table = table
        self.groups = groups
        self.today = today
        self.header = {
            key: (j, table.headers[j] or str(BY_KEY[key].label)) for j, key in table.columns.items()
        }
        self.seq = next((j for j, key in table.columns.items() if key == "seq"), None)
        # (cell index, value position or -1, column key, reader); repeated values are read once.
        self.readers = [
            (j, POS.get("union_group_id" if key == "union_group" else key, -1), key, *self._reader(key))
            for j, key in sorted(table.columns.items())
        ]
        self.cached = [r for r in self.readers if r[4] is not None]
        self.plain = [r[:4] for r in self.readers if r[4] is None and r[3] is not None]
        self.ignored = [r[0] for r in self.readers if r[3] is None]

    def _reader(self, key: str) -> tuple[Callable[[Any], Any] | None, dict[Any, Any] | None]:
        """The column's reader, and a cache when its values repeat (choices, groups, dates, jobs)."""
        if key in ("seq", "status", "organization"):
            return None, None
        if key in CHOICE_KEYS:
            return partial(read_choice, key), {}
        if key in ("birth_date", "join_date"):
            return self._date, {}
        if key == "id_number":
            return read_id_number, None
        if key == "mobile":
            return _mobile, None
        if key == "union_group":
            return self._group, {}
        text = partial(_text, limit=TEXT_LIMITS.get(key), upper=key == "card_number")
        return text, ({} if key == "job" else None)

    def _date(self, v: Any) -> dt.date | None:
        day = read_date(v)
        if day is not None and day > self.today:
            raise CellError(_("The date %(d)s is in the future.") % {"d": day.isoformat()})
        return day

    def _group(self, v: Any) -> int:
        name = norm_text(v)
        pk = self.groups.get(norm_header(name))
        if pk is None:
            raise CellError(_('This union has no union group named "%(name)s".') % {"name": name})
        return pk

    def read(self, cells: list[Any]) -> tuple[list[Any], list[tuple[str, str]], IdFacts | None] | None:
        """(values, problems, what the ID number says) of a row; None for an empty or example row.

        The hot loop of an import (100,000 rows × 15 cells): repeated values are looked up in
        their column's cache inline, without a call; the other cells call their reader.
        """
        n = len(cells)
        errors: list[tuple[str, str]] = []
        values = [MISSING] * _WIDTH
        filled = False
        for j, pos, key, reader, cache in self.cached:
            if j < n:
                v = cells[j]
                if v is not None and v != "":
                    filled = True
                    hit = cache.get(v)
                    if hit is None:
                        hit = _attempt(reader, v)
                        if len(cache) < _CACHE_SIZE:
                            cache[v] = hit
                    if hit[0]:
                        values[pos] = hit[1]
                    else:
                        errors.append((key, hit[1]))
        for j, pos, key, reader in self.plain:
            if j < n:
                v = cells[j]
                if v is not None and v != "":
                    filled = True
                    try:
                        values[pos] = reader(v)
                    except CellError as e:
                        errors.append((key, str(e)))
                    except ValidationError as e:
                        errors.append((key, e.messages[0]))
        if len(errors) > 1:  # in the file's column order
            errors.sort(key=lambda e: self.header[e[0]][0])
        if not filled:  # a row with only a sequence number, status or union name still counts
            filled = any(j < n and cells[j] is not None and cells[j] != "" for j in self.ignored)
        if not filled:
            return None
        if self.seq is not None and self.seq < n and _is_example(cells[self.seq]):
            return None
        bad = {k for k, _m in errors} if errors else ()
        for pos, key in ((_NAME, "name"), (_ID, "id_number")):
            if not values[pos] or values[pos] is MISSING:
                if key not in bad:
                    errors.append((key, _("This column is required.")))
                values[pos] = MISSING
        name = values[_NAME]
        if name is not MISSING and not _HAS_LETTER.search(name):
            errors.append(("name", _("A name has letters or characters, not only digits or signs.")))
        facts = None if "id_number" in bad or "id_type" in bad else self._identity(values, errors)
        return values, errors, facts

    def _identity(self, values: list[Any], errors: list[tuple[str, str]]) -> IdFacts | None:
        number = values[_ID]
        if number is MISSING:
            return None
        id_type = values[_ID_TYPE] if values[_ID_TYPE] is not MISSING else IdType.RESIDENT
        try:
            facts = id_facts(id_type, number, self.today)
        except ValidationError as e:
            errors.append(("id_number", e.messages[0]))
            return None
        gender, birth = values[_GENDER], values[_BIRTH]
        if facts is None:
            if gender is MISSING and all(k != "gender" for k, _m in errors):
                errors.append(("gender", _("Fill in the gender: this ID number does not carry it.")))
            return None
        if birth is not MISSING and birth is not None and birth != facts.birth_date:
            message = _("The ID number says the birth date is %(d)s.") % {"d": facts.birth_date.isoformat()}
            errors.append(("birth_date", message))
        if gender is not MISSING and gender and gender != facts.gender:
            label = str(BY_KEY["gender"].choices(facts.gender).label)  # type: ignore[misc]
            errors.append(("gender", _("The ID number says the gender is %(g)s.") % {"g": label}))
        return facts

    def problem(self, row: int, key: str, message: str) -> Problem:
        if key == "union_group_id":
            key = "union_group"
        j, header = self.header.get(key, (None, str(BY_KEY[key].label) if key in BY_KEY else key))
        column = f"{column_letter(j + self.table.col_offset)}（{header}）" if j is not None else header
        return Problem(row, column, message, j)


# ---- in the reader's child: every row checked, good ones made ready to insert -----------
def search_keys(name: str, id_number: str) -> tuple[str, str, str]:
    """The member's search columns: pinyin, initials, reversed ID number."""
    return (*name_keys(name), id_number[::-1])


def _defaults(today: dt.date) -> list[Any]:
    defaults: list[Any] = ["" for _f in FIELDS]
    defaults[_ID_TYPE], defaults[POS["employment_type"]] = str(IdType.RESIDENT), str(EmploymentType.CONTRACT)
    defaults[_JOIN], defaults[_BIRTH], defaults[_GROUP] = today, None, None
    return defaults


class _RowOut:
    """A good row as sent: (row number, bitmask of the cells the file left empty, the member's row).

    The row holds FIELDS with the defaults and what the ID number says filled in, dates as ISO
    text (both databases take it), then the search keys: the parent only has to insert it.
    """

    def __init__(self, reader: RowReader, today: dt.date) -> None:
        self.defaults = _defaults(today)
        present = {pos for _j, pos, *_rest in reader.readers if pos >= 0}
        self.present = sorted(present)
        self.absent = [i for i in range(_WIDTH) if i not in present]  # columns the file lacks
        self.absent_mask = sum(1 << i for i in self.absent)
        self.iso: dict[dt.date, str] = {}

    def __call__(
        self, number: int, values: list[Any], facts: IdFacts | None
    ) -> tuple[int, int, tuple[Any, ...]]:
        defaults, iso, mask = self.defaults, self.iso, self.absent_mask
        row = values[:]
        for i in self.absent:
            row[i] = defaults[i]
        for i in self.present:
            if row[i] is MISSING:
                mask |= 1 << i
                row[i] = defaults[i]
        if facts is not None:  # what the ID number says fills what the file left empty
            if row[_BIRTH] is None:
                row[_BIRTH] = facts.birth_date
            if values[_GENDER] is MISSING:
                row[_GENDER] = facts.gender
        for i in _DATES:
            day = row[i]
            if day is not None:
                text = iso.get(day)
                if text is None:
                    text = iso[day] = day.isoformat()
                row[i] = text
        return number, mask, (*row, *search_keys(row[_NAME], row[_ID]))


def _check_rows(
    table: Table, send: Callable[[bytes], None], *, groups: dict[str, int], today: dt.date, limit: int | None
) -> None:  # pragma: no cover (runs in the reader's child; covered through check_file)
    """Check every row; send chunks of (rows, listed problems, unlisted count, good rows)."""
    if table.missing:
        return
    reader = RowReader(table, groups, today)
    row_out = _RowOut(reader, today)
    seen: dict[str, int] = {}
    rows = unlisted = listed = 0
    problems: list[tuple[Any, ...]] = []
    good: list[tuple[int, int, tuple[Any, ...]]] = []
    for number, cells in table.rows:
        read = reader.read(cells)
        if read is None:
            continue
        rows += 1
        values, errors, facts = read
        key = values[_ID]
        if key is not MISSING and (not errors or all(k != "id_number" for k, _m in errors)):
            first = seen.get(key)
            if first is not None:
                errors.append(("id_number", _("The same ID number is on row %(row)d.") % {"row": first}))
            else:
                seen[key] = number
        if errors:
            for k, message in errors:
                if limit is None or listed < limit:
                    problems.append(reader.problem(number, k, message).as_tuple())
                    listed += 1
                else:
                    unlisted += 1
        else:
            good.append(row_out(number, values, facts))
        if rows % CHUNK_ROWS == 0:
            send(marshal.dumps((rows, problems, unlisted, good)))
            rows = unlisted = 0
            problems, good = [], []
    if rows:
        send(marshal.dumps((rows, problems, unlisted, good)))


# ---- here: the chunks received, classified against the system, handed to the writer ------
_EXISTING = ["pk", "organization_id", "organization__path", "organization__name", "status", *FIELDS]


def _known(numbers: list[str]) -> Iterator[list[int]]:
    """The pks of the members holding any of ``numbers``, in chunks (a plain indexed lookup first:
    a new roster finds none, and the ORM's per-value preparation of 100,000 values costs more)."""
    table = connection.ops.quote_name(Member._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(numbers), LOOKUP_CHUNK):
            chunk = numbers[i : i + LOOKUP_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id FROM {table} WHERE id_number IN ({marks})", chunk)  # noqa: S608
            pks = [pk for (pk,) in cursor.fetchall()]
            if pks:
                yield pks


def _file_values(row: tuple[Any, ...], mask: int) -> list[Any]:
    """A good row's FIELDS as the file gave them: MISSING where it left the cell empty."""
    values = list(row[:_WIDTH])
    for i in _DATES:
        if type(values[i]) is str:
            values[i] = dt.date.fromisoformat(values[i])
    for i in range(_WIDTH):
        if mask >> i & 1:
            values[i] = MISSING
    return values


def _classify(
    plan: Plan, good: list[tuple[int, int, tuple[Any, ...]]], reader: RowReader
) -> list[tuple[Any, ...]]:
    """The new people's rows of a chunk; this union's members it changes, re-joiners and people
    another union holds go to the plan (by the ID numbers already in the system)."""
    existing: dict[str, tuple[Any, ...]] = {}
    with scopes_disabled():  # a person's record may be held by any union: that is the point
        for pks in _known([row[_ID] for _n, _m, row in good]):
            for old in Member.objects.filter(pk__in=pks).values_list(*_EXISTING):
                existing[old[5 + _ID]] = old
    if not existing:  # a new roster: every row is a new member
        return [row for _n, _m, row in good]
    org = plan.organization
    creates = []
    for number, mask, row in good:
        old = existing.get(row[_ID])
        if old is None:
            creates.append(row)
            continue
        values = _file_values(row, mask)
        pk, _org_id, path, holder, status = old[:5]
        old_values = old[5:]
        if path.startswith(org.path):  # this union's member: the file's cells win, the rest stays
            new = tuple(v if v is not MISSING else old_values[i] for i, v in enumerate(values))
            if new == old_values:
                plan.unchanged += 1
            else:
                plan.updates.append((pk, new, old_values, None))
        elif status == MemberStatus.LEFT:  # joins again here
            joined = [v if v is not MISSING else old_values[i] for i, v in enumerate(values)]
            joined[_GROUP] = values[_GROUP] if values[_GROUP] is not MISSING else None
            joined[_JOIN] = values[_JOIN] if values[_JOIN] is not MISSING else reader.today
            plan.rejoins.append((pk, tuple(joined), old_values))
        else:
            message = holder_message(status=status, holder_name=holder, same_union=False, person="")
            plan.problem(reader.problem(number, "id_number", message))
    return creates


def _receive(
    plan: Plan,
    table: Table,
    payloads: Iterator[bytes],
    reader: RowReader,
    progress: Callable[[float], None] | None,
    sink: Callable[[list[tuple[Any, ...]]], None] | None,
) -> None:
    for key in table.missing:
        plan.problem(Problem(table.header_row, str(BY_KEY[key].label), _("The required column is missing.")))
    if table.missing:
        return
    for (r0, c0), (r1, _c1) in table.merged:
        if r1 + 1 > table.header_row:
            message = _("Merged cells: unmerge them and fill in every row.")
            plan.problem(Problem(r0 + 1, column_letter(c0), message, None))
    total = max(table.total_rows, 1)
    for payload in payloads:
        rows, problems, unlisted, good = marshal.loads(payload)  # noqa: S302 (our own child's output)
        plan.rows += rows
        for p in problems:
            plan.problem(Problem(*p))
        plan.problem_count += unlisted
        creates = _classify(plan, good, reader)
        plan.new += len(creates)
        if creates and sink is not None and plan.ok:
            sink(creates)
        if progress is not None:
            progress(min(plan.rows / total, 1.0))
    if plan.rows == 0 and plan.problem_count == 0:
        plan.problem(Problem(table.header_row, "", _("The file has a header but no members under it.")))


def check_file(
    path: str,
    org: Organization,
    *,
    progress: Callable[[float], None] | None = None,
    limit: int | None = MAX_LISTED,
    sink: Callable[[list[tuple[Any, ...]]], None] | None = None,
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
    consume = partial(_check_rows, groups=groups, today=today, limit=limit)
    try:
        with open_stream(path, consume) as (table, payloads):
            _receive(plan, table, payloads, RowReader(table, groups, today), progress, sink)
    except ReadError as e:
        plan.problem(Problem(0, "", e.message))
    return plan
