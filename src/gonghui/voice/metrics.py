"""Metrics of members' voice: suggestions and their adoption, activists, satisfaction with the union."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, rate, records_in
from gonghui.orgs.metrics import EMPLOYEES_ENTRY, EMPLOYEES_TOO_LOW, employees
from gonghui.voice.models import Activist, SatisfactionSurvey, Suggestion


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _suggestions(period: Period) -> QuerySet:
    return Suggestion.objects.filter(_in(period, "submitted_on"))


def _activists(period: Period) -> QuerySet:
    return Activist.objects.filter(year=period.end.year)


@metric(
    "suggestion_count",
    label=_("Rationalization suggestions"),
    kind=Kind.COUNT,
    description=_("Rationalization suggestions submitted during the period."),
    evidence=lambda org, period: records_in(Suggestion, org).filter(_in(period, "submitted_on")),
)
def suggestion_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_suggestions(period), orgs)


@metric(
    "suggestion_adoption_rate",
    unknown=_("no suggestion was submitted"),
    label=_("Suggestion adoption rate"),
    kind=Kind.RATE,
    description=_("Of the suggestions submitted during the period, the share adopted (standards ask 70%)."),
    evidence=lambda org, period: records_in(Suggestion, org).filter(_in(period, "submitted_on")),
)
def suggestion_adoption_rate(orgs: QuerySet, period: Period) -> Values:
    submitted = _suggestions(period)
    return rate(per_org(submitted.filter(adopted=True), orgs), per_org(submitted, orgs))


@metric(
    "activist_count",
    label=_("Activists"),
    kind=Kind.COUNT,
    description=_("Union activists on the roster of the period's year."),
    evidence=lambda org, period: records_in(Activist, org).filter(year=period.end.year),
)
def activist_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_activists(period), orgs)


@metric(
    "activist_rate",
    unknown=_("the number of employees is not entered"),
    entered_at=EMPLOYEES_ENTRY,
    too_high=EMPLOYEES_TOO_LOW,
    label=_("Activists' share of staff"),
    kind=Kind.RATE,
    description=_("Activists of the year as a share of the employer's employees (standards ask 25%)."),
    evidence=lambda org, period: records_in(Activist, org).filter(year=period.end.year),
)
def activist_rate(orgs: QuerySet, period: Period) -> Values:
    return rate(per_org(_activists(period), orgs), employees(orgs, period))


@metric(
    "satisfaction_rate",
    unknown=_("no satisfaction survey was held"),
    label=_("Members' satisfaction"),
    kind=Kind.RATE,
    description=_(
        "Satisfied and basically satisfied as a share of the forms returned in the period's evaluations "
        "of the union (会员评家; standards ask 80–85%)."
    ),
    evidence=lambda org, period: records_in(SatisfactionSurvey, org).filter(_in(period, "held_on")),
)
def satisfaction_rate(orgs: QuerySet, period: Period) -> Values:
    rounds = SatisfactionSurvey.objects.filter(_in(period, "held_on"))
    content = per_org(rounds, orgs, Sum(F("satisfied") + F("basically_satisfied")))
    return rate(content, per_org(rounds, orgs, Sum("forms_returned")))
