"""Metrics of competitions, training and learning incentives, with their evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import Organization
from gonghui.skills.tests.factories import make_competition, make_learning_incentive, make_training

NAMES = [
    "competition_count",
    "competition_participants",
    "training_sessions",
    "trainees",
    "learning_incentive_amount",
]


def _values(tree: Any) -> dict[str, dict[int, Any]]:
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )
    return compute(orgs, Period.year(2025), NAMES)


def test_competitions_held_during_the_year_count_with_their_participants(tree: Any) -> None:
    make_competition(tree.union_a, name="安全知识竞赛", participant_count=30)
    make_competition(tree.group_a1, name="班组岗位练兵", participant_count=8)
    # Ran over the new year: counts in 2025 as well.
    make_competition(
        tree.union_a,
        name="冬季劳动竞赛",
        started_on=dt.date(2024, 12, 1),
        ended_on=dt.date(2025, 1, 31),
        participant_count=100,
    )
    make_competition(tree.union_a, name="去年的竞赛", started_on=dt.date(2024, 5, 1), participant_count=50)
    make_competition(tree.union_a, name="明年的竞赛", started_on=dt.date(2026, 1, 5), participant_count=50)
    make_competition(tree.union_b, name="乙乡竞赛", participant_count=12)
    v = _values(tree)
    assert v["competition_count"] == {
        tree.city.pk: 3,
        tree.union_a.pk: 3,
        tree.union_b.pk: 1,
        tree.union_c.pk: 0,
    }
    assert v["competition_participants"][tree.union_a.pk] == 138
    assert v["competition_participants"][tree.union_c.pk] == 0
    evidence = registry.get("competition_count").evidence(tree.union_a, Period.year(2025))
    assert {c.name for c in evidence} == {"安全知识竞赛", "班组岗位练兵", "冬季劳动竞赛"}


def test_training_sessions_and_trainees(tree: Any) -> None:
    make_training(tree.union_a, attendee_count=49)
    make_training(tree.union_a, course="劳动保护监督检查员培训", attendee_count=62)
    make_training(tree.union_a, course="旧培训", started_on=dt.date(2024, 3, 1), attendee_count=10)
    v = _values(tree)
    assert v["training_sessions"][tree.union_a.pk] == 2
    assert v["trainees"][tree.union_a.pk] == 111
    assert v["trainees"][tree.union_b.pk] == 0


def test_learning_incentive_amount_is_the_sum_paid_in_the_year(tree: Any) -> None:
    make_learning_incentive(tree.union_a, amount=Decimal("2000.00"), union_share=Decimal("1000.00"))
    make_learning_incentive(tree.union_a, amount=Decimal("4000.00"), union_share=Decimal("2000.00"))
    make_learning_incentive(
        tree.union_a,
        amount=Decimal("999.00"),
        union_share=Decimal("999.00"),
        awarded_on=dt.date(2024, 12, 31),
    )
    v = _values(tree)
    assert v["learning_incentive_amount"][tree.union_a.pk] == Decimal("6000.00")
    assert v["learning_incentive_amount"][tree.city.pk] == Decimal("6000.00")
    assert v["learning_incentive_amount"][tree.union_b.pk] == Decimal("0.00")
