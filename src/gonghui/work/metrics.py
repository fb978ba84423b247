"""Metrics of the union's own work: meetings and visits, plan items, publicity."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import (
    Kind,
    Period,
    Values,
    evidence_in,
    metric,
    per_org,
    per_org_each,
    rate,
    records_in,
)
from gonghui.work.models import (
    ItemStatus,
    MeetingKind,
    PlanItem,
    PublicityItem,
    PublicityKind,
    PublicityStatus,
    WorkMeeting,
)


def _held(period: Period) -> Q:
    return Q(held_on__gte=period.start, held_on__lte=period.end)


def _published(period: Period) -> Q:
    return Q(published_on__gte=period.start, published_on__lte=period.end)


def _due(period: Period) -> Q:
    """Items due in the period: by their due date, or without one at the end of their plan's year."""
    year_ends = [y for y in range(period.start.year, period.end.year + 1) if dt.date(y, 12, 31) <= period.end]
    return Q(due_on__gte=period.start, due_on__lte=period.end) | Q(
        due_on__isnull=True, plan__year__in=year_ends
    )


def _committee(period: Period) -> Q:
    return _held(period) & Q(kind=MeetingKind.COMMITTEE)


@metric(
    "work_meeting_count",
    label=_("Union meetings and visits"),
    kind=Kind.COUNT,
    description=_(
        "Meetings the union held and its visits to employers during the period, with those below it."
    ),
    evidence=lambda org, period: records_in(WorkMeeting, org).filter(_held(period)),
)
def work_meeting_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(WorkMeeting.objects.filter(_held(period)), orgs)


@metric(
    "committee_meeting_count",
    label=_("Union committee meetings"),
    kind=Kind.COUNT,
    description=_("Union committee meetings held during the period, with those of the unions below it."),
    evidence=lambda org, period: records_in(WorkMeeting, org).filter(_committee(period)),
)
def committee_meeting_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(WorkMeeting.objects.filter(_committee(period)), orgs)


@metric(
    "committee_meeting_quarters",
    label=_("Quarters with a committee meeting"),
    kind=Kind.COUNT,
    description=_(
        "Quarters of the period in which the union's own committee met at least once (the standard asks "
        "for one meeting a quarter): the meetings of the unions below it are theirs, not its own."
    ),
    evidence=lambda org, period: WorkMeeting.objects.filter(_committee(period), organization=org),
)
def committee_meeting_quarters(orgs: QuerySet, period: Period) -> Values:
    # The union's own meetings only: a federation's quarters are those its own committee met in,
    # and merging the quarters of every union below would let any one of them fill the gap.
    ids = orgs.values("pk") if isinstance(orgs, QuerySet) else [o.pk for o in orgs]
    quarter = ExtractYear("held_on") * 10 + ExtractQuarter("held_on")  # a quarter of one year
    rows = (
        WorkMeeting.objects.filter(_committee(period), organization__in=ids)
        .order_by()
        .values("organization")
        .annotate(n=Count(quarter, distinct=True))
        .values_list("organization", "n")
    )
    return dict(rows)


@metric(
    "employer_visits",
    label=_("Visits to employers"),
    kind=Kind.COUNT,
    description=_("Visits and surveys the union made at employers during the period, with those below it."),
    evidence=lambda org, period: records_in(WorkMeeting, org).filter(_held(period), kind=MeetingKind.VISIT),
)
def employer_visits(orgs: QuerySet, period: Period) -> Values:
    return per_org(WorkMeeting.objects.filter(_held(period), kind=MeetingKind.VISIT), orgs)


def _items_due(period: Period) -> QuerySet:
    return PlanItem.objects.filter(_due(period)).exclude(status=ItemStatus.CANCELLED)


@metric(
    "plan_items_count",
    label=_("Work plan items due"),
    kind=Kind.COUNT,
    description=_(
        "Items of the work plans due during the period (an item without a due date is due at the end "
        "of its plan's year), cancelled items left out."
    ),
    evidence=evidence_in(_items_due),
)
def plan_items_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_items_due(period), orgs)


@metric(
    "plan_items_done_rate",
    label=_("Work plan completion rate"),
    kind=Kind.RATE,
    description=_("Items due during the period that are done, out of all due (cancelled items left out)."),
    evidence=lambda org, period: records_in(PlanItem, org).filter(_due(period), status=ItemStatus.DONE),
    unknown=_("no work plan item is due in the period"),
)
def plan_items_done_rate(orgs: QuerySet, period: Period) -> Values:
    v = per_org_each(
        _items_due(period), orgs, {"due": Count("pk"), "done": Count("pk", filter=Q(status=ItemStatus.DONE))}
    )
    return rate(v["done"], v["due"])


@metric(
    "publicity_submitted",
    label=_("Publicity and information pieces"),
    kind=Kind.COUNT,
    description=_("Reports, legal education and information the union put out or sent up during the period."),
    evidence=lambda org, period: records_in(PublicityItem, org).filter(_published(period)),
)
def publicity_submitted(orgs: QuerySet, period: Period) -> Values:
    return per_org(PublicityItem.objects.filter(_published(period)), orgs)


@metric(
    "publicity_published",
    label=_("Pieces adopted or published"),
    kind=Kind.COUNT,
    description=_("Pieces of the period that a paper, station, site or higher union took or ran."),
    evidence=lambda org, period: records_in(PublicityItem, org).filter(
        _published(period), status=PublicityStatus.PUBLISHED
    ),
)
def publicity_published(orgs: QuerySet, period: Period) -> Values:
    return per_org(PublicityItem.objects.filter(_published(period), status=PublicityStatus.PUBLISHED), orgs)


@metric(
    "legal_education_count",
    label=_("Legal education activities"),
    kind=Kind.COUNT,
    description=_("Legal education (普法宣传) the union carried out during the period."),
    evidence=lambda org, period: records_in(PublicityItem, org).filter(
        _published(period), kind=PublicityKind.LEGAL
    ),
)
def legal_education_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(PublicityItem.objects.filter(_published(period), kind=PublicityKind.LEGAL), orgs)
