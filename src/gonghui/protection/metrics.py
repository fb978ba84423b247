"""Metrics of labor protection and mediation: inspectors, inspections, hazards, 安康杯, mediation cases."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, rate, records_in
from gonghui.protection.models import AnkangCup, Inspection, LaborInspector, MediationCase, MediationOutcome


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
