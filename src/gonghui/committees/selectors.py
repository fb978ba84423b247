"""Reads of committees: which body of each kind is current for many unions at once.

A union keeps one committee row per term; the current one on a day is the latest set up by
then and not dissolved (an overdue committee stays current until it is re-elected, as the
law has it: the advice then says its term is over).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.committees.models import HEAD_POSITIONS, Committee, CommitteeKind, Seat
from gonghui.core.metrics import compute, registry


def existing_q(day: dt.date, prefix: str = "") -> Q:
    """Bodies set up by ``day`` (or of unknown date) and not dissolved by then."""
    p = prefix
    started = (
        Q(**{f"{p}term_start__lte": day})
        | Q(**{f"{p}term_start__isnull": True, f"{p}established_on__lte": day})
        | Q(**{f"{p}term_start__isnull": True, f"{p}established_on__isnull": True})
    )
    return started & (Q(**{f"{p}dissolved_on__isnull": True}) | Q(**{f"{p}dissolved_on__gt": day}))


def seat_current_q(day: dt.date) -> Q:
    return (Q(term_start__isnull=True) | Q(term_start__lte=day)) & (
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )


def bodies(orgs: QuerySet | Iterable[Any], day: dt.date, kinds: Iterable[str] | None = None) -> QuerySet:
    """Every body of ``kinds`` that exists on ``day`` in the given unions (not their subtrees)."""
    qs = Committee.objects.filter(existing_q(day), organization__in=orgs)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs


def current_bodies(
    orgs: QuerySet | Iterable[Any], day: dt.date, kinds: Iterable[str] | None = None
) -> dict[tuple[int, str], Committee]:
    """{(org id, kind): the current body}; for leading groups, the latest one (see ``bodies``)."""
    out: dict[tuple[int, str], Committee] = {}
    rows = sorted(bodies(orgs, day, kinds), key=lambda c: (c.start or dt.date.min, c.pk))
    for c in rows:  # later starts overwrite earlier ones
        out[(c.organization_id, c.kind)] = c
    return out


def current_seats(committee_ids: Iterable[int], day: dt.date) -> dict[int, list[Seat]]:
    """{committee id: its seats held on ``day``}, in order."""
    out: dict[int, list[Seat]] = defaultdict(list)
    for s in Seat.objects.filter(seat_current_q(day), committee_id__in=list(committee_ids)).order_by(
        "committee_id", "order", "pk"
    ):
        out[s.committee_id].append(s)
    return out


def head_of(seats: list[Seat]) -> Seat | None:
    return next((s for s in seats if s.position in HEAD_POSITIONS), None)


def union_committees(orgs: QuerySet | Iterable[Any], day: dt.date) -> dict[int, Committee]:
    return {org: c for (org, _k), c in current_bodies(orgs, day, [CommitteeKind.UNION]).items()}


def metric_value(name: str, orgs: QuerySet, period: Any) -> dict[int, Any]:
    """Another app's metric (member counts) if it is registered; {} when it does not exist yet."""
    if name not in registry:
        return {}
    return compute(orgs, period, [name])[name]
