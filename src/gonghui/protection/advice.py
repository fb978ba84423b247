"""Advisory checks of labor protection: hazards still open after their rectification deadline."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.advice import Advice, advice
from gonghui.core.metrics import per_org
from gonghui.protection.models import Inspection


@advice
def overdue_hazards(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    overdue = Inspection.objects.filter(
        rectification_required=True, rectified_on__isnull=True, rectify_by__lt=day
    )
    counts = per_org(overdue, orgs)
    if not counts:
        return {}
    oldest = per_org(overdue, orgs, Min("rectify_by"))
    url = reverse("records:list", kwargs={"rt": "inspections"})
    return {
        pk: [
            Advice(
                _(
                    "%(count)s hazard(s) found in inspections are still open past their rectification "
                    "deadline (the oldest since %(day)s)."
                )
                % {"count": n, "day": oldest[pk]},
                "danger",
                f"{url}?org={pk}&rectification_required=true",
            )
        ]
        for pk, n in counts.items()
    }
