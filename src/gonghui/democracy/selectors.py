"""Reads of democratic management: sessions in a period, passed resolutions, the disclosure checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core.metrics import Period
from gonghui.core.scoping import subtree_q
from gonghui.democracy import rules
from gonghui.democracy.models import (
    CONGRESS_KINDS,
    CollectiveContract,
    Congress,
    Disclosure,
    DisclosureCategory,
    OfficerReview,
    Proposal,
    ProposalStatus,
    Resolution,
    in_force_q,
    passed_q,
)


def meetings(period: Period) -> QuerySet:
    """Every democratic meeting of the period: congress sessions and consultation meetings."""
    return Congress.objects.filter(held_on__gte=period.start, held_on__lte=period.end)


def sessions(period: Period) -> QuerySet:
    """Congress sessions of the period; a labour-management consultation meeting is none."""
    return meetings(period).filter(kind__in=CONGRESS_KINDS)


def labour_talks(period: Period) -> QuerySet:
    return meetings(period).exclude(kind__in=CONGRESS_KINDS)


def passed_resolutions(period: Period) -> QuerySet:
    return Resolution.objects.filter(
        passed_q(),
        congress__held_on__gte=period.start,
        congress__held_on__lte=period.end,
        congress__kind__in=CONGRESS_KINDS,
    )


def proposals(period: Period) -> QuerySet:
    return Proposal.objects.filter(
        congress__held_on__gte=period.start,
        congress__held_on__lte=period.end,
        congress__kind__in=CONGRESS_KINDS,
    )


def accepted_proposals(period: Period) -> QuerySet:
    return proposals(period).filter(status=ProposalStatus.ACCEPTED)


def handled_proposals(period: Period) -> QuerySet:
    return accepted_proposals(period).filter(replied_on__isnull=False)


def disclosures(period: Period) -> QuerySet:
    return Disclosure.objects.filter(disclosed_on__gte=period.start, disclosed_on__lte=period.end)


def contracts_in_force(day: dt.date, kinds: list[str]) -> QuerySet:
    return CollectiveContract.objects.filter(in_force_q(day), kind__in=kinds)


def renewals(period: Period) -> QuerySet:
    """Contracts signed in the period that renew an earlier one (续签)."""
    return CollectiveContract.objects.filter(
        renews__isnull=False, signed_on__gte=period.start, signed_on__lte=period.end
    )


def officer_reviews(period: Period) -> QuerySet:
    return OfficerReview.objects.filter(held_on__gte=period.start, held_on__lte=period.end)


def disclosure_checklist(org: Any, year: int) -> dict[str, Any]:
    """The year's required categories of one union's subtree: covered (with items) and missing."""
    items = list(
        Disclosure.objects.filter(
            subtree_q(org.path, "organization__path"), disclosed_on__year=year
        ).order_by("disclosed_on", "pk")
    )
    labels = dict(DisclosureCategory.choices)
    by_category: dict[str, list[Disclosure]] = {}
    for d in items:
        by_category.setdefault(d.category, []).append(d)
    rows = [
        {"category": c, "label": labels[c], "required": True, "items": by_category.get(c, [])}
        for c in rules.REQUIRED_DISCLOSURES
    ]
    rows += [
        {"category": c, "label": labels[c], "required": False, "items": found}
        for c, found in by_category.items()
        if c not in rules.REQUIRED_DISCLOSURES
    ]
    missing = [r["label"] for r in rows if r["required"] and not r["items"]]
    return {"year": year, "rows": rows, "missing": missing, "count": len(items)}


# --- The member pages (/m/proposals/): a representative's sessions and a member's own proposals.


def proposals_open_q(day: dt.date) -> Q:
    """Sessions collecting proposals online on ``day`` (``Congress.proposals_open_on`` in SQL)."""
    window = Q(proposals_open_from__isnull=False) | Q(proposals_open_until__isnull=False)
    started = Q(proposals_open_from__isnull=True) | Q(proposals_open_from__lte=day)
    not_over = Q(proposals_open_until__isnull=True) | Q(proposals_open_until__gte=day)
    return window & started & not_over


def represented_sessions(member: Any) -> QuerySet:
    """Sessions whose roster lists ``member`` as a representative."""
    return Congress.objects.filter(representatives__member=member).distinct()


def sessions_taking_proposals(member: Any, day: dt.date) -> QuerySet:
    """Sessions ``member`` represents that collect proposals online on ``day``."""
    return represented_sessions(member).filter(proposals_open_q(day)).order_by("held_on", "pk")


def own_proposals(member: Any) -> QuerySet:
    """The proposals ``member`` submitted (online, or entered by an officer with them as submitter)."""
    return Proposal.objects.filter(submitter_member=member).select_related("congress").order_by("-pk")
