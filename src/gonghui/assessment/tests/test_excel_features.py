"""A standard written with the new keys (measures, gates, mandatory items, reported fields,
deductions) survives the trip through Excel: a federation that keeps its standard in a
workbook writes the same content as in YAML."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.assessment.excel import definition_xlsx
from gonghui.assessment.loader import StandardFileError, content_hash, read_definition
from gonghui.assessment.tests.test_loader import _xlsx

FEATURES_YAML = """\
code: features
title: 新规则标准
total: 10
mandatory_cap: 合格
grades:
  - {name: 优秀, min: 9}
  - {name: 合格, min: 6}
  - {name: 不合格, min: 0}
sections:
  - code: A
    title: 组织
    points: 10
    items:
      - code: A1
        title: 活动参与率
        points: 3
        mandatory: true
        gate: {metric: t_bool, title: 班子健全}
        rule: {type: threshold, ratio: [t_count, t_count], min: 80, unknown: manual}
      - code: A2
        title: 培训
        points: 3
        fields: [{key: trained, label: 培训人数, type: 人数}]
        rule: {type: threshold, metric: t_count, reported: trained, min: 10}
      - code: A3
        title: 扣分制
        points: 4
        rule:
          type: deductions
          deductions:
            - {metric: t_count, per: 1, cap: 2}
            - {metric: t_bool, off: 2, title: 建立制度}
"""


def test_the_new_keys_round_trip_through_excel(values: Any) -> None:
    defn = read_definition(FEATURES_YAML.encode(), "features.yaml")
    again = read_definition(definition_xlsx(defn), "features.xlsx")
    assert again == defn and content_hash(again) == content_hash(defn)
    item = defn["sections"][0]["items"][0]
    assert item["mandatory"] is True and item["rule"]["gate"] == [
        {"metric": "t_bool", "is": True, "title": "班子健全"}
    ]
    assert defn["sections"][0]["items"][1]["fields"] == [
        {"key": "trained", "label": "培训人数", "type": "people"}
    ]


def test_a_hand_written_row_may_carry_a_measure_and_item_keys(values: Any) -> None:
    rows = [
        ["层级", "编号", "名称", "分值", "规则", "统计指标", "参数"],
        ["标准", "xls-new", "表格标准", 5, "", "", "必备项最高等次=达标"],
        ["等次", "", "达标", 3, "", "", ""],
        ["等次", "", "不达标", 0, "", "", ""],
        ["部分", "一", "组织", 5, "", "", ""],
        ["考核项", "1.1", "比率", 5, "达标", "", "ratio=[t_count, t_count]; min=50; 必备=是"],
    ]
    defn = read_definition(_xlsx(rows), "表.xlsx")
    item = defn["sections"][0]["items"][0]
    assert item["mandatory"] is True and item["rule"]["ratio"] == ["t_count", "t_count"]
    assert defn["mandatory_cap"] == "达标"
    rows[-1][-1] = "ratio=[t_count, t_count; min=50"
    with pytest.raises(StandardFileError):
        read_definition(_xlsx(rows), "表.xlsx")
