"""Metrics of committees and leading groups.

A committee is a property of one union, not of its subtree: a township union's committee
size is its own, not the sum of the committees of the unions under it. These metrics
therefore read each union's own bodies (one grouped query for all unions, set-based like
``per_org``), where the roll-up metrics of other kinds of records use ``per_org``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.committees import rules
from gonghui.committees.models import Committee, CommitteeKind, Election, Position, Seat
from gonghui.committees.selectors import (
    bodies,
    current_bodies,
    current_seats,
    existing_q,
    metric_value,
    seat_current_q,
    union_committees,
)
from gonghui.core.metrics import Kind, Period, Values, metric


def _present(kind: str) -> Any:
    def compute(orgs: QuerySet, period: Period) -> Values:
        return {org: True for (org, _k) in current_bodies(orgs, period.end, [kind])}

    return compute


def _bodies_evidence(kind: str) -> Any:
    return lambda org, period: Committee.objects.filter(existing_q(period.end), organization=org, kind=kind)


def _union_seats_evidence(org: Any, period: Period) -> QuerySet:
    current = union_committees([org.pk], period.end).get(org.pk)
    ids = [current.pk] if current is not None else []
    return Seat.objects.filter(seat_current_q(period.end), committee_id__in=ids)


for _name, _kind, _label, _desc in [
    (
        "committee_present",
        CommitteeKind.UNION,
        _("Union committee in place"),
        _("The union has a union committee set up by the end of the period and not dissolved."),
    ),
    (
        "women_committee_present",
        CommitteeKind.WOMEN,
        _("Women workers' committee in place"),
        _("The union has a women workers' committee at the end of the period."),
    ),
    (
        "funds_review_committee_present",
        CommitteeKind.FUNDS_REVIEW,
        _("Funds review committee in place"),
        _("The union has a funds review committee (or a single funds reviewer) at the end of the period."),
    ),
    (
        "labor_protection_committee_present",
        CommitteeKind.LABOR_PROTECTION,
        _("Labor-protection supervision committee in place"),
        _("The union has a labor-protection supervision committee at the end of the period."),
    ),
    (
        "mediation_committee_present",
        CommitteeKind.MEDIATION,
        _("Mediation committee in place"),
        _("The union has a labor dispute mediation committee at the end of the period."),
    ),
]:
    metric(_name, label=_label, kind=Kind.BOOL, description=_desc, evidence=_bodies_evidence(_kind))(
        _present(_kind)
    )


def _sizes(orgs: QuerySet, period: Period) -> Values:
    committees = union_committees(orgs, period.end)
    seats = current_seats([c.pk for c in committees.values()], period.end)
    return {org: len(seats.get(c.pk, [])) for org, c in committees.items()}


@metric(
    "committee_size",
    label=_("Union committee members"),
    kind=Kind.COUNT,
    description=_("Seats held on the current union committee at the end of the period."),
    evidence=_union_seats_evidence,
)
def committee_size(orgs: QuerySet, period: Period) -> Values:
    return _sizes(orgs, period)


@metric(
    "committee_size_ok",
    label=_("Committee size fits the membership"),
    kind=Kind.BOOL,
    description=_(
        "The union committee's size lies in the band of DOMAIN.md for the union's member count "
        "(e.g. 25–200 members: 3–7; 201–1,000: 7–15; village unions 5–11). False when the member count "
        "is unknown."
    ),
    evidence=_union_seats_evidence,
)
def committee_size_ok(orgs: QuerySet, period: Period) -> Values:
    sizes = _sizes(orgs, period)
    members = metric_value("member_count", orgs.filter(pk__in=list(sizes)), period) if sizes else {}
    villages = set(orgs.filter(unit_kind="village").values_list("pk", flat=True))
    return {
        org: rules.size_ok(size, members.get(org) or 0, village=org in villages)
        for org, size in sizes.items()
    }


@metric(
    "leading_group_count",
    label=_("Leading groups"),
    kind=Kind.COUNT,
    description=_("Leading groups of the union in place at the end of the period."),
    evidence=_bodies_evidence(CommitteeKind.LEADING_GROUP),
)
def leading_group_count(orgs: QuerySet, period: Period) -> Values:
    rows = bodies(orgs, period.end, [CommitteeKind.LEADING_GROUP]).values_list("organization_id", flat=True)
    return dict(Counter(rows))


@metric(
    "committee_term_valid",
    label=_("Committee term valid"),
    kind=Kind.BOOL,
    description=_(
        "The current union committee has a term of 3 or 5 years that covers the end of the period."
    ),
    evidence=_bodies_evidence(CommitteeKind.UNION),
)
def committee_term_valid(orgs: QuerySet, period: Period) -> Values:
    day = period.end
    return {
        org: bool(
            c.term_years in rules.TERM_YEARS
            and c.term_start is not None
            and c.term_start <= day
            and (c.term_end is None or c.term_end >= day)
        )
        for org, c in union_committees(orgs, day).items()
    }


@metric(
    "chair_full_time",
    label=_("Full-time chair"),
    kind=Kind.BOOL,
    description=_("The chair of the current union committee works for the union full time."),
    evidence=_union_seats_evidence,
)
def chair_full_time(orgs: QuerySet, period: Period) -> Values:
    committees = union_committees(orgs, period.end)
    seats = current_seats([c.pk for c in committees.values()], period.end)
    return {
        org: any(s.position == Position.CHAIR and s.full_time for s in seats.get(c.pk, []))
        for org, c in committees.items()
    }


@metric(
    "committee_election_approved",
    label=_("Committee election approved"),
    kind=Kind.BOOL,
    description=_(
        "An election of the current union committee was approved by the higher union by the period's end."
    ),
    evidence=lambda org, period: Election.objects.filter(
        organization=org, committee__kind=CommitteeKind.UNION, approved_on__lte=period.end
    ),
)
def committee_election_approved(orgs: QuerySet, period: Period) -> Values:
    committees = union_committees(orgs, period.end)
    approved = set(
        Committee.objects.filter(
            pk__in=[c.pk for c in committees.values()], elections__approved_on__lte=period.end
        ).values_list("pk", flat=True)
    )
    return {org: c.pk in approved for org, c in committees.items()}
