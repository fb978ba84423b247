"""Gates, mandatory items, deductions pools, fixed points and unknown values, at their edges.

Through a real campaign where the database decides (gates with people's scores, mandatory items
and the grade cap, person-judged vetoes); through the rules and ``scoring.judge`` for the
arithmetic."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

import pytest

from gonghui.assessment.models import Assessment, Criterion, ItemScore
from gonghui.assessment.rules import RuleError, compile_rule, normalize
from gonghui.assessment.scoring import Node, compile_standard, judge, unjudged
from gonghui.assessment.tests.kit import load, rescore, scored


def _set(values: Any, org: Any, **metrics: Any) -> None:
    for name, value in metrics.items():
        values[name][org.pk] = value


def _person(a: Assessment, code: str, own: Any = None, review: Any = None) -> None:
    ItemScore.objects.update_or_create(
        assessment=a,
        criterion=Criterion.objects.get(standard=a.campaign.standard, code=code),
        defaults={
            "organization": a.organization,
            "self_points": D(own) if own is not None else None,
            "review_points": D(review) if review is not None else None,
        },
    )


# ---- gates --------------------------------------------------------------------------
def test_a_failed_gate_zeroes_the_item_whatever_people_score_and_holds_at_exactly_min(
    tree: Any, people: Any, values: Any
) -> None:
    at_three = {"metric": "t_count", "min": 3}
    std = load(
        [
            {
                "code": "G1",
                "title": "有组织",
                "points": 2,
                "rule": {"type": "fixed"},
                "gate": {"metric": "t_bool"},
            },
            {"code": "G2", "title": "够人数", "points": 2, "rule": {"type": "fixed"}, "gate": [at_three]},
            {
                "code": "G3",
                "title": "清单",
                "points": 2,
                "gate": at_three,
                "sub_items": [
                    {"code": "G3.1", "title": "固定", "points": 1, "rule": {"type": "fixed"}},
                    {"code": "G3.2", "title": "人工", "points": 1, "rule": {"type": "manual"}},
                ],
            },
            {
                "code": "G4",
                "title": "人工",
                "points": 2,
                "rule": {"type": "manual"},
                "gate": {"metric": "t_bool"},
            },
        ]
    )
    _set(values, tree.union_a, t_bool=True, t_count=3)  # the gate's min, exactly
    _set(values, tree.union_c, t_bool=False, t_count=2)
    got = scored(tree, people, std)
    for a in got.values():
        _person(a, "G3.2", own=1, review=1)
        _person(a, "G4", own=2, review=2)
    got = rescore(got["UA"].campaign)
    a, c = got["UA"], got["UC"]
    assert a.computed["G1"] == [None, "2.00"] and a.computed["G2"] == [None, "2.00"]  # fixed reads no value
    assert a.points == {
        "G1": "2.00",
        "G2": "2.00",
        "G3.1": "1.00",
        "G3.2": "1.00",
        "G3": "2.00",
        "G4": "2.00",
    }
    assert a.self_total == 8
    # union C: every gated item is 0 and says which gate failed, with the value and the item
    assert c.computed["G1"] == [None, "0", {"g": [0, False, "G1"]}]  # fixed reads no value
    assert c.computed["G2"][1:] == ["0", {"g": [0, 2, "G2"]}]
    assert c.computed["G3.1"][1:] == ["0", {"g": [0, 2, "G3"]}]  # a sub-item takes its item's gate
    assert c.computed["G3.2"] == [None, "0", {"g": [0, 2, "G3"]}]  # manual, yet 0: nobody may score it
    assert c.points == {"G1": "0", "G2": "0", "G3.1": "0", "G3.2": "0", "G3": "0", "G4": "0"}
    assert c.self_total == 0 and c.review_total == 0  # the people's 1 and 2 do not count
    compiled = compile_standard(std)
    assert unjudged(compiled, c.computed, {}) == []


# ---- mandatory items -----------------------------------------------------------------
GRADES = [
    {"name": "优秀", "min": 9},
    {"name": "良好", "min": 7},
    {"name": "达标", "min": 5},
    {"name": "不达标", "min": 0},
]


def test_a_mandatory_item_short_of_full_points_caps_the_grade_and_exactly_full_does_not(
    tree: Any, people: Any, values: Any
) -> None:
    std = load(
        [
            {
                "code": "M1",
                "title": "必备人数",
                "points": 4,
                "mandatory": True,
                "rule": {"type": "bands", "metric": "t_count", "bands": [[10, 4], [5, "3.5"]]},
            },
            {"code": "M2", "title": "必备台账", "points": 2, "mandatory": True, "rule": {"type": "manual"}},
            {"code": "O", "title": "基础", "points": 4, "rule": {"type": "fixed"}},
        ],
        grades=GRADES,
        mandatory_cap="达标",
    )
    _set(values, tree.union_a, t_count=10)
    _set(values, tree.union_c, t_count=9)
    got = scored(tree, people, std)
    a, c = got["UA"], got["UC"]
    compiled = compile_standard(std)
    # nobody confirmed the manual mandatory M2: short, and acceptance waits for it
    assert a.self_total == 8 and a.grade == "达标"  # 良好 by its score, capped
    assert unjudged(compiled, a.computed, {}) == ["M2"]
    _person(a, "M2", own=2)
    _person(c, "M2", own=2)
    got = rescore(a.campaign)
    a, c = got["UA"], got["UC"]
    assert a.self_total == 10 and a.grade == "优秀"  # exactly full points everywhere: no cap
    assert c.computed["M1"] == [9, "3.5"]
    assert c.self_total == D("9.5") and c.grade == "达标"  # 0.5 short of M1: capped
    assert unjudged(compiled, a.computed, {"M2": (D(2), None)}) == []


def test_a_mandatory_checklist_is_short_when_a_sub_item_is_and_the_cap_defaults_to_the_lowest(
    tree: Any, people: Any, values: Any
) -> None:
    std = load(
        [
            {
                "code": "K",
                "title": "必备清单",
                "points": 2,
                "mandatory": True,
                "sub_items": [
                    {
                        "code": "K.1",
                        "title": "有无",
                        "points": 1,
                        "rule": {"type": "boolean", "metric": "t_bool"},
                    },
                    {"code": "K.2", "title": "人工", "points": 1, "rule": {"type": "manual"}},
                ],
            },
            {"code": "O", "title": "基础", "points": 8, "rule": {"type": "fixed"}},
        ],
        grades=GRADES,
    )
    _set(values, tree.union_a, t_bool=True)
    got = scored(tree, people, std)
    a = got["UA"]
    assert unjudged(compile_standard(std), a.computed, {}) == ["K.2"]
    assert a.self_total == 9 and a.grade == "不达标"  # no mandatory_cap: the lowest grade
    _person(a, "K.2", own=1)
    a = rescore(a.campaign)["UA"]
    assert a.self_total == 10 and a.grade == "优秀"


def test_a_person_judged_veto_nobody_judged_vetoes(tree: Any, people: Any, values: Any) -> None:
    std = load(
        [{"code": "O", "title": "基础", "points": 10, "rule": {"type": "fixed"}}],
        veto=[{"code": "V", "title": "重大事故", "rule": {"type": "manual"}}],
        grades=GRADES,
    )
    a = scored(tree, people, std)["UA"]
    assert a.self_total == 10 and a.vetoed and a.grade == "不达标"
    assert unjudged(compile_standard(std), a.computed, {}) == ["V"]
    _person(a, "V", own=1)
    a = rescore(a.campaign)["UA"]
    assert not a.vetoed and a.grade == "优秀"


# ---- deductions and fixed ----------------------------------------------------------------
def _pool(values: Any) -> Any:
    rule = normalize(
        {
            "type": "扣分制",
            "base": 8,
            "deductions": [
                {"metric": "t_count", "per": 1, "cap": 3, "title": "每次扣1分，最多3分"},
                {"metric": "t_bool", "off": 2},
                {"metric": "t_rate", "min": 90, "off": "1.5"},
                {"count": "activities", "per": 2},
            ],
        },
        D(10),
    )
    return rule, compile_rule(rule, D(10))


def test_deductions_draw_on_a_pool_below_the_points_capped_per_entry_and_never_below_zero(
    values: Any,
) -> None:
    rule, pool = _pool(values)
    assert rule["base"] == "8" and rule["deductions"][0]["cap"] == "3"
    assert pool([0, True, D(95), 0]) == 8  # nothing off: the base, not the item's 10
    assert pool([1, True, D(90), 0]) == 7  # the condition holds at exactly its min
    assert pool([5, True, D(95), 0]) == 5  # 5 times 1, capped at 3
    assert pool([2, False, D("89.99"), 0]) == D("2.5")  # 2 + 2 + 1.5 off
    assert pool([9, False, D(0), 1]) == 0  # 8.5 off a pool of 8
    assert pool([9, False, D(0), 3]) == 0  # 3 + 2 + 1.5 + 6 off a pool of 8: 0, not below


def test_a_deductions_rule_refuses_a_base_above_the_points_and_per_beside_off(values: Any) -> None:
    one = [{"metric": "t_count", "per": 1}]
    with pytest.raises(RuleError) as e:
        normalize({"type": "deductions", "base": 11, "deductions": one}, D(10))
    assert e.value.key == "base" and "10" in str(e.value)
    with pytest.raises(RuleError) as e:
        normalize({"type": "deductions", "base": 0, "deductions": one}, D(10))
    assert e.value.key == "base"
    with pytest.raises(RuleError) as e:
        normalize({"type": "deductions", "deductions": [{"metric": "t_bool", "off": 1, "per": 1}]}, D(10))
    assert e.value.key == "deductions" and "per" in str(e.value) and "off" in str(e.value)
    with pytest.raises(RuleError) as e:
        normalize({"type": "deductions", "deductions": []}, D(10))
    assert e.value.key == "deductions"
    # base equal to the points is the default and is not written
    assert "base" not in normalize({"type": "deductions", "base": 10, "deductions": one}, D(10))


def test_fixed_points_are_given_to_everyone_and_take_no_measure(values: Any) -> None:
    rule = normalize({"type": "基础分"}, D(3))
    assert rule == {"type": "fixed"}
    node = Node("X", "item", D(3), (), compile_rule(rule, D(3)), None, False)
    assert judge(node, (), None, False, None) == (None, D(3), None)
    with pytest.raises(RuleError) as e:
        normalize({"type": "fixed", "metric": "t_count"}, D(3))
    assert e.value.key == "metric"
    with pytest.raises(RuleError):
        normalize({"type": "fixed", "unknown": "full"}, D(3))


# ---- unknown values -------------------------------------------------------------------------
RULES = [
    {"type": "threshold", "metric": "t_rate", "min": 80},
    {"type": "bands", "metric": "t_rate", "bands": [[90, 4], [60, 2]]},
    {"type": "proportional", "metric": "t_rate", "full_at": 90, "zero_at": 50},
    {"type": "proportional", "metric": "t_rate", "full_at": 90, "step": 5, "deduct": 1},
    {"type": "deduction", "metric": "t_count", "per": 1},
    {"type": "boolean", "metric": "t_bool"},
    {
        "type": "deductions",
        "deductions": [{"metric": "t_count", "per": 1}, {"metric": "t_rate", "min": 50, "off": 1}],
    },
]


@pytest.mark.parametrize("raw", RULES, ids=lambda r: r["type"])
@pytest.mark.parametrize(
    ("setting", "expected"), [(None, D(0)), ("zero", D(0)), ("full", D(4)), ("人工", None)]
)
def test_a_value_the_records_cannot_give_scores_alike_for_every_rule(
    values: Any, raw: dict, setting: str | None, expected: D | None
) -> None:
    rule = normalize({**raw, **({"unknown": setting} if setting else {})}, D(4))
    if setting in (None, "zero"):
        assert "unknown" not in rule  # zero is the default and is not written
    width = len(rule.get("deductions", [None]))
    node = Node(
        "X",
        "item",
        D(4),
        tuple(f"m{i}" for i in range(width)),
        compile_rule(rule, D(4)),
        None,
        False,
        rule.get("unknown", "zero"),
    )
    vals = (None,) * width if width == 1 else (0, None)  # one of a pool's values unknown is enough
    _value, points, note = judge(node, vals, None, False, ("base", "t_count"))
    assert points == expected
    assert note is not None and note["u"] == ["base", "t_count"]  # the reason is kept
    assert ("m" in note) is (expected is None)


def test_unknown_is_refused_on_rules_that_read_no_measure(values: Any) -> None:
    for kind in ("manual", "fixed"):
        with pytest.raises(RuleError) as e:
            normalize({"type": kind, "unknown": "full"}, D(2))
        assert e.value.key == "unknown"
    with pytest.raises(RuleError) as e:
        normalize({"type": "threshold", "metric": "t_count", "min": 1, "unknown": "half"}, D(2))
    assert e.value.key == "unknown"
