"""Valid activity and facility records inside a given union, for the scoping tests and this app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.activities.models import Activity, ActivityKind, Facility, FacilityKind, Occasion
from gonghui.orgs.models import Organization


def make_activity(union: Organization, **kw: Any) -> Activity:
    kw.setdefault("title", f"{union.name}五一拔河比赛")
    kw.setdefault("occasion", Occasion.LABOUR_DAY)
    kw.setdefault("kind", ActivityKind.SPORTS)
    kw.setdefault("held_on", dt.date(2025, 4, 30))
    kw.setdefault("participant_count", 40)
    return Activity.objects.create(organization=union, **kw)


def make_facility(union: Organization, **kw: Any) -> Facility:
    kw.setdefault("name", f"{union.name}职工活动室")
    kw.setdefault("kind", FacilityKind.ACTIVITY_ROOM)
    kw.setdefault("acquired_on", dt.date(2024, 5, 1))
    return Facility.objects.create(organization=union, **kw)


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "activities": make_activity,
    "facilities": make_facility,
}
