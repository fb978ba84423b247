"""Reminders of care work: festival visits before 春节, public notices, insurance participation.

Set-based like the metrics (one grouped query per depth). Reminders are shown to everyone who
sees the union's page, so none is about hardship files (those are for care.hardship only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.care.metrics import _targets, mutual_insurance_rate
from gonghui.care.models import (
    AidCase,
    AidObjection,
    AidStatus,
    InsurancePlan,
    Occasion,
    Visit,
)
from gonghui.care.rules import SPRING_FESTIVAL
from gonghui.core.advice import Advice, advice
from gonghui.core.metrics import Period, per_org
from gonghui.orgs.models import OrgType

REMIND_DAYS_BEFORE = 30  # the festival visits are due in the month before 春节
SEASON_DAYS = 60  # a visit up to two months before counts as this festival's


def _list(slug: str, **params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('records:list', kwargs={'rt': slug})}?{query}"


def _units(orgs: QuerySet) -> QuerySet:
    """Unions and federations: groups do not run care work of their own."""
    return orgs.exclude(org_type=OrgType.GROUP)


def _next_festival(day: dt.date) -> dt.date | None:
    for year in (day.year, day.year + 1):
        festival = SPRING_FESTIVAL.get(year)
        if festival is not None and festival >= day:
            return festival
    return None


@advice
def festival_visits(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    festival = _next_festival(day)
    if festival is None or (festival - day).days > REMIND_DAYS_BEFORE:
        return {}
    units = _units(orgs)
    done = per_org(
        Visit.objects.filter(
            occasion=Occasion.SPRING_FESTIVAL,
            visited_on__gte=festival - dt.timedelta(days=SEASON_DAYS),
            visited_on__lte=festival,
        ),
        units,
    )
    message = _("The Spring Festival falls on %(day)s: no Spring Festival visits are recorded yet.") % {
        "day": date_format(festival)
    }
    return {
        pk: [Advice(message, "warning", f"{reverse('records:create', kwargs={'rt': 'visits'})}?org={pk}")]
        for pk in units.values_list("pk", flat=True)
        if not done.get(pk)
    }


@advice
def public_notices(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    in_notice = AidCase.objects.filter(status=AidStatus.IN_NOTICE)
    running = per_org(in_notice.filter(notice_end__gte=day), orgs)
    over = per_org(in_notice.filter(notice_end__lt=day), orgs)
    objections = per_org(
        AidObjection.objects.filter(resolved=False, aid_case__status=AidStatus.IN_NOTICE), orgs
    )
    out: dict[int, list[Advice]] = {}
    for pk in set(running) | set(over) | set(objections):
        url = _list("aid-cases", status=AidStatus.IN_NOTICE, org=pk)
        items = out.setdefault(pk, [])
        if running.get(pk):
            items.append(
                Advice(_("%(n)s aid application(s) are in public notice.") % {"n": running[pk]}, "info", url)
            )
        if over.get(pk):
            items.append(
                Advice(
                    _("%(n)s aid application(s) have ended their public notice and await a decision.")
                    % {"n": over[pk]},
                    "warning",
                    url,
                )
            )
        if objections.get(pk):
            items.append(
                Advice(
                    _("%(n)s objection(s) raised in a public notice are not resolved.")
                    % {"n": objections[pk]},
                    "warning",
                    _list("aid-objections", resolved="false", org=pk),
                )
            )
    return out


@advice
def insurance_participation(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    with_plan = per_org(InsurancePlan.objects.filter(year=day.year), orgs)
    if not with_plan:
        return {}
    planned = orgs.filter(pk__in=list(with_plan))
    rates = mutual_insurance_rate(planned, Period.year(day.year))
    targets = _targets(planned, day.year)
    out: dict[int, list[Advice]] = {}
    for pk, value in rates.items():
        if value is not None and value < targets[pk]:
            message = _(
                "Mutual medical insurance participation is %(rate)s%%, below the target of %(target)s%%."
            ) % {"rate": value, "target": targets[pk]}
            out[pk] = [Advice(message, "warning", _list("insurance-plans", year=day.year, org=pk))]
    return out
