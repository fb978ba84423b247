"""An item whose value is unknown for want of the year's employees says so and links to where
they are entered, the same link the home page gives (issue 18, item 5)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.assessment.models import Assessment
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.tests.conftest import load_text, make_campaign

ENROLLMENT_YAML = """\
code: enrol
title: 入会标准
total: 10
grades:
  - {name: 合格, min: 6}
  - {name: 不合格, min: 0}
sections:
  - code: A
    title: 组织
    points: 10
    items:
      - {code: A1, title: 入会率, points: 5, rule: {type: threshold, metric: enrollment_rate, min: 90}}
      - {code: A2, title: 职工, points: 5, rule: {type: threshold, ratio: [member_count, employees], min: 90}}
"""


def test_an_unknown_rate_names_the_missing_employees_and_links_to_enter_them(
    tree: Any, people: Any, login: Any
) -> None:
    campaign = make_campaign(tree.city, load_text(ENROLLMENT_YAML, "enrol.yaml"), people.admin, year=2026)
    score_assessments(Assessment.objects.filter(campaign=campaign))
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    page = login(people.chair).get(reverse("assessment:assessment", kwargs={"pk": a.pk})).content.decode()
    assert "2026 年职工人数未填写" in page  # A1: the metric's own reason
    new = reverse("records:create", kwargs={"rt": "employer-years"}) + f"?org={tree.union_a.pk}&amp;year=2026"
    assert page.count(f'href="{new}" data-entry') == 2  # A1 and A2 (a ratio on the employees)
    assert "填写 2026 年职工人数" in page
