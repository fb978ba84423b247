"""Every rule kind scores as its guidance says, unknown values score 0, and rules read well."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

import pytest

from gonghui.assessment.rules import RuleError, compile_rule, describe, normalize
from gonghui.assessment.scoring import Node, judge


def score(rule: dict[str, Any], points: str, value: Any) -> Any:
    """The points of an item with this rule for one value, as the engine gives them."""
    canonical = normalize(rule, D(points))
    scorer = compile_rule(canonical, D(points))
    node = Node("X", "item", D(points), ("m",), scorer, None, False, canonical.get("unknown", "zero"))
    return judge(node, (value,), None, False, None)[1]


def test_threshold_is_all_or_nothing_with_min_and_max(values: Any) -> None:
    rule = {"type": "threshold", "metric": "t_count", "min": 1}
    assert score(rule, "3", 0) == 0 and score(rule, "3", 1) == 3 and score(rule, "3", None) == 0
    at_most = {"type": "threshold", "metric": "t_count", "max": 0}  # "no accident" kind of rule
    assert score(at_most, "2", 0) == 2 and score(at_most, "2", 1) == 0


def test_bands_take_the_first_band_reached(values: Any) -> None:
    rule = {"type": "bands", "metric": "t_rate", "bands": [[98, 6], [95, 5], [90, 4], [80, 2]]}
    assert [score(rule, "6", D(v)) for v in ("100", "98", "97.99", "90", "85", "79.99")] == [6, 6, 5, 4, 2, 0]
    assert score(rule, "6", None) == 0  # a rate without a base proves nothing


def test_proportional_is_linear_between_zero_and_full(values: Any) -> None:
    rule = {"type": "proportional", "metric": "t_rate", "full_at": 25, "zero_at": 0}
    assert score(rule, "2", D("12.5")) == D("1.00")
    assert score(rule, "2", D("30")) == 2 and score(rule, "2", D("0")) == 0
    assert score(rule, "3", D("10")) == D("1.20")


def test_proportional_stepped_deducts_per_step_short_and_floors_at_zero(values: Any) -> None:
    # 每少2%扣0.5分: 95% earns 5; 94% is one step short; 90% three steps; far below: 0.
    rule = {"type": "proportional", "metric": "t_rate", "full_at": 95, "step": 2, "deduct": "0.5"}
    assert [score(rule, "5", D(v)) for v in ("96", "95", "94", "93", "90", "10")] == [
        5,
        5,
        D("4.5"),
        D("4.5"),
        D("3.5"),
        0,
    ]


def test_deduction_per_occurrence_with_cap_and_floor(values: Any) -> None:
    per_finding = {"type": "deduction", "metric": "t_count", "per": 1, "cap": 4}  # 每发现一处扣1分、最多扣4分
    assert [score(per_finding, "5", v) for v in (0, 1, 3, 9)] == [5, 4, 2, 1]
    missing = {"type": "deduction", "metric": "t_count", "expected": 4, "per": "0.5"}  # 少一次扣0.5分
    assert [score(missing, "2", v) for v in (4, 6, 3, 0)] == [2, 2, D("1.5"), 0]
    floor = {"type": "deduction", "metric": "t_count", "per": 2}
    assert score(floor, "3", 5) == 0


def test_boolean_gives_full_points_for_true_or_a_positive_number(values: Any) -> None:
    rule = {"type": "boolean", "metric": "t_bool"}
    assert score(rule, "2", True) == 2 and score(rule, "2", False) == 0 and score(rule, "2", None) == 0
    assert score({"type": "boolean", "metric": "t_count"}, "2", 3) == 2


def test_manual_and_checklist_are_not_computed(values: Any) -> None:
    assert compile_rule({"type": "manual"}, D(2)) is None
    assert normalize(None, D(4), has_subs=True) == {"type": "checklist"}


@pytest.mark.parametrize(
    ("rule", "points", "fragment"),
    [
        ({"type": "bands", "metric": "t_count", "bands": [[5, 4], [10, 2]]}, "4", "从高到低"),
        ({"type": "bands", "metric": "t_count", "bands": [[10, 3], [5, 2]]}, "4", "最高档"),
        ({"type": "threshold", "metric": "t_count"}, "4", "min"),
        ({"type": "proportional", "metric": "t_rate", "full_at": 50, "zero_at": 60}, "4", "zero_at"),
        ({"type": "deduction", "metric": "t_count", "per": 0}, "4", "per"),
        ({"type": "threshold", "metric": "t_cuont", "min": 1}, "4", "t_count"),
        ({"type": "sometimes", "metric": "t_count"}, "4", "sometimes"),
        ({"type": "bands", "metric": "t_count", "bands": [[10, 4]], "cap": 2}, "4", "cap"),
    ],
)
def test_bad_rules_are_refused_in_chinese(values: Any, rule: dict, points: str, fragment: str) -> None:
    with pytest.raises(RuleError) as e:
        normalize(rule, D(points))
    assert fragment in str(e.value)


def test_veto_items_take_only_yes_no_rules(values: Any) -> None:
    with pytest.raises(RuleError, match="一票否决"):
        normalize({"type": "bands", "metric": "t_count", "bands": [[1, 1]]}, D(1), veto=True)


def test_chinese_names_of_rules_and_settings(values: Any) -> None:
    rule = normalize({"type": "扣分", "metric": "t_count", "每次扣": 1, "最多扣": 3}, D(4))
    assert rule == {"type": "deduction", "metric": "t_count", "per": "1", "cap": "3"}


def test_rules_are_described_in_words(values: Any) -> None:
    text = describe(normalize({"type": "threshold", "metric": "t_count", "min": 1}, D(3)), D(3))
    assert "测试t_count" in text and "1" in text
    assert "否决" in describe({"type": "boolean", "metric": "t_bool"}, D(1), veto=True)
