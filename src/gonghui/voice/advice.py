"""Advisory checks of members' voice (DOMAIN.md): low adoption, low satisfaction, too few activists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.advice import Advice, advice
from gonghui.core.metrics import Period
from gonghui.voice import metrics
from gonghui.voice.rules import threshold

# Unions keep these ledgers; federations' roll-ups and union groups are not checked.
UNION_TYPES = ["grassroots", "joint", "township", "branch"]


def _list_url(slug: str, org_id: int) -> str:
    return f"{reverse('records:list', kwargs={'rt': slug})}?org={org_id}"


def _below(
    values: dict[int, Decimal | None], minimum: Decimal, slug: str, message: Callable[[Decimal], str]
) -> dict[int, list[Advice]]:
    return {
        pk: [Advice(message(value), "warning", _list_url(slug, pk))]
        for pk, value in values.items()
        if value is not None and value < minimum
    }


@advice(yearly=True)
def voice_checks(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    unions = orgs.filter(org_type__in=UNION_TYPES)
    if not unions.exists():
        return {}
    period = Period.as_of(day)
    out: dict[int, list[Advice]] = {}
    adoption_min = threshold("suggestion_adoption_min")
    satisfaction_min = threshold("satisfaction_min")
    activist_min = threshold("activist_share_min")
    checks = [
        _below(
            metrics.suggestion_adoption_rate(unions, period),
            adoption_min,
            "suggestions",
            lambda v: (
                _(
                    "Only %(rate)s%% of the rationalization suggestions of %(year)s were adopted; "
                    "standards ask at least %(min)s%%."
                )
                % {"rate": v, "min": adoption_min, "year": day.year}
            ),
        ),
        _below(
            metrics.satisfaction_rate(unions, period),
            satisfaction_min,
            "satisfaction-surveys",
            lambda v: (
                _(
                    "Members' satisfaction with the union is %(rate)s%% in %(year)s; "
                    "standards ask at least %(min)s%%."
                )
                % {"rate": v, "min": satisfaction_min, "year": day.year}
            ),
        ),
        _below(
            metrics.activist_rate(unions, period),
            activist_min,
            "activists",
            lambda v: (
                _("Activists are %(rate)s%% of the staff in %(year)s; standards ask at least %(min)s%%.")
                % {"rate": v, "min": activist_min, "year": day.year}
            ),
        ),
    ]
    for found in checks:
        for pk, items in found.items():
            out.setdefault(pk, []).extend(items)
    return out
