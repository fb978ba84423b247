"""Year-end member snapshots: each union's members as they stood on a year's last day, counted once.

The member figures of a year (the home page, the dashboards, the annual ranking) are taken at
the year's end from the membership events. Grouped at each request, that reads every event of
a federation's subtree: seconds for a province. A snapshot holds, per union and day, the
counts of ``tallies.insert_counts`` (a dozen rows), so a federation's figures add up rows per
union instead.

Validity without a time limit: the state on a day changes only when the union's roster is
written, and every roster write bumps the union's ``TallyState.generation`` in its own
transaction (``tallies.mark_dirty``). A ``SnapshotState`` records the generation it was counted
from, read *before* counting: a write committed in between leaves the snapshot one
generation behind, so it is rebuilt at the next read, never trusted stale.

Only year ends are kept (``Period.end`` of 31 December: the periods federations compare), so
the table holds a dozen rows per union and year asked for. A union group's figures count its
members where they point at it, which the per-union rows cannot: those targets read the events.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Substr

from gonghui.core.metrics import Period, Targets, Values, first_in_run, memoized, per_org, targets_by_depth
from gonghui.core.scope import subtree_q, unscoped
from gonghui.members.models import MemberSnapshot, SnapshotState, TallyState
from gonghui.members.tallies import CHUNK, insert_counts
from gonghui.orgs.models import Organization, OrgType


def applies(orgs: Targets, period: Period, *, whole_year: bool = False) -> bool:
    """Whether ``period``'s member figures for ``orgs`` may come from snapshots: the period ends
    on 31 December (and, for the year's joins, ``whole_year``, starts on 1 January)."""
    end = period.end
    if (end.month, end.day) != (12, 31):
        return False
    if whole_year and period.start != dt.date(end.year, 1, 1):
        return False
    if isinstance(orgs, QuerySet):
        return not memoized(("group among the targets", orgs), lambda: _has_group(orgs))
    return all(o.org_type != OrgType.GROUP for o in orgs)


def _has_group(orgs: QuerySet) -> bool:
    with unscoped("the targets' types"):
        return orgs.filter(org_type=OrgType.GROUP).exists()


def _orgs() -> QuerySet[Organization]:
    return Organization.objects.unscoped("snapshots are kept for every union")


# Up to this many targets outside each other are read as path ranges (an index range each);
# more (every union of a ranking) by their path prefixes, as ``per_org`` groups them.
RANGES = 50


def _under(targets: Targets) -> QuerySet[Organization]:
    """The organizations in the subtree of any of ``targets``."""
    if isinstance(targets, QuerySet):
        found = _orgs().filter(pk__in=targets.values("pk")).order_by("path").values_list("path", flat=True)
        paths = list(found[: RANGES * 20])
    else:
        paths = sorted(o.path for o in targets)
    roots: list[str] = []
    for path in paths:  # in path order a subtree's nodes follow its root
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    if len(roots) <= RANGES and len(paths) < RANGES * 20:
        return _orgs().filter(reduce(operator.or_, (subtree_q(p) for p in roots), Q(pk__in=[])))
    q = Q(pk__in=[])
    for depth, at_depth, _pairs in targets_by_depth(targets):
        at = _orgs().annotate(_anc=Substr("path", 1, depth * Organization.steplen)).filter(_anc__in=at_depth)
        q |= Q(pk__in=at.values("pk"))
    return _orgs().filter(q)


def stale(targets: Targets, day: dt.date) -> list[tuple[int, int]]:
    """(id, roster generation) of the organizations under ``targets`` whose snapshot of ``day``
    is missing or out of date: one query, the states joined (a hash join over a province,
    where correlated lookups per union cost five times as much)."""
    q = connection.ops.quote_name
    try:
        with unscoped("snapshots are kept for every union"):
            under, params = _under(targets).values("pk").query.sql_with_params()
    except EmptyResultSet:  # no target
        return []
    sql = (
        f"SELECT o.id, COALESCE(t.generation, 0) FROM {q(Organization._meta.db_table)} o "  # noqa: S608
        f"LEFT JOIN {q(TallyState._meta.db_table)} t ON t.organization_id = o.id "
        f"LEFT JOIN {q(SnapshotState._meta.db_table)} s ON s.organization_id = o.id AND s.as_of = %s "
        f"WHERE o.id IN ({under}) AND (s.generation IS NULL OR s.generation <> COALESCE(t.generation, 0))"
    )
    with connection.cursor() as c:
        c.execute(sql, [connection.ops.adapt_datefield_value(day), *params])
        return [(int(pk), int(gen)) for pk, gen in c.fetchall()]


def ensure(targets: Targets, day: dt.date) -> int:
    """Count the stale snapshots of ``day`` under ``targets``; how many unions were counted.

    Each chunk of unions in its own transaction: the generations first, then the old rows out
    and the new ones in with one statement. Two requests counting the same union at once: the
    second meets the first's state row (unique) and gives way; its rows go with its rollback.
    """
    if not first_in_run((f"member snapshots of {day}", targets)):
        return 0  # checked for these targets in this run of metrics
    rows = stale(targets, day)
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        ids = [pk for pk, _gen in chunk]
        try:
            with transaction.atomic():
                SnapshotState.objects.filter(as_of=day, organization__in=ids).delete()
                MemberSnapshot.objects.filter(as_of=day, organization__in=ids).delete()
                SnapshotState.objects.bulk_create(
                    [SnapshotState(organization_id=pk, as_of=day, generation=gen) for pk, gen in chunk]
                )
                insert_counts(MemberSnapshot, day, f"({', '.join(['%s'] * len(ids))})", ids, as_of=True)
        except IntegrityError:
            continue  # counted by another request just now
    return len(rows)


def rows(day: dt.date, dimension: str) -> QuerySet[MemberSnapshot]:
    """The snapshot rows of ``day`` along ``dimension`` (call ``ensure`` first)."""
    return MemberSnapshot.objects.filter(as_of=day, dimension=dimension)


def member_values(orgs: Targets, period: Period, dimension: str, values: list[Any] | None = None) -> Values:
    """The snapshot rows at the period's end along ``dimension`` (the given values only) summed
    into each of ``orgs`` (``per_org``), the stale snapshots counted first."""
    ensure(orgs, period.end)
    found = rows(period.end, dimension)
    if values is not None:
        found = found.filter(value__in=[str(v) for v in values])
    return per_org(found, orgs, Sum("n"))
