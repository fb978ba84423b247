"""Writing an import: all rows or none, in one transaction of bulk statements.

Rows go in over the model's own table and column names (``insert_rows``: ``executemany`` on
SQLite, COPY on PostgreSQL): building 100,000 model instances for ``bulk_create`` would cost
more than reading the file. What a model save would add is written here too: the search keys
and the JOIN membership event of every new member (who recorded it, when), and a
change-history row (simple-history's table) for every existing member the file changes.
Like ``bulk_create``, the import adds no "created" history row for new members: their JOIN
event and the import's audit entry say who added them and when, and their change history
starts with their first change.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.scope import unscoped
from gonghui.members.importer.plan import LOOKUP_CHUNK, MAX_LISTED, Plan, check_file
from gonghui.members.importer.rows import BIRTH_AT, FIELDS, ID_AT, JOIN_AT, POS, search_keys
from gonghui.members.models import EventKind, Member, MembershipEvent, MemberStatus
from gonghui.members.tallies import mark_dirty, mark_members_dirty
from gonghui.orgs.models import Organization

BATCH = 5000


@dataclass
class Written:
    created: int
    updated: int
    unchanged: int


def _columns(model: type[models.Model], attnames: Sequence[str]) -> str:
    by_att = {f.attname: f.column for f in model._meta.concrete_fields}
    return ", ".join(connection.ops.quote_name(by_att[a]) for a in attnames)


def _date_positions(model: type[models.Model], attnames: Sequence[str]) -> list[int]:
    by_att = {f.attname: f for f in model._meta.concrete_fields}
    return [
        i
        for i, a in enumerate(attnames)
        if isinstance(by_att[a], models.DateField) and not isinstance(by_att[a], models.DateTimeField)
    ]


def insert_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Iterable[Sequence[Any]],
    suffix: str = "",
    dates_as_text: bool = False,
) -> int:
    """INSERT many rows (``suffix``: an ON CONFLICT clause; ``dates_as_text``: the rows' dates
    are ISO text already); how many went in.

    SQLite runs one prepared statement for every row. PostgreSQL would parse and plan every
    row's statement (Django's cursors bind on the client: 11 of an import's 15 s for 100,000
    members), so there the rows are copied (COPY) into a temporary table of the same columns
    and inserted from it, a statement for thousands of rows.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, attnames)
    if connection.vendor == "postgresql":
        return _copy_rows(model, columns, rows, suffix)
    marks = ", ".join(["%s"] * len(attnames))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}){suffix}"  # noqa: S608 (names from _meta)
    written = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows, BATCH, () if dates_as_text else _date_positions(model, attnames)):
            cursor.executemany(sql, batch)
            written += cursor.rowcount
    return written


def _copy_straight(
    table: str, columns: str, rows: Iterable[Sequence[Any]], types: Sequence[str] | None = None
) -> int:
    """PostgreSQL: COPY rows straight into a table (its keys, constraints and triggers hold as
    for an INSERT: a duplicate fails the statement); how many went in. Given the columns'
    ``types``, in binary: neither side writes or parses dates and times as text (0.4 s less for
    100,000 members); the server still checks every value against its column (lengths too)."""
    written = 0
    copying = f"COPY {table} ({columns}) FROM STDIN" + (" (FORMAT BINARY)" if types else "")
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(copying) as copy:
        if types:
            copy.set_types(types)
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def _pg_types(model: type[models.Model], attnames: Sequence[str]) -> list[str]:
    """PostgreSQL: the types of ``attnames``' columns, as the catalog names them (for a binary COPY)."""
    by_att = {f.attname: f.column for f in model._meta.concrete_fields}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        types = dict(cursor.fetchall())
    return [types[by_att[a]] for a in attnames]


def _copy_rows(model: type[models.Model], columns: str, rows: Iterable[Sequence[Any]], suffix: str) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    if not suffix:  # no conflict to sort out on the way in
        return _copy_straight(table, columns, rows)
    stage = connection.ops.quote_name(f"stage_{model._meta.db_table}")
    written = 0
    # A savepoint at least: the staging table lives until the outermost commit.
    with transaction.atomic(), connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(  # the columns' types only: no key, no constraint
            f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        )
        for batch in _batches(rows, BATCH):
            with cursor.cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage}{suffix}")  # noqa: S608
            written += cursor.rowcount
            cursor.execute(f"TRUNCATE {stage}")
    return written


def update_rows(model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows are (values..., pk)."""
    table = connection.ops.quote_name(model._meta.db_table)
    by_att = {f.attname: f.column for f in model._meta.concrete_fields}
    sets = ", ".join(f"{connection.ops.quote_name(by_att[a])} = %s" for a in attnames)
    sql = f"UPDATE {table} SET {sets} WHERE {connection.ops.quote_name('id')} = %s"  # noqa: S608
    _execute_batches(sql, rows, _date_positions(model, attnames))


def _batches(
    rows: Iterable[Sequence[Any]], size: int, dates: Sequence[int] = ()
) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    # SQLite keeps dates as text: each distinct date is converted once (birth dates repeat).
    dates = dates if connection.vendor == "sqlite" else ()
    seen: dict[Any, str] = {}
    for row in rows:
        if dates:
            row = list(row)
            for i in dates:
                if type(row[i]) is dt.date:
                    row[i] = _iso(row[i], seen)
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _execute_batches(sql: str, rows: Iterable[Sequence[Any]], dates: Sequence[int] = ()) -> None:
    with connection.cursor() as cursor:
        for batch in _batches(rows, BATCH, dates):
            cursor.executemany(sql, batch)


def _iso(day: dt.date, seen: dict[Any, str]) -> str:
    text = seen.get(day)
    if text is None:
        text = seen[day] = day.isoformat()
    return text


_NEW_MEMBER = [*FIELDS, "name_pinyin", "name_initials", "id_number_rev"]
_STAMP = ["organization_id", "status", "created_at", "updated_at", "created_by_id"]


def _keys(values: Sequence[Any]) -> tuple[str, str, str]:
    return search_keys(values[POS["name"]], values[POS["id_number"]])


class Writer:
    """Writes an import inside the caller's transaction: the new members and their JOIN events
    as their checked chunks arrive (``add``), then the rest (``finish``): changed members and
    their history."""

    def __init__(self, org: Organization, actor: Any = None) -> None:
        self.org = org
        self.now = timezone.now()
        self.db_now = connection.ops.adapt_datetimefield_value(self.now)
        self.actor_id = getattr(actor, "pk", None)
        self.created = 0
        self.stamp = (org.pk, str(MemberStatus.ACTIVE), self.db_now, self.db_now, self.actor_id)
        table = connection.ops.quote_name(Member._meta.db_table)
        self.last_id_sql = f"SELECT MAX(id) FROM {table}"  # noqa: S608
        # The current records only (a person's past periods at other unions keep the number):
        # the condition of the unique index, stated as written.
        self.current = connection.ops.quote_name("is_current")
        self.held_sql = f"SELECT id_number FROM {table} WHERE id <= %s AND {self.current} AND id_number IN "  # noqa: S608
        # PostgreSQL: one probe of the unique index per number, whatever the planner thinks of
        # the table: as an IN list it scanned the whole table once it held tens of thousands of
        # rows (the growing table of an import: 1.4 of its seconds), where the probes take 0.3.
        self.any_held_sql = (
            f"SELECT m.id_number FROM unnest(%s::text[]) AS n(number) CROSS JOIN LATERAL "  # noqa: S608
            f"(SELECT id_number FROM {table} WHERE id_number = n.number AND {self.current} LIMIT 1) m"
        )
        # The JOIN events of a chunk's members, copied by the database: this union's rows stamped
        # with this import's time (to the microsecond) above the highest id before the chunk.
        events = connection.ops.quote_name(MembershipEvent._meta.db_table)
        self.events_sql = (
            f"INSERT INTO {events} ({_columns(MembershipEvent, _EVENT_FIELDS)}) "  # noqa: S608
            f"SELECT m.organization_id, m.id, %s, m.join_date, %s, '', '', %s, %s FROM {table} m "
            # "+": not through the union's indexes (that would read all its members each chunk)
            # but through the primary key's range: the chunk's rows only.
            f"WHERE m.id > %s AND +m.organization_id = %s AND m.created_at = %s"
        )
        self.events_args = [str(EventKind.JOIN), str(MemberStatus.ACTIVE), self.db_now, self.actor_id]
        self.pg = connection.vendor == "postgresql"
        self.last_held: set[str] = set()
        if self.pg:
            # ids drawn for a chunk at once, so that its JOIN events are copied with them
            seq = f"pg_get_serial_sequence('{Member._meta.db_table}', 'id')"
            self.ids_sql = f"SELECT nextval({seq}) FROM generate_series(1, %s)"  # noqa: S608
            member_fields = ["id", *_NEW_MEMBER, *_STAMP]
            self.member_table, self.member_columns = table, _columns(Member, member_fields)
            self.member_types = _pg_types(Member, member_fields)
            self.event_table = events
            self.event_columns = _columns(MembershipEvent, _EVENT_FIELDS)
            self.event_types = _pg_types(MembershipEvent, _EVENT_FIELDS)
            self.days: dict[Any, Any] = {}  # ISO text → date (a binary COPY takes dates)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # room for the indexes' pages while 100,000 rows go in
                cursor.execute("PRAGMA cache_size = -65536")

    def add(self, rows: list[tuple[Any, ...]]) -> tuple[int, int]:
        """New members' rows as the plan makes them (FIELDS, search keys; dates as ISO text), with
        their JOIN events: (how many went in, the highest id before them)."""
        if (
            self.pg
        ):  # who is held is looked up first (kept for ``take``); the COPY's unique index guards the rest
            self.last_held = self._held([row[ID_AT] for row in rows])
            return self._copy_new(rows, self.last_held), 0
        stamp = self.stamp
        with connection.cursor() as cursor:
            cursor.execute(self.last_id_sql)  # ids given from now on are above it, on both databases
            floor = cursor.fetchone()[0] or 0
        # A person already in the system is not inserted (one current record per ID number, the
        # index named by its column and condition): ``take`` finds who. New rows are current
        # (the column's database default).
        written = insert_rows(
            Member,
            [*_NEW_MEMBER, *_STAMP],
            [row + stamp for row in rows],
            f" ON CONFLICT (id_number) WHERE {self.current} DO NOTHING",
            dates_as_text=True,
        )
        with connection.cursor() as cursor:
            cursor.execute(self.events_sql, [*self.events_args, floor, self.org.pk, self.db_now])
            if cursor.rowcount != written:  # rolls the whole import back
                raise IntegrityError(f"{cursor.rowcount} JOIN events for {written} new members")
        self.created += written
        return written, floor

    def _copy_new(self, rows: list[tuple[Any, ...]], held: set[str]) -> int:
        """PostgreSQL: the rows' people the system does not hold, copied (COPY) straight into
        the members' table with ids drawn from its sequence, and their JOIN events after them:
        no staging table, no ON CONFLICT, no reading back. Someone writing one of these people
        meanwhile makes the unique index refuse the COPY, which rolls the import back."""
        new = [row for row in rows if row[ID_AT] not in held] if held else rows
        if not new:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(self.ids_sql, [len(new)])
            ids = [i for (i,) in cursor.fetchall()]
        stamp, day = self.stamp, self._day
        new = [_dated(row, day) for row in new]
        written = _copy_straight(
            self.member_table,
            self.member_columns,
            ((pk, *row, *stamp) for pk, row in zip(ids, new, strict=True)),
            self.member_types,
        )
        org, kind, status, now, actor = self.org.pk, *self.events_args
        _copy_straight(
            self.event_table,
            self.event_columns,
            (
                (org, pk, kind, row[JOIN_AT], status, "", "", now, actor)
                for pk, row in zip(ids, new, strict=True)
            ),
            self.event_types,
        )
        self.created += written
        return written

    def _day(self, value: Any) -> Any:
        """A date, from the ISO text the reader's child sends (each distinct day parsed once)."""
        if type(value) is not str:
            return value
        day = self.days.get(value)
        if day is None:
            day = self.days[value] = dt.date.fromisoformat(value)
        return day

    def _held(self, numbers: list[str]) -> set[str]:
        """PostgreSQL: which of ``numbers`` have a current record in the system (by its unique index)."""
        held: set[str] = set()
        with connection.cursor() as cursor:
            for i in range(0, len(numbers), LOOKUP_CHUNK):
                chunk = numbers[i : i + LOOKUP_CHUNK]
                cursor.execute(self.any_held_sql, [chunk])
                held.update(n for (n,) in cursor.fetchall())
        return held

    def take(self, good: list[tuple[int, int, tuple[Any, ...]]]) -> tuple[int, list[tuple[Any, ...]]]:
        """A checked chunk's (row number, mask, row)s: the new people go in; returned are how many
        and the rows of the people the system already holds, for the plan to sort out. A new
        roster has none, so the ID numbers are looked up only when some row did not go in."""
        written, floor = self.add([row for _n, _m, row in good])
        if self.pg:  # looked up before the COPY (``add``)
            known = self.last_held
            return written, [g for g in good if g[2][ID_AT] in known] if known else []
        if written == len(good):
            return written, []
        numbers = [row[ID_AT] for _n, _m, row in good]
        held: set[str] = set()
        with connection.cursor() as cursor:
            for i in range(0, len(numbers), LOOKUP_CHUNK):
                chunk = numbers[i : i + LOOKUP_CHUNK]
                cursor.execute(self.held_sql + f"({', '.join(['%s'] * len(chunk))})", [floor, *chunk])
                held.update(n for (n,) in cursor.fetchall())
        if len(held) != len(good) - written:  # someone else wrote one of these people meanwhile
            raise IntegrityError(f"{len(good) - written} people not written, {len(held)} held")
        return written, [g for g in good if g[2][ID_AT] in held]

    def finish(self, plan: Plan) -> Written:
        # This union's members whose facts changed (a person another union holds is a problem).
        changed = plan.updates
        # The statistics' tallies: this union's, and those of the changed members' unions
        # (where members joined).
        mark_members_dirty([pk for pk, _n, _o, _g in changed])
        mark_dirty([self.org.pk])
        update_rows(
            Member,
            [*FIELDS, "name_pinyin", "name_initials", "id_number_rev", "updated_at"],
            ((*new, *_keys(new), self.db_now, pk) for pk, new, _old, _o in changed),
        )
        history = Member.history.model
        hist_fields = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
        _history(plan, history, hist_fields, self.now, self.db_now, self.actor_id)
        return Written(self.created, len(changed), plan.unchanged)


def import_file(
    path: str,
    org: Organization,
    *,
    actor: Any = None,
    request: Any = None,
    progress: Callable[[float], None] | None = None,
    limit: int | None = MAX_LISTED,
) -> tuple[Plan, Written | None]:
    """Check ``path`` and write it into ``org``: all of it, or nothing when any row has a problem.

    One pass: the new members are written while the reader's child checks the next rows; the
    first problem stops the writing, the rest of the file is still checked so that every
    problem is listed, and the transaction is rolled back.
    """
    try:
        with _references_hold(), transaction.atomic(), unscoped("an ID number is unique across unions"):
            writer = Writer(org, actor)
            plan = check_file(path, org, progress=progress, limit=limit, sink=writer.take)
            if not plan.ok:
                transaction.set_rollback(True)
                return plan, None
            written = writer.finish(plan)
    except IntegrityError as e:
        raise _changed_during(e) from e
    _audit(org, written, actor, request)
    return plan, written


def _references_hold() -> Any:
    """SQLite's foreign-key checks off for the import's transaction, as Django's loaddata does:
    a check per reference per row is a tenth of the writing. Every reference an import writes
    holds by construction: the union, and its groups read inside the same transaction, which
    holds SQLite's write lock until the commit; the JOIN events point at the rows just written;
    the actor is a user. Inside an outer transaction (tests) the pragma cannot change and the
    checks stay on; PostgreSQL keeps them always."""
    return connection.constraint_checks_disabled()


def write_plan(plan: Plan, *, actor: Any = None, request: Any = None) -> Written:
    """Write a plan made in memory (``plan.creates`` holds FIELDS values) or nothing at all."""
    if not plan.ok:
        raise DomainError(_("The file has problems: nothing was imported."))
    org = plan.organization
    try:
        with transaction.atomic(), unscoped("an ID number is unique across unions"):
            writer = Writer(org, actor)
            iso = connection.vendor == "sqlite"
            rows = [tuple(_iso_dates(v) if iso else v) + _keys(v) for v in plan.creates]
            for i in range(0, len(rows), BATCH):
                written, _floor = writer.add(rows[i : i + BATCH])
                if written != len(rows[i : i + BATCH]):
                    raise IntegrityError("a planned new member is already in the system")
            written = writer.finish(plan)
    except IntegrityError as e:
        raise _changed_during(e) from e
    _audit(org, written, actor, request)
    return written


def _dated(row: tuple[Any, ...], day: Callable[[Any], Any]) -> tuple[Any, ...]:
    """``row`` with its dates as dates (the reader's child sends them as ISO text)."""
    birth, joined = day(row[BIRTH_AT]), day(row[JOIN_AT])
    if birth is row[BIRTH_AT] and joined is row[JOIN_AT]:
        return row
    out = list(row)
    out[BIRTH_AT], out[JOIN_AT] = birth, joined
    return tuple(out)


def _iso_dates(values: Sequence[Any]) -> list[Any]:
    return [v.isoformat() if type(v) is dt.date else v for v in values]


def _changed_during(e: IntegrityError) -> DomainError:
    return DomainError(
        _("The roster changed during the import (%(error)s): nothing was written, check the file again.")
        % {"error": str(e)[:80]}
    )


def _audit(org: Organization, written: Written, actor: Any, request: Any) -> None:
    audit_log(
        "members.import",
        request=request,
        user=actor if request is None else None,
        organization=org,
        detail={"created": written.created, "updated": written.updated, "unchanged": written.unchanged},
    )


_EVENT_FIELDS = [
    "organization_id",
    "member_id",
    "kind",
    "on",
    "status",
    "reason",
    "note",
    "created_at",
    "created_by_id",
]


def _history(
    plan: Plan,
    history: Any,
    fields: list[str],
    now: Any,
    db_now: Any,
    actor_id: int | None,
) -> None:
    """A simple-history row per changed member, as a model save would have left."""
    sources = [
        *FIELDS,
        "id",
        "history_type",
        "organization_id",
        "status",
        "created_at",
        "created_by_id",
        "history_date",
        "history_change_reason",
        "history_user_id",
    ]
    pick = operator.itemgetter(*[sources.index(f) for f in fields])  # a new history field fails loudly here
    changed = [(pk, new) for pk, new, _old, _o in plan.updates]
    if not changed:
        return
    meta: dict[int, tuple[Any, ...]] = {}
    pks = [pk for pk, _new in changed]
    for i in range(0, len(pks), BATCH):
        rows = Member.objects.filter(pk__in=pks[i : i + BATCH]).values_list(
            "pk", "organization_id", "created_at", "created_by_id", "status"
        )
        meta.update({r[0]: r[1:] for r in rows})
    adapt = connection.ops.adapt_datetimefield_value
    insert_rows(
        history,
        fields,
        (
            pick((*new, pk, "~", m[0], m[3], adapt(m[1]), m[2], db_now, None, actor_id))
            for pk, new in changed
            for m in (meta[pk],)
        ),
    )
