"""The year a page opens on when none is asked for: the latest year with data, not a future one.

One rule for every page that defaults to a year (the home page, the finance ledger, the union's
finance panel): a union whose latest records are of last year (the demo's 2025, seen in 2026)
opens on that year rather than on an empty current one.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet
from django.utils import timezone


def year_with_data(*sources: QuerySet, field: str = "year", today: dt.date | None = None) -> int:
    """The latest ``field`` (a year) among the rows of ``sources`` not after this year; else this year.

    ``sources``: the organization's rows the page shows (already narrowed to it), e.g. its
    vouchers or employer facts.
    """
    this_year = (today or timezone.localdate()).year
    found = [qs.filter(**{f"{field}__lte": this_year}).aggregate(y=Max(field))["y"] for qs in sources]
    return max((y for y in found if y is not None), default=this_year)
