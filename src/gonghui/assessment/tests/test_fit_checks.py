"""A rule that does not fit its measure, or a measure, gate or item written wrong, is refused at
load with one message naming the line it sits on: nothing scores by a rule that makes no sense."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext as _

from gonghui.assessment.loader import StandardFileError, read_definition
from gonghui.assessment.models import Criterion
from gonghui.assessment.tests.conftest import load_text

HEAD = """\
code: fit
title: 适配
total: 4
grades:
  - {name: 达标, min: 2}
  - {name: 不达标, min: 0}
sections:
  - code: S
    title: 工作
    points: 4
    items:
      - code: X
        title: 项目
        points: 4
"""
RULE_LINE = 15  # the line of "rule:" after HEAD


def problems(text: str) -> list[str]:
    with pytest.raises(StandardFileError) as e:
        read_definition(text.encode(), "fit.yaml")
    return e.value.messages


CASES = [
    # a yes/no measure under a rule that compares numbers
    ("{type: threshold, metric: t_bool, min: 1}", ["t_bool", "boolean", "threshold"]),
    ("{type: bands, metric: t_bool, bands: [[1, 4]]}", ["t_bool", "bands"]),
    ("{type: proportional, metric: t_bool, full_at: 1}", ["t_bool", "proportional"]),
    ("{type: deduction, metric: t_bool, per: 1}", ["t_bool", "deduction"]),
    # a yes/no rule over a rate or an amount: any value above 0 would earn everything
    ("{type: boolean, metric: t_rate}", ["t_rate", "threshold"]),
    ("{type: boolean, metric: t_amount}", ["t_amount", "threshold"]),
    # points off per one of a rate or an amount
    ("{type: deduction, metric: t_rate, per: 1}", ["t_rate"]),
    ("{type: deductions, deductions: [{metric: t_amount, per: 1}]}", ["t_amount"]),
    ("{type: deductions, deductions: [{metric: t_bool, min: 1, off: 1}]}", ["t_bool", "is"]),
    ("{type: deductions, deductions: [{metric: t_bool, off: 0}]}", ["off"]),
    # a percentage written as a fraction
    ("{type: threshold, metric: t_rate, min: 0.95}", ["0.95", "95"]),
    ("{type: threshold, share: {metric: t_count, min: 1}, min: 0.5}", ["0.5", "50"]),
    # ratios, counts, sums
    (
        "{type: threshold, ratio: [t_amount, t_count], min: 50}",
        [_("A ratio compares like with like: money with money, counts with counts.")],
    ),
    ("{type: threshold, ratio: [t_count], min: 50}", ["ratio"]),
    ("{type: threshold, count: activity, min: 1}", ["activity"]),
    ("{type: threshold, sum: activities.title, min: 1}", ["participant_count"]),
    ("{type: threshold, metric: t_count, where: {kind: sports}, min: 1}", ["where"]),
    # modifiers
    ("{type: threshold, metric: t_count, every: month, min: 1}", ["quarter", "half"]),
    (
        "{type: threshold, metric: t_count, every: quarter, years: 2, min: 1}",
        [_("Use every or years, not both.")],
    ),
    ("{type: threshold, metric: t_count, years: 11, min: 1}", ["years", "10"]),
    ("{type: threshold, ratio: [t_count, t_count], every: quarter, min: 1}", ["every"]),
    # one measure, and only where a rule reads one
    ("{type: threshold, metric: t_count, count: activities, min: 1}", ["metric", "count"]),
    (
        "{type: threshold, min: 1}",
        [_("The rule needs a measure: metric, ratio, count, sum, share, target or reported.")],
    ),
    ("{type: fixed, metric: t_count}", ["fixed"]),
    ("{type: manual, unknown: full}", ["unknown"]),
    ("{type: threshold, metric: t_count, min: 1, unknown: half}", ["unknown"]),
    # shares
    ("{type: threshold, share: {metric: t_bool, min: 1}, min: 50}", ["t_bool", "is"]),
    ("{type: threshold, share: {metric: t_count, min: 1, of: all}, min: 50}", ["children", "subtree"]),
    ("{type: threshold, share: {metric: t_count, min: 1, types: [company]}, min: 50}", ["grassroots"]),
    # a reported value the item does not ask for
    ("{type: threshold, metric: t_count, reported: trained, min: 1}", ["reported"]),
    # the pool of a deductions rule
    ("{type: deductions, base: 5, deductions: [{metric: t_count, per: 1}]}", ["base", "4"]),
]


@pytest.mark.parametrize(("rule", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_rule_that_does_not_fit_is_refused_with_its_line(values: Any, rule: str, words: list[str]) -> None:
    [message] = problems(HEAD + f"        rule: {rule}\n")
    assert message.startswith(f"第 {RULE_LINE} 行"), message
    for w in words:
        assert w in message, (w, message)


ITEM_CASES = [
    # (the lines after "points: 4" of the item, the line at fault counted from there, words)
    ("        rule: {type: fixed}\n        gate: {metric: t_count}\n", 1, ["t_count", "min"]),
    ("        rule: {type: fixed}\n        gate: {metric: t_count, min: 5, max: 1}\n", 1, ["min", "max"]),
    ("        rule: {type: fixed}\n        gate: {metric: t_count, min: 1, per: 1}\n", 1, ["per"]),
    ("        rule: {type: fixed}\n        gate: [1, 2]\n", 1, ["gate"]),
    ("        rule: {type: fixed}\n        mandatory: 必须\n", 1, ["mandatory"]),
    (
        "        rule: {type: threshold, reported: n, min: 1}\n"
        "        fields: [{key: n, label: 人数, type: weight}]\n",
        1,
        ["n"],
    ),
]


@pytest.mark.parametrize(("lines", "offset", "words"), ITEM_CASES, ids=[c[0].strip() for c in ITEM_CASES])
def test_a_wrong_gate_or_item_key_is_refused_with_its_line(
    values: Any, lines: str, offset: int, words: list[str]
) -> None:
    found = problems(HEAD + lines)
    line = f"第 {RULE_LINE + offset} 行"
    assert any(m.startswith(line) for m in found), found
    for w in words:
        assert any(w in m for m in found), (w, found)


def test_a_veto_takes_no_pool_and_no_gate_and_the_cap_names_a_grade(values: Any) -> None:
    text = HEAD + "        rule: {type: fixed}\nveto:\n  - {code: V, title: 否决, rule: {type: deductions}}\n"
    [message] = problems(text)
    assert message.startswith(f"第 {RULE_LINE + 2} 行") and "deductions" in message, message
    veto = "  - {code: V, title: 否决, rule: {type: manual}, gate: {metric: t_bool}}\n"
    found = problems(HEAD + "        rule: {type: fixed}\nveto:\n" + veto)
    assert found and all(m.startswith(f"第 {RULE_LINE + 2} 行") and "gate" in m for m in found), found
    [message] = problems(HEAD + "        rule: {type: fixed}\nmandatory_cap: 优秀\n")
    assert message.startswith(f"第 {RULE_LINE + 1} 行") and "达标" in message, message


def test_the_key_off_of_a_deduction_loads_from_yaml_as_written(values: Any) -> None:
    """YAML 1.1 reads a bare ``off`` as false: as a key, it is kept as the word written."""
    text = HEAD + (
        "        rule:\n"
        "          type: deductions\n"
        "          deductions:\n"
        "            - metric: t_bool\n"
        "              off: 2\n"
        "            - {metric: t_count, per: 1, cap: 2}\n"
    )
    std = load_text(text)
    rule = Criterion.objects.get(standard=std, code="X").rule
    assert rule["deductions"] == [
        {"metric": "t_bool", "is": True, "off": "2"},
        {"metric": "t_count", "per": "1", "cap": "2"},
    ]


def test_a_yes_no_rule_over_a_count_still_loads(values: Any) -> None:
    read_definition((HEAD + "        rule: {type: boolean, metric: t_count}\n").encode(), "fit.yaml")
