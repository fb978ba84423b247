"""Metrics of honours: how many were awarded in the period, and the highest level among them."""

from __future__ import annotations

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, records_in
from gonghui.honours.models import Honour, HonourLevel


def _awarded(period: Period) -> Q:
    return Q(awarded_on__gte=period.start, awarded_on__lte=period.end)


@metric(
    "honours_count",
    label=_("Honours"),
    kind=Kind.COUNT,
    description=_("Honours awarded during the period to the union, its groups and its members."),
    evidence=lambda org, period: records_in(Honour, org).filter(_awarded(period)),
)
def honours_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(Honour.objects.filter(_awarded(period)), orgs)


# The value is the level's rank (6 国家级 … 1 系统内/行业内, 0 none): a number an assessment can
# compare ("省级 or higher" is ≥ 5); ``labels`` names it wherever it is shown.
@metric(
    "highest_honour_level",
    label=_("Highest honour"),
    kind=Kind.NUMBER,
    description=_(
        "The highest level among the honours awarded during the period "
        "(6 national, 5 provincial, 4 city, 3 county, 2 township, 1 system or industry, 0 none)."
    ),
    evidence=lambda org, period: records_in(Honour, org).filter(_awarded(period)).order_by("-level"),
    labels={0: _("None"), **dict(HonourLevel.choices)},
)
def highest_honour_level(orgs: QuerySet, period: Period) -> Values:
    return per_org(Honour.objects.filter(_awarded(period)), orgs, Max("level"))
