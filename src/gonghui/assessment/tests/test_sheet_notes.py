"""The sheet says why an item scores what it scores: a failed gate, a value the records cannot
give and why, a mandatory item that caps the grade, a veto nobody judged yet; the API carries
the same words."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817
from typing import Any

from django.urls import reverse

from gonghui.assessment.models import Assessment, ItemScore
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.tests.conftest import load_text, make_campaign

NOTES_YAML = """\
code: notes
title: 说明标准
total: 10
mandatory_cap: 合格
grades:
  - {name: 优秀, min: 8}
  - {name: 合格, min: 4}
  - {name: 不合格, min: 0}
sections:
  - code: A
    title: 组织
    points: 10
    items:
      - code: A1
        title: 活动
        points: 4
        gate: {metric: t_bool, title: 班子健全}
        rule: {type: threshold, metric: t_count, min: 1}
      - code: A2
        title: 入会
        points: 3
        rule: {type: threshold, metric: t_rate, min: 90}
      - code: A3
        title: 建家
        points: 3
        mandatory: true
        rule: {type: fixed}
veto:
  - {code: F1, title: 重大事故, rule: {type: manual}}
"""


def _setup(values: Any, tree: Any, people: Any) -> Assessment:
    standard = load_text(NOTES_YAML, "notes.yaml")
    campaign = make_campaign(tree.city, standard, people.admin)
    values["t_count"][tree.union_a.pk] = 5  # A1's own rule would give its 4 points
    values["t_bool"][tree.union_a.pk] = False  # ... but the gate fails
    score_assessments(Assessment.objects.filter(campaign=campaign))
    return Assessment.objects.get(campaign=campaign, organization=tree.union_a)


def test_the_sheet_explains_gates_unknown_values_and_unjudged_vetoes(
    values: Any, tree: Any, people: Any, login: Any
) -> None:
    a = _setup(values, tree, people)
    assert a.computed["A1"][1] == "0" and a.computed["A1"][2]["g"][0] == 0
    assert a.vetoed and a.grade == "不合格"  # F1 judged by nobody: not met
    page = login(people.chair).get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "未达到门槛条件（班子健全；实际为 否），本项不得分。" in page
    assert "无法计算：2025 年的测试t_rate无法由记录算出。" in page
    assert "待评定" in page and "尚未评定" in page
    # The union judges the veto; a person's score of the gated item does not lift the gate.
    for code, points in (("F1", 1), ("A1", 4)):
        ItemScore.objects.create(
            organization=tree.union_a,
            assessment=a,
            criterion=a.campaign.standard.criteria.get(code=code),
            self_points=D(points),
        )
    score_assessments(Assessment.objects.filter(pk=a.pk))
    a.refresh_from_db()
    assert not a.vetoed and a.score == 3 and a.grade == "不合格"  # fixed 3; A1 0 whatever the score


def test_a_short_mandatory_item_caps_the_grade_and_the_api_says_why(
    values: Any, tree: Any, people: Any, login: Any
) -> None:
    a = _setup(values, tree, people)
    values["t_bool"][tree.union_a.pk] = True
    values["t_rate"][tree.union_a.pk] = D("95.00")
    crit = a.campaign.standard.criteria
    ItemScore.objects.create(
        organization=tree.union_a, assessment=a, criterion=crit.get(code="F1"), self_points=1
    )
    # The union scores its mandatory item 2.5 of 3: 9.5 points, but the grade stops at 合格.
    ItemScore.objects.create(
        organization=tree.union_a, assessment=a, criterion=crit.get(code="A3"), self_points=D("2.5")
    )
    score_assessments(Assessment.objects.filter(pk=a.pk))
    a.refresh_from_db()
    assert a.score == D("9.5") and a.grade == "合格"
    client = login(people.chair)
    page = client.get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "以下必备项未得满分，等次最高为合格" in page and "A3 建家" in page
    # At its full points again, the grade is the score's.
    ItemScore.objects.filter(assessment=a, criterion__code="A3").update(self_points=3)
    score_assessments(Assessment.objects.filter(pk=a.pk))
    a.refresh_from_db()
    assert a.score == 10 and a.grade == "优秀"
    items = {i["code"]: i for i in client.get(f"/api/v1/assessment/assessments/{a.pk}").json()["items"]}
    assert items["A3"]["mandatory"] and not items["A1"]["notes"]
    values["t_bool"][tree.union_a.pk] = False
    score_assessments(Assessment.objects.filter(pk=a.pk))
    items = {i["code"]: i for i in client.get(f"/api/v1/assessment/assessments/{a.pk}").json()["items"]}
    assert items["A1"]["notes"] and "班子健全" in items["A1"]["notes"][0]


SUB_GATES_YAML = """\
code: sub-gates
title: 子项门槛
total: 4
grades: [{name: 合格, min: 2}, {name: 不合格, min: 0}]
sections:
  - code: B
    title: 活动
    points: 4
    items:
      - code: B1
        title: 活动开展
        points: 4
        gate: {metric: t_bool, title: 班子健全}
        sub_items:
          - code: B1.1
            title: 经常开展活动
            points: 2
            gate: {metric: t_count, min: 3, title: 全年活动三次以上}
            rule: {type: fixed}
          - {code: B1.2, title: 有活动记录, points: 2, rule: {type: fixed}}
"""


def test_a_sub_items_own_gate_is_named_beside_the_gate_it_inherits(
    values: Any, tree: Any, people: Any, login: Any
) -> None:
    campaign = make_campaign(tree.city, load_text(SUB_GATES_YAML, "sub.yaml"), people.admin)
    values["t_bool"][tree.union_a.pk] = True  # the item's gate holds ...
    values["t_count"][tree.union_a.pk] = 1  # ... the sub-item's own does not
    score_assessments(Assessment.objects.filter(campaign=campaign))
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    assert a.computed["B1.1"][2]["g"] == [0, 1, "B1.1"] and a.score == 2
    page = login(people.chair).get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "未达到门槛条件（全年活动三次以上；实际为 1），本项不得分。" in page


REPORTED_YAML = """\
code: reported-only
title: 自报标准
total: 2
grades: [{name: 合格, min: 2}, {name: 不合格, min: 0}]
sections:
  - code: C
    title: 会议
    points: 2
    items:
      - code: C1
        title: 委员会会议
        points: 2
        fields: [{key: n, label: 全年会议次数, type: 次数}]
        rule: {type: threshold, reported: n, min: 3}
"""


def test_a_value_only_the_union_reports_is_labelled_as_its_report(
    values: Any, tree: Any, people: Any, login: Any
) -> None:
    campaign = make_campaign(tree.city, load_text(REPORTED_YAML, "rep.yaml"), people.admin)
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    client = login(people.chair)
    page = client.get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "单位自报值" in page and "未填报“全年会议次数”" in page and a.score == 0
    ItemScore.objects.create(
        organization=tree.union_a,
        assessment=a,
        criterion=campaign.standard.criteria.get(code="C1"),
        reported={"n": "4"},
    )
    score_assessments(Assessment.objects.filter(pk=a.pk))
    a.refresh_from_db()
    assert a.score == 2 and a.computed["C1"] == [4, "2.00", {"s": 1}]
    page = client.get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "数值来自单位自报，而非台账记录。" in page
