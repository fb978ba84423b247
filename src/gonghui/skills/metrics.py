"""Metrics of competitions, training and learning incentives."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, records_in
from gonghui.skills.models import Competition, LearningIncentive, Training

CENT = Decimal("0.01")


def _running(period: Period) -> Q:
    """Held during the period: started by its end and not ended before its start."""
    return Q(started_on__lte=period.end) & (
        Q(ended_on__gte=period.start) | Q(ended_on__isnull=True, started_on__gte=period.start)
    )


def _paid(period: Period) -> Q:
    return Q(awarded_on__gte=period.start, awarded_on__lte=period.end)


@metric(
    "competition_count",
    label=_("Competitions and contests"),
    kind=Kind.COUNT,
    description=_(
        "Competitions, contests and drills held or joined during the period, external ones included."
    ),
    evidence=lambda org, period: records_in(Competition, org).filter(_running(period)),
)
def competition_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(Competition.objects.filter(_running(period)), orgs)


@metric(
    "competition_participants",
    label=_("Competition participants"),
    kind=Kind.COUNT,
    description=_(
        "Participants of the period's competitions, added up over the competitions (person-times)."
    ),
    evidence=lambda org, period: records_in(Competition, org).filter(_running(period)),
)
def competition_participants(orgs: QuerySet, period: Period) -> Values:
    return per_org(Competition.objects.filter(_running(period)), orgs, Coalesce(Sum("participant_count"), 0))


@metric(
    "training_sessions",
    label=_("Training sessions"),
    kind=Kind.COUNT,
    description=_("Training courses held during the period."),
    evidence=lambda org, period: records_in(Training, org).filter(_running(period)),
)
def training_sessions(orgs: QuerySet, period: Period) -> Values:
    return per_org(Training.objects.filter(_running(period)), orgs)


@metric(
    "trainees",
    label=_("Trainees"),
    kind=Kind.COUNT,
    description=_("Attendees of the period's training, added up over the courses (person-times)."),
    evidence=lambda org, period: records_in(Training, org).filter(_running(period)),
)
def trainees(orgs: QuerySet, period: Period) -> Values:
    return per_org(Training.objects.filter(_running(period)), orgs, Coalesce(Sum("attendee_count"), 0))


@metric(
    "learning_incentive_amount",
    label=_("Learning incentives paid"),
    kind=Kind.AMOUNT,
    description=_(
        "Bonuses for degrees earned while working, paid during the period (union and employer shares)."
    ),
    evidence=lambda org, period: records_in(LearningIncentive, org).filter(_paid(period)),
)
def learning_incentive_amount(orgs: QuerySet, period: Period) -> Values:
    sums = per_org(LearningIncentive.objects.filter(_paid(period)), orgs, Sum("amount"))
    return {pk: Decimal(v or 0).quantize(CENT) for pk, v in sums.items()}
