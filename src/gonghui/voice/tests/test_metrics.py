"""Metrics and advice of members' voice: adoption, activists' share of staff, satisfaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings

from gonghui.core.advice import advice_for, advice_of
from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import EmployerYear, Organization
from gonghui.voice.tests.factories import make_activist, make_suggestion, make_survey

YEAR = Period.year(2025)
NAMES = [
    "suggestion_count",
    "suggestion_adoption_rate",
    "activist_count",
    "activist_rate",
    "satisfaction_rate",
]


def _values(tree: Any) -> dict[str, dict[int, Any]]:
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )
    return compute(orgs, YEAR, NAMES)


def _staff(org: Any, employees: int, year: int = 2025) -> None:
    EmployerYear.objects.create(
        organization=org, year=year, employer_name=f"{org.name}单位", employees=employees
    )


def test_suggestions_and_their_adoption_rate(tree: Any) -> None:
    for adopted in (True, True, True, False):
        make_suggestion(tree.union_a, adopted=adopted)
    make_suggestion(tree.union_a, submitted_on=dt.date(2024, 6, 1))
    v = _values(tree)
    assert v["suggestion_count"][tree.union_a.pk] == 4
    assert str(v["suggestion_adoption_rate"][tree.union_a.pk]) == "75.00"
    assert v["suggestion_adoption_rate"][tree.union_b.pk] is None


def test_activists_share_of_the_employers_staff(tree: Any) -> None:
    _staff(tree.union_a, 40)
    _staff(tree.union_a, 999, year=2024)
    for i in range(8):
        make_activist(tree.union_a, name=f"积极分子{i}")
    make_activist(tree.group_a1, name="小组积极分子")
    make_activist(tree.union_a, name="去年的", year=2024)
    make_activist(tree.union_b)  # union B has no employer facts: no rate
    v = _values(tree)
    assert v["activist_count"][tree.union_a.pk] == 9
    assert str(v["activist_rate"][tree.union_a.pk]) == "22.50"
    assert v["activist_count"][tree.union_b.pk] == 1 and v["activist_rate"][tree.union_b.pk] is None
    evidence = registry.get("activist_count").evidence(tree.union_a, YEAR)
    assert evidence.count() == 9


def test_satisfaction_is_satisfied_and_basically_satisfied_over_forms_returned(tree: Any) -> None:
    make_survey(tree.union_a, forms_returned=90, satisfied=70, basically_satisfied=15)  # 85 of 90
    make_survey(
        tree.group_a1,
        title="小组评家",
        forms_issued=10,
        forms_returned=10,
        satisfied=5,
        basically_satisfied=0,
    )
    make_survey(tree.union_a, title="去年", held_on=dt.date(2024, 11, 1), satisfied=0, basically_satisfied=0)
    v = _values(tree)
    assert str(v["satisfaction_rate"][tree.union_a.pk]) == "90.00"  # (85 + 5) / (90 + 10)
    assert v["satisfaction_rate"][tree.union_c.pk] is None


def _voice_advice(org: Any, day: dt.date) -> list[str]:
    return [
        a.message
        for a in advice_of(org, day)
        if "/suggestions/" in a.url or "/activists/" in a.url or "/satisfaction-surveys/" in a.url
    ]


def test_advice_below_the_standards(tree: Any) -> None:
    _staff(tree.union_a, 100)
    for adopted in (True, False, False):
        make_suggestion(tree.union_a, adopted=adopted)
    make_activist(tree.union_a)
    make_survey(tree.union_a, forms_returned=100, satisfied=50, basically_satisfied=20)
    messages = _voice_advice(tree.union_a, dt.date(2025, 12, 1))
    assert len(messages) == 3
    assert any("合理化建议采纳率仅为33.33%" in m for m in messages)
    assert any("满意率为70.00%" in m for m in messages)
    assert any("积极分子占职工总数的1.00%" in m for m in messages)


def test_no_advice_when_the_standards_are_met_or_nothing_is_known(tree: Any) -> None:
    _staff(tree.union_a, 20)
    make_suggestion(tree.union_a, adopted=True)
    for i in range(5):
        make_activist(tree.union_a, name=f"积极分子{i}")
    make_survey(tree.union_a, forms_returned=90, satisfied=70, basically_satisfied=15)
    assert _voice_advice(tree.union_a, dt.date(2025, 12, 1)) == []
    assert _voice_advice(tree.union_c, dt.date(2025, 12, 1)) == []  # nothing recorded: nothing to say
    # Federations get their unions' advice on the unions, not on themselves.
    found = advice_for(Organization.objects.filter(pk=tree.city.pk), dt.date(2025, 12, 1))
    assert not [a for a in found.get(tree.city.pk, []) if "/suggestions/" in a.url]


@override_settings(GONGHUI_THRESHOLDS={"suggestion_adoption_min": 90})
def test_the_threshold_is_configurable(tree: Any) -> None:
    make_suggestion(tree.union_a, adopted=True)
    for _ in range(4):
        make_suggestion(tree.union_a, adopted=True)
    make_suggestion(tree.union_a, adopted=False)
    messages = _voice_advice(tree.union_a, dt.date(2025, 12, 1))
    assert any("83.33%" in m and "90%" in m for m in messages)
