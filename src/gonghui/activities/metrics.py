"""Metrics of activities and of the workers' home (职工之家) facilities."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.activities.models import FESTIVALS, Activity, ActivitySignup, Facility
from gonghui.core.metrics import Kind, Period, Values, metric, per_org, records_in

CENT = Decimal("0.01")


def _held(period: Period) -> Q:
    return Q(held_on__gte=period.start, held_on__lte=period.end)


def _standing(period: Period) -> Q:
    """Facilities built or acquired by the end of the period (or of unknown date)."""
    return Q(acquired_on__isnull=True) | Q(acquired_on__lte=period.end)


@metric(
    "activity_count",
    label=_("Activities"),
    kind=Kind.COUNT,
    description=_("Festival, sports and culture activities held during the period."),
    evidence=lambda org, period: records_in(Activity, org).filter(_held(period)),
)
def activity_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(Activity.objects.filter(_held(period)), orgs)


@metric(
    "activity_participants",
    label=_("Activity participants"),
    kind=Kind.COUNT,
    description=_(
        "Participants of the period's activities, added up over the activities (person-times); an activity "
        "with online sign-up and no participant number entered counts its sign-ups."
    ),
    evidence=lambda org, period: records_in(Activity, org).filter(_held(period)),
)
def activity_participants(orgs: QuerySet, period: Period) -> Values:
    entered = per_org(Activity.objects.filter(_held(period)), orgs, Sum("participant_count"))
    signed_up = per_org(
        ActivitySignup.objects.filter(
            activity__held_on__gte=period.start,
            activity__held_on__lte=period.end,
            activity__signup_open=True,
            activity__participant_count=0,
        ),
        orgs,
    )
    return {pk: (entered.get(pk) or 0) + signed_up.get(pk, 0) for pk in entered.keys() | signed_up.keys()}


@metric(
    "festival_activity_count",
    label=_("Festival activities"),
    kind=Kind.COUNT,
    description=_(
        "Activities held for a festival (元旦, 春节, 元宵, 三八, 五一, 五四, 端午, 七一, 中秋, 国庆, 重阳) "
        "during the period."
    ),
    evidence=lambda org, period: records_in(Activity, org).filter(_held(period), occasion__in=FESTIVALS),
)
def festival_activity_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(Activity.objects.filter(_held(period), occasion__in=FESTIVALS), orgs)


@metric(
    "activity_cost",
    label=_("Cost of activities"),
    kind=Kind.AMOUNT,
    description=_("What the period's activities cost, added up over the activities whose cost is entered."),
    evidence=lambda org, period: records_in(Activity, org).filter(_held(period), cost__isnull=False),
)
def activity_cost(orgs: QuerySet, period: Period) -> Values:
    costs = per_org(Activity.objects.filter(_held(period), cost__isnull=False), orgs, Sum("cost"))
    return {pk: Decimal(v).quantize(CENT) for pk, v in costs.items()}


@metric(
    "facility_count",
    label=_("Workers' home facilities"),
    kind=Kind.COUNT,
    description=_(
        "Venues and equipment of the workers' home in place at the end of the period (entries, not pieces)."
    ),
    evidence=lambda org, period: records_in(Facility, org).filter(_standing(period)),
)
def facility_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(Facility.objects.filter(_standing(period)), orgs)
