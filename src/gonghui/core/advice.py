"""Advisory checks (提醒): rules of DOMAIN.md shown to a union as warnings, never as errors.

An app declares checks in ``<app>/advice.py`` with ``@advice``: a function of (a set of
organizations, a day) → {organization id: [Advice, ...]}, set-based like metrics, so a
federation's overview of many unions costs a few queries. The union's page shows them.

Two kinds of check: deadlines (a contract expiring, a task overdue) judge today; checks of a
year (``@advice(yearly=True)``: no congress, no audit, a low rate) judge the year a page shows,
as of its last day, so the home page's reminders speak of the same year as its figures. Their
messages name the period they judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core.discovery import app_modules
from gonghui.core.scope import org_model

Checker = Callable[[QuerySet, dt.date], dict[int, list["Advice"]]]


@dataclass(frozen=True)
class Advice:
    message: str
    level: str = "warning"  # info | warning | danger (Bootstrap alert colours)
    url: str = ""


_checkers: dict[Checker, bool] = {}  # check → judges a year (else: today)
_loaded = False


def advice(fn: Checker | None = None, *, yearly: bool = False) -> Any:
    """Register a check: ``@advice`` (deadlines, judged today) or ``@advice(yearly=True)``."""

    def deco(f: Checker) -> Checker:
        _checkers.setdefault(f, yearly)
        return f

    return deco(fn) if fn is not None else deco


def judged_day(day: dt.date, year: int | None) -> dt.date:
    """The day a check of a year judges: the last day of ``year`` when it is past, else ``day``."""
    return dt.date(year, 12, 31) if year is not None and year < day.year else day


def advice_for(
    orgs: QuerySet, day: dt.date | None = None, *, year: int | None = None
) -> dict[int, list[Advice]]:
    """Every check's advice for ``orgs`` on ``day`` (today by default); the checks of a year
    judge ``year`` (the year the page shows) when it is given."""
    global _loaded
    if not _loaded:
        app_modules("advice")
        _loaded = True
    day = day or timezone.localdate()
    out: dict[int, list[Advice]] = {}
    for check, yearly in _checkers.items():
        for pk, items in check(orgs, judged_day(day, year) if yearly else day).items():
            out.setdefault(pk, []).extend(items)
    return out


def advice_of(org: Any, day: dt.date | None = None, *, year: int | None = None) -> list[Advice]:
    return advice_for(org_model().objects.filter(pk=org.pk), day, year=year).get(org.pk, [])
