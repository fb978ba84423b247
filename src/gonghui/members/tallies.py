"""Per-union member tallies: today's roster counted once per union, added up for any subtree.

A federation's statistics would otherwise group every member of its subtree at each request
(a million rows). ``MemberTally`` holds, per union, its counted members by status, gender,
employment type and age band; ``TallyState`` says whether they are current: built today and
not changed since.

- Every roster write calls ``mark_dirty(org_ids)`` inside its own transaction: the member
  services, the importer's writer, the demo.
- ``refresh(org, day)`` rebuilds the stale unions of ``org``'s subtree with one
  ``INSERT … SELECT … GROUP BY`` for all of them, in its own transaction. The statistics of
  today call it before ``tally_rows``; ``gonghui refresh_tallies`` runs it for every union
  after midnight (age bands depend on the day, so yesterday's tallies are stale).
- Concurrency: the rebuild claims its unions with an UPDATE of their ``TallyState`` rows,
  which on PostgreSQL waits for a writer that marked one of them (and then counts what it
  committed), while a writer that marks a claimed union waits for the rebuild and leaves it
  dirty again. A second rebuild of the same unions waits, re-reads them as clean and skips
  them. On SQLite the transactions are IMMEDIATE: writers take turns.

Past dates are not pre-aggregated: they come from the membership events (``selectors``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from gonghui.core.scoping import subtree_q
from gonghui.members.choices import AGE_BANDS, COUNTED_STATUSES, years_before
from gonghui.members.models import EventKind, Member, MembershipEvent, MemberTally, TallyState
from gonghui.orgs.models import Organization


def mark_dirty(org_ids: Iterable[int]) -> None:
    """The tallies of these unions are stale: call inside the transaction that changes their members.

    One upsert statement. Call it for every union whose counted members may change: both unions
    of a transfer, the old and the new union of a rejoin.
    """
    ids = sorted({int(pk) for pk in org_ids if pk is not None})
    if not ids:
        return
    # An upsert that also counts the write (the snapshots' generation), which bulk_create's
    # update_conflicts cannot express; the same statement on both databases.
    table = connection.ops.quote_name(TallyState._meta.db_table)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        rows = ", ".join(["(%s, %s, '', 1)"] * len(chunk))
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO {table} (organization_id, dirty, token, generation) VALUES {rows} "  # noqa: S608
                f"ON CONFLICT (organization_id) DO UPDATE SET dirty = %s, "
                f"generation = {table}.generation + 1",
                [*(v for pk in chunk for v in (pk, True)), True],
            )


CHUNK = 10_000


def mark_members_dirty(member_ids: Iterable[int] | QuerySet) -> None:
    """Mark the unions whose tallies count these members: where they are and every union that
    held them (a year-end snapshot counts a member where they were then).

    For a write that changes members' facts (gender, employment type, birth date, join date):
    a member who joined union A this year and moved to B counts among A's new members by
    employment type. Two small queries; ``member_ids`` may be a queryset of ids (a subquery).
    """
    if isinstance(member_ids, QuerySet):
        chunks: list[Any] = [member_ids]
    else:  # SQLite takes at most 32,766 parameters a statement
        ids = list(member_ids)
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    orgs: set[int] = set()
    for chunk in chunks:
        orgs.update(
            Member.objects.unscoped("tallies are kept for every union")
            .filter(pk__in=chunk)
            .values_list("organization_id", flat=True)
        )
        held = MembershipEvent.objects.unscoped("tallies are kept for every union").filter(
            member_id__in=chunk
        )
        orgs.update(held.values_list("organization_id", flat=True).distinct().order_by())
    mark_dirty(orgs)


def holders(org: Organization | None) -> QuerySet[Organization]:
    """The organizations of ``org``'s subtree (all of them when None).

    Groups hold no members, but they are kept: the figures then match the roster's whatever
    an organization's type, at the cost of a few empty states.
    """
    qs = Organization.objects.unscoped("tallies are kept for every union").all()
    return qs.filter(subtree_q(org.path)) if org is not None else qs


def _stale(day: dt.date) -> Q:
    return Q(dirty=True) | Q(built_on__isnull=True) | ~Q(built_on=day)


def stale(org: Organization | None, day: dt.date | None = None) -> QuerySet[Organization]:
    """The organizations of the subtree whose tallies are not current for ``day`` (or never built)."""
    day = day or timezone.localdate()
    fresh = TallyState.objects.filter(dirty=False, built_on=day).values("organization_id")
    return holders(org).exclude(pk__in=fresh)


def stale_count(org: Organization | None, day: dt.date | None = None) -> int:
    """How many organizations of the subtree a refresh would rebuild (read-only)."""
    return stale(org, day).count()


# Up to this many stale unions are claimed by their keys; more (a new day, a bulk fill) by
# the subtree, which reads every state of it.
FEW = 500


def refresh(org: Organization | None = None, day: dt.date | None = None) -> int:
    """Rebuild the stale tallies of ``org``'s subtree (every union when None); how many were rebuilt.

    One read-only query first: when everything is current, nothing is written. The unions
    found stale then are rebuilt; one marked a moment later waits for the next request.
    """
    day = day or timezone.localdate()
    found = list(stale(org, day).values_list("pk", flat=True)[: FEW + 1])
    if not found:
        return 0
    few = len(found) <= FEW
    token = uuid.uuid4().hex
    with transaction.atomic():
        # Never counted (new unions, a roster filled in bulk): their states first.
        new = found
        if not few:
            counted = TallyState.objects.values("organization_id")
            new = list(holders(org).exclude(pk__in=counted).values_list("pk", flat=True))
        TallyState.objects.bulk_create([TallyState(organization_id=pk) for pk in new], ignore_conflicts=True)
        # Claim: on PostgreSQL this locks the rows and waits for writers holding them.
        claim = Q(organization__in=found) if few else Q(organization__in=holders(org).values("pk"))
        claimed = TallyState.objects.filter(claim, _stale(day)).update(token=token)
        if not claimed:
            return 0
        mine = TallyState.objects.filter(token=token)
        if few:  # named, so that the planner reads their members through the union's index
            mine = TallyState.objects.filter(organization__in=found, token=token)
            ids = list(mine.values_list("organization_id", flat=True))
            MemberTally.objects.filter(organization__in=ids).delete()
            _count_claimed(day, ids=ids)
        else:  # a new day or a bulk fill: most of the members are read anyway
            MemberTally.objects.filter(organization__in=mine.values("organization_id")).delete()
            _count_claimed(day, token=token)
        TallyState.objects.filter(token=token).update(dirty=False, built_on=day, token="")
    return claimed


# The counted members along each of these fields; "joined": the JOIN events of the year up to
# the day the tallies were built, by the member's employment type (the new members).
MEMBER_DIMENSIONS = ("status", "gender", "employment_type", "age_band")
DIMENSIONS = (*MEMBER_DIMENSIONS, "joined")


def _count_claimed(day: dt.date, *, ids: list[int] | None = None, token: str = "") -> None:
    """One pass over the members of every claimed union, counted along each dimension.

    The claimed unions are ``ids`` or those whose state holds ``token``.
    """
    q = connection.ops.quote_name
    if ids is not None:
        claimed, claimed_params = f"({', '.join(['%s'] * len(ids))})", list(ids)
    else:
        claimed = f"(SELECT organization_id FROM {q(TallyState._meta.db_table)} WHERE token = %s)"  # noqa: S608
        claimed_params = [token]
    insert_counts(MemberTally, day, claimed, claimed_params)


def insert_counts(
    model: type, day: dt.date, claimed: str, claimed_params: list[Any], *, as_of: bool = False
) -> None:
    """Count the members of the unions ``claimed`` (an SQL list or subquery) into ``model``'s
    rows (organization, dimension, value, n): one statement.

    Today's tallies (``as_of`` False) read the roster; a snapshot reads the membership events
    in force on ``day`` (a member counts where they were then), writes ``day`` as ``as_of``
    and adds the ``events`` dimension (the union keeps a roster). The members are grouped once
    (the common table expression, materialized because it is read four times on both
    databases) and the groups summed per dimension; "joined": the JOIN events of ``day``'s
    year up to it, by employment type.
    """
    q = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    age_band, params = age_band_sql(day)
    statuses = [str(s) for s in COUNTED_STATUSES]
    events, members = q(MembershipEvent._meta.db_table), q(Member._meta.db_table)
    on = q("on")
    # A date placeholder that PostgreSQL types in a UNION (SQLite keeps the text as Django does).
    day_sql = "CAST(%s AS DATE), " if connection.vendor == "postgresql" else "%s, "
    extra, extra_params = (day_sql, [adapt(day)]) if as_of else ("", [])
    if as_of:  # the state in force on the day: the event's union and status
        source = (
            f"FROM {events} s JOIN {members} m ON m.id = s.member_id "
            f"WHERE s.organization_id IN {claimed} AND s.{on} <= %s "
            "AND (s.ends_on IS NULL OR s.ends_on > %s) "
        )
        source_params, st = [*claimed_params, adapt(day), adapt(day)], "s"
    else:  # the roster row holds the union and status
        source, source_params, st = (
            f"FROM {members} m WHERE m.organization_id IN {claimed} ",
            claimed_params,
            "m",
        )
    joined = (
        f"SELECT e.organization_id, {extra}'joined', jm.employment_type, COUNT(*) "  # noqa: S608
        f"FROM {events} e JOIN {members} jm ON jm.id = e.member_id "
        f"WHERE e.organization_id IN {claimed} AND e.kind = %s AND e.{on} >= %s AND e.{on} <= %s "
        "GROUP BY e.organization_id, jm.employment_type"
    )
    joined_params = [
        *extra_params,
        *claimed_params,
        str(EventKind.JOIN),
        adapt(dt.date(day.year, 1, 1)),
        adapt(day),
    ]
    held = ""
    if as_of:
        held = (
            f" UNION ALL SELECT e.organization_id, {extra}'events', '', COUNT(*) FROM {events} e "  # noqa: S608
            f"WHERE e.organization_id IN {claimed} AND e.{on} <= %s GROUP BY e.organization_id"
        )
        joined_params += [*extra_params, *claimed_params, adapt(day)]
    columns = (
        "organization_id, as_of, dimension, value, n" if as_of else "organization_id, dimension, value, n"
    )
    sql = (
        "WITH g AS ("
        f"SELECT {st}.organization_id AS org, {st}.status AS status, m.gender AS gender, "
        f"m.employment_type AS employment_type, {age_band} AS age_band, COUNT(*) AS n "
        f"{source}AND {st}.status IN ({', '.join(['%s'] * len(statuses))}) "
        f"GROUP BY {st}.organization_id, {st}.status, m.gender, m.employment_type, 5) "
        f"INSERT INTO {q(model._meta.db_table)} ({columns}) "
        f"{per_dimension_sql('g', extra)} UNION ALL {joined}{held}"
    )
    per_dimension_params = extra_params * len(MEMBER_DIMENSIONS)
    with connection.cursor() as c:
        c.execute(sql, [*params, *source_params, *statuses, *per_dimension_params, *joined_params])


def age_band_sql(day: dt.date) -> tuple[str, list[Any]]:
    """A CASE giving the age band on ``day`` of member ``m``, and its parameters (the same
    bands as ``selectors.age_band_case``)."""
    adapt = connection.ops.adapt_datefield_value
    whens, params = [], []
    for code, _low, high in AGE_BANDS:
        if high is not None:
            whens.append("WHEN m.birth_date > %s THEN %s")
            params += [adapt(years_before(day, high + 1)), str(code)]
        else:
            whens.append("WHEN m.birth_date IS NOT NULL THEN %s")
            params.append(str(code))
    return f"CASE {' '.join(whens)} ELSE '' END", params


def per_dimension_sql(groups: str, extra: str) -> str:
    """The rows (org, [extra,] dimension, value, n) summed from the grouped members ``groups``
    along each member dimension; ``extra``: a placeholder column (with its comma) or ""."""
    return " UNION ALL ".join(
        f"SELECT org, {extra}'{d}', {d}, SUM(n) FROM {groups} GROUP BY org, {d}"  # noqa: S608 (constant names)
        for d in MEMBER_DIMENSIONS
    )


def tally_rows(org: Organization) -> QuerySet[MemberTally]:
    """The tally rows of ``org``'s subtree (call ``refresh`` first)."""
    return MemberTally.objects.filter(organization__in=holders(org).values("pk"))


def counts(org: Organization) -> dict[str, dict[str, int]]:
    """{dimension: {value: members}} summed over ``org``'s subtree: one grouped query."""
    out: dict[str, dict[str, int]] = {d: {} for d in DIMENSIONS}
    rows = tally_rows(org).values_list("dimension", "value").annotate(total=Sum("n")).order_by()
    for dimension, value, n in rows:
        out[dimension][value] = n
    return out
