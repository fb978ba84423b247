"""Valid protection records inside a given union, for the scoping tests and this app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.orgs.models import Organization
from gonghui.protection.models import (
    Accident,
    AnkangCup,
    HazardLevel,
    Inspection,
    InspectorLevel,
    LaborInspector,
    MediationCase,
    MediationOutcome,
)


def make_inspector(union: Organization, **kw: Any) -> LaborInspector:
    kw.setdefault("name", f"{union.name}检查员")
    kw.setdefault("level", InspectorLevel.UNIT)
    kw.setdefault("unit", f"{union.name}生产科")
    kw.setdefault("appointed_on", dt.date(2025, 1, 10))
    return LaborInspector.objects.create(organization=union, **kw)


def make_inspection(union: Organization, **kw: Any) -> Inspection:
    kw.setdefault("inspected_on", dt.date(2025, 4, 1))
    kw.setdefault("place", f"{union.name}配电房")
    kw.setdefault("hazard_level", HazardLevel.GENERAL)
    kw.setdefault("rectification_required", True)
    kw.setdefault("rectify_by", kw["inspected_on"] + dt.timedelta(days=30))
    return Inspection.objects.create(organization=union, **kw)


def make_ankang_cup(union: Organization, **kw: Any) -> AnkangCup:
    kw.setdefault("year", 2025 - AnkangCup.objects.filter(organization=union).count())
    kw.setdefault("teams", 5)
    kw.setdefault("participants", 80)
    return AnkangCup.objects.create(organization=union, **kw)


def make_mediation_case(union: Organization, **kw: Any) -> MediationCase:
    kw.setdefault("title", f"{union.name}加班费争议")
    kw.setdefault("applicant", "张某")
    kw.setdefault("respondent", f"{union.name}所在单位")
    kw.setdefault("kind", "pay")
    kw.setdefault("received_on", dt.date(2025, 3, 1))
    if kw.get("outcome", MediationOutcome.PENDING) != MediationOutcome.PENDING:
        kw.setdefault("closed_on", kw["received_on"] + dt.timedelta(days=20))
    return MediationCase.objects.create(organization=union, **kw)


def make_accident(union: Organization, **kw: Any) -> Accident:
    kw.setdefault("occurred_on", dt.date(2025, 5, 10))
    kw.setdefault("place", f"{union.name}装配车间")
    kw.setdefault("serious_injuries", 1)
    kw.setdefault("minor_injuries", 2)
    kw.setdefault("cause", "设备防护罩缺失")
    return Accident.objects.create(organization=union, **kw)


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "labor-inspectors": make_inspector,
    "inspections": make_inspection,
    "ankang-cup": make_ankang_cup,
    "mediation-cases": make_mediation_case,
    "accidents": make_accident,
}
