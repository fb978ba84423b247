"""Metrics and advice of labor protection and mediation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.core.advice import advice_for, advice_of
from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import Organization
from gonghui.protection.models import HazardLevel, InspectorLevel, MediationOutcome
from gonghui.protection.tests.factories import (
    make_ankang_cup,
    make_inspection,
    make_inspector,
    make_mediation_case,
)

YEAR = Period.year(2025)


def _orgs(tree: Any) -> Any:
    return Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )


def test_inspectors_serving_at_the_end_of_the_year(tree: Any) -> None:
    make_inspector(tree.union_a, level=InspectorLevel.COMMITTEE)
    make_inspector(tree.union_a, level=InspectorLevel.TEAM, team=tree.group_a1)
    make_inspector(tree.union_a, level=InspectorLevel.TEAM, team=tree.group_a2, appointed_on=None)
    make_inspector(tree.union_a, name="已离任", left_on=dt.date(2025, 6, 30))
    make_inspector(tree.union_a, name="明年任命", appointed_on=dt.date(2026, 1, 5))
    make_inspector(tree.union_b)
    v = compute(_orgs(tree), YEAR, ["labor_inspector_count"])["labor_inspector_count"]
    assert v == {tree.city.pk: 3, tree.union_a.pk: 3, tree.union_b.pk: 1, tree.union_c.pk: 0}
    evidence = registry.get("labor_inspector_count").evidence(tree.union_a, YEAR)
    assert "已离任" not in {i.name for i in evidence} and evidence.count() == 3


def test_inspections_and_the_share_of_hazards_rectified(tree: Any) -> None:
    make_inspection(tree.union_a, rectified_on=dt.date(2025, 4, 20))
    make_inspection(tree.union_a, inspected_on=dt.date(2025, 11, 1))  # still open at the year's end
    make_inspection(
        tree.union_a, hazard_level=HazardLevel.NONE, rectification_required=False, rectify_by=None
    )
    make_inspection(
        tree.union_a, inspected_on=dt.date(2025, 12, 1), rectified_on=dt.date(2026, 1, 10)
    )  # closed only next year
    make_inspection(
        tree.union_b, hazard_level=HazardLevel.NONE, rectification_required=False, rectify_by=None
    )
    v = compute(_orgs(tree), YEAR, ["inspection_count", "hazards_rectified_rate"])
    assert v["inspection_count"][tree.union_a.pk] == 4
    assert str(v["hazards_rectified_rate"][tree.union_a.pk]) == "33.33"
    assert v["hazards_rectified_rate"][tree.union_b.pk] is None  # no hazard to rectify: no rate
    assert v["inspection_count"][tree.union_c.pk] == 0


def test_ankang_cup_joined_in_the_year(tree: Any) -> None:
    make_ankang_cup(tree.union_a, year=2025)
    make_ankang_cup(tree.union_b, year=2024)
    v = compute(_orgs(tree), YEAR, ["ankang_cup_joined"])["ankang_cup_joined"]
    assert v == {tree.city.pk: True, tree.union_a.pk: True, tree.union_b.pk: False, tree.union_c.pk: False}


def test_mediation_cases_and_success_rate(tree: Any) -> None:
    make_mediation_case(tree.union_a, outcome=MediationOutcome.MEDIATED)
    make_mediation_case(tree.union_a, outcome=MediationOutcome.MEDIATED)
    make_mediation_case(tree.union_a, outcome=MediationOutcome.ARBITRATION)
    make_mediation_case(tree.union_a, outcome=MediationOutcome.WITHDRAWN)
    make_mediation_case(tree.union_a)  # still being mediated
    make_mediation_case(
        tree.union_a, received_on=dt.date(2024, 12, 1), closed_on=dt.date(2024, 12, 20), outcome="mediated"
    )
    v = compute(_orgs(tree), YEAR, ["mediation_cases", "mediation_success_rate"])
    assert v["mediation_cases"][tree.union_a.pk] == 5
    assert str(v["mediation_success_rate"][tree.union_a.pk]) == "50.00"
    assert v["mediation_success_rate"][tree.union_b.pk] is None


def test_advice_names_hazards_open_past_their_deadline(tree: Any) -> None:
    make_inspection(tree.union_a, inspected_on=dt.date(2025, 3, 1), rectify_by=dt.date(2025, 3, 31))
    make_inspection(tree.union_a, inspected_on=dt.date(2025, 5, 1), rectify_by=dt.date(2025, 5, 31))
    make_inspection(
        tree.union_a,
        inspected_on=dt.date(2025, 5, 1),
        rectify_by=dt.date(2025, 5, 31),
        rectified_on=dt.date(2025, 5, 20),
    )
    make_inspection(tree.union_b, inspected_on=dt.date(2025, 6, 1), rectify_by=dt.date(2025, 12, 31))
    found = advice_of(tree.union_a, dt.date(2025, 6, 15))
    hazards = [a for a in found if "整改期限" in a.message]
    assert len(hazards) == 1 and hazards[0].level == "danger"
    assert "2项" in hazards[0].message and "2025-03-31" in hazards[0].message
    assert f"org={tree.union_a.pk}" in hazards[0].url
    # Not yet due in union B; nothing in union C.
    orgs = Organization.objects.filter(pk__in=[tree.union_b.pk, tree.union_c.pk])
    assert not [
        a
        for items in advice_for(orgs, dt.date(2025, 6, 15)).values()
        for a in items
        if "整改期限" in a.message
    ]
