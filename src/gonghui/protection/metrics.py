"""Metrics of labor protection and mediation: inspectors, inspections, hazards, 安康杯, mediation cases."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, rate, records_in
from gonghui.protection.models import (
    Accident,
    AnkangCup,
    Inspection,
    LaborInspector,
    MediationCase,
    MediationOutcome,
)


def _serving(period: Period) -> Q:
    """Inspectors appointed by the end of the period (or of unknown date) and not gone by then."""
    end = period.end
    return (Q(appointed_on__isnull=True) | Q(appointed_on__lte=end)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=end)
    )


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _rectification_due(period: Period) -> Q:
    return _in(period, "inspected_on") & Q(rectification_required=True)


def _closed(period: Period) -> Q:
    return _in(period, "closed_on") & ~Q(outcome=MediationOutcome.PENDING)


@metric(
    "labor_inspector_count",
    label=_("Labor-protection inspectors"),
    kind=Kind.COUNT,
    description=_("Inspectors of all three levels serving at the end of the period."),
    evidence=lambda org, period: records_in(LaborInspector, org).filter(_serving(period)),
)
def labor_inspector_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(LaborInspector.objects.filter(_serving(period)), orgs)


@metric(
    "inspection_count",
    label=_("Labor-protection inspections"),
    kind=Kind.COUNT,
    description=_("Inspections carried out during the period."),
    evidence=lambda org, period: records_in(Inspection, org).filter(_in(period, "inspected_on")),
)
def inspection_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(Inspection.objects.filter(_in(period, "inspected_on")), orgs)


@metric(
    "hazards_rectified_rate",
    unknown=_("no hazard was due for rectification"),
    label=_("Hazards rectified"),
    kind=Kind.RATE,
    description=_(
        "Of the period's inspections that required rectification, the share closed by the end of the period."
    ),
    evidence=lambda org, period: records_in(Inspection, org).filter(_rectification_due(period)),
)
def hazards_rectified_rate(orgs: QuerySet, period: Period) -> Values:
    due = Inspection.objects.filter(_rectification_due(period))
    closed = due.filter(rectified_on__lte=period.end)
    return rate(per_org(closed, orgs), per_org(due, orgs))


@metric(
    "ankang_cup_joined",
    label=_("Took part in the Ankang Cup"),
    kind=Kind.BOOL,
    description=_(
        "The union (or a unit under it) took part in the “安康杯” competition in the period's year."
    ),
    evidence=lambda org, period: records_in(AnkangCup, org).filter(year=period.end.year),
)
def ankang_cup_joined(orgs: QuerySet, period: Period) -> Values:
    counts = per_org(AnkangCup.objects.filter(year=period.end.year), orgs)
    return {pk: n > 0 for pk, n in counts.items()}


@metric(
    "mediation_cases",
    label=_("Mediation cases"),
    kind=Kind.COUNT,
    description=_("Labor-dispute cases received by the mediation committee during the period."),
    evidence=lambda org, period: records_in(MediationCase, org).filter(_in(period, "received_on")),
)
def mediation_cases(orgs: QuerySet, period: Period) -> Values:
    return per_org(MediationCase.objects.filter(_in(period, "received_on")), orgs)


@metric(
    "mediation_success_rate",
    unknown=_("no mediation case was closed"),
    label=_("Mediation success rate"),
    kind=Kind.RATE,
    description=_("Of the cases closed during the period, the share settled by mediation."),
    evidence=lambda org, period: records_in(MediationCase, org).filter(_closed(period)),
)
def mediation_success_rate(orgs: QuerySet, period: Period) -> Values:
    closed = MediationCase.objects.filter(_closed(period))
    settled = closed.filter(outcome=MediationOutcome.MEDIATED)
    return rate(per_org(settled, orgs), per_org(closed, orgs))


# Accidents and collective disputes: counted over any period, so a look-back of several years is
# a longer period (``gonghui metrics CODE --from 2023-01-01 --to 2025-12-31``).
def _accidents(period: Period) -> QuerySet:
    return Accident.objects.filter(_in(period, "occurred_on"))


def _accident_evidence(org: object, period: Period) -> QuerySet:
    return records_in(Accident, org).filter(_in(period, "occurred_on"))


@metric(
    "accident_count",
    label=_("Work accidents"),
    kind=Kind.COUNT,
    description=_("Work accidents that occurred during the period."),
    evidence=_accident_evidence,
)
def accident_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_accidents(period), orgs)


@metric(
    "accident_deaths",
    label=_("Deaths in work accidents"),
    kind=Kind.COUNT,
    description=_("People killed in the period's work accidents."),
    evidence=_accident_evidence,
)
def accident_deaths(orgs: QuerySet, period: Period) -> Values:
    return per_org(_accidents(period), orgs, Sum("deaths"))


@metric(
    "accident_injuries",
    label=_("Injured in work accidents"),
    kind=Kind.COUNT,
    description=_("People seriously or slightly injured in the period's work accidents."),
    evidence=_accident_evidence,
)
def accident_injuries(orgs: QuerySet, period: Period) -> Values:
    return per_org(_accidents(period), orgs, Sum(F("serious_injuries") + F("minor_injuries")))


def _collective(period: Period) -> QuerySet:
    return MediationCase.objects.filter(_in(period, "received_on"), collective_dispute=True)


@metric(
    "collective_disputes",
    label=_("Collective labor disputes"),
    kind=Kind.COUNT,
    description=_("Collective labor disputes (three or more workers) received during the period."),
    evidence=lambda org, period: records_in(MediationCase, org).filter(
        _in(period, "received_on"), collective_dispute=True
    ),
)
def collective_disputes(orgs: QuerySet, period: Period) -> Values:
    return per_org(_collective(period), orgs)


@metric(
    "collective_dispute_workers",
    label=_("Workers in collective disputes"),
    kind=Kind.COUNT,
    description=_("Workers involved in the collective labor disputes received during the period."),
    evidence=lambda org, period: records_in(MediationCase, org).filter(
        _in(period, "received_on"), collective_dispute=True
    ),
)
def collective_dispute_workers(orgs: QuerySet, period: Period) -> Values:
    return per_org(_collective(period), orgs, Sum("workers_involved"))
