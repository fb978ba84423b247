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
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr

from gonghui.core.metrics import Period, Targets, Values, memoized, per_org, targets_by_depth
from gonghui.core.scope import unscoped
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


def _under(targets: Targets) -> QuerySet[Organization]:
    """The organizations in the subtree of any of ``targets``."""
    steplen = Organization.steplen
    q = Q(pk__in=[])
    for depth, paths, _pairs in targets_by_depth(targets):
        at = _orgs().annotate(_anc=Substr("path", 1, depth * steplen)).filter(_anc__in=paths)
        q |= Q(pk__in=at.values("pk"))
    return _orgs().filter(q)


def _generation() -> Coalesce:
    """A union's roster generation (0 when it was never written)."""
    gen = TallyState.objects.filter(organization_id=OuterRef("pk")).values("generation")[:1]
    return Coalesce(Subquery(gen), Value(0))


def stale(targets: Targets, day: dt.date) -> QuerySet[Organization]:
    """The organizations under ``targets`` whose snapshot of ``day`` is missing or out of date."""
    current = SnapshotState.objects.filter(as_of=day, organization_id=OuterRef("pk")).values("generation")[:1]
    return (
        _under(targets)
        .annotate(_built=Subquery(current), _gen=_generation())
        .filter(Q(_built__isnull=True) | ~Q(_built=F("_gen")))
        .order_by()
    )


def ensure(targets: Targets, day: dt.date) -> int:
    """Count the stale snapshots of ``day`` under ``targets``; how many unions were counted.

    Each chunk of unions in its own transaction: the generations first, then the old rows out
    and the new ones in with one statement. Two requests counting the same union at once: the
    second meets the first's state row (unique) and gives way; its rows go with its rollback.
    """
    first: list[bool] = []
    memoized((f"member snapshots of {day}", targets), lambda: first.append(True) or True)
    if not first:
        return 0  # checked for these targets in this run of metrics
    with unscoped("snapshots are kept for every union"):
        rows = list(stale(targets, day).values_list("pk", "_gen"))
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


def per_org_sum(orgs: Targets, day: dt.date, dimension: str, values: list[str] | None = None) -> Values:
    """The snapshot rows of ``day`` along ``dimension`` (the given values only) summed into each
    of ``orgs`` (``per_org``); call ``ensure`` first."""
    found = rows(day, dimension)
    if values is not None:
        found = found.filter(value__in=[str(v) for v in values])
    return per_org(found, orgs, Sum("n"))


def member_values(orgs: Targets, period: Period, dimension: str, values: list[Any] | None = None) -> Values:
    """``per_org_sum`` at the period's end, the snapshots counted first where stale."""
    ensure(orgs, period.end)
    return per_org_sum(orgs, period.end, dimension, values)
