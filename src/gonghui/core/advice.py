"""Advisory checks (提醒): rules of DOMAIN.md shown to a union as warnings, never as errors.

An app declares checks in ``<app>/advice.py`` with ``@advice``: a function of (a set of
organizations, a day) → {organization id: [Advice, ...]}, set-based like metrics, so a
federation's overview of many unions costs a few queries. The union's page shows them.
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


_checkers: list[Checker] = []
_loaded = False


def advice(fn: Checker) -> Checker:
    if fn not in _checkers:
        _checkers.append(fn)
    return fn


def advice_for(orgs: QuerySet, day: dt.date | None = None) -> dict[int, list[Advice]]:
    """Every check's advice for ``orgs`` on ``day`` (today by default)."""
    global _loaded
    if not _loaded:
        app_modules("advice")
        _loaded = True
    day = day or timezone.localdate()
    out: dict[int, list[Advice]] = {}
    for check in _checkers:
        for pk, items in check(orgs, day).items():
            out.setdefault(pk, []).extend(items)
    return out


def advice_of(org: Any, day: dt.date | None = None) -> list[Advice]:
    return advice_for(org_model().objects.filter(pk=org.pk), day).get(org.pk, [])
