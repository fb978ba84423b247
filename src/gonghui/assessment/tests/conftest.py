"""Fixtures of the assessment tests: metrics whose values a test sets, a small standard using
every rule kind, a city campaign over union A and union C, and the people of the workflow."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.roles import Role
from gonghui.assessment.models import Assessment, Campaign, Standard
from gonghui.assessment.services.campaigns import assign_inspector, campaign_create
from gonghui.assessment.services.standards import standard_load
from gonghui.core.metrics import Kind, Metric, registry

TEST_METRICS = {"t_count": Kind.COUNT, "t_rate": Kind.RATE, "t_bool": Kind.BOOL, "t_amount": Kind.AMOUNT}

# 20 points: A (12) = A1 bands 4 + A2 proportional 4 + A3 checklist (boolean 2 + manual 2);
# B (8) = B1 deduction 4 + B2 threshold 4; bonus J1 manual 2, J2 threshold 1 (at most 2);
# veto F1 boolean, F2 manual.
STANDARD_YAML = """\
code: test-std
title: 测试评分标准
total: 20
bonus_max: 2
grades:
  - {name: 优秀, min: 18}
  - {name: 达标, min: 12}
  - {name: 不达标, min: 0}
sections:
  - code: A
    title: 组织建设
    points: 12
    items:
      - code: A1
        title: 人数
        points: 4
        guidance: 10人以上得4分，5人以上得2分
        rule: {type: bands, metric: t_count, bands: [[10, 4], [5, 2]]}
      - code: A2
        title: 比例
        points: 4
        rule: {type: proportional, metric: t_rate, full_at: 80, zero_at: 40}
      - code: A3
        title: 清单
        points: 4
        sub_items:
          - {code: A3.1, title: 有无, points: 2, rule: {type: boolean, metric: t_bool}}
          - {code: A3.2, title: 台账, points: 2, rule: {type: manual}}
  - code: B
    title: 工作开展
    points: 8
    items:
      - code: B1
        title: 次数
        points: 4
        rule: {type: deduction, metric: t_count, expected: 12, per: 1, cap: 3}
      - code: B2
        title: 金额
        points: 4
        rule: {type: threshold, metric: t_amount, min: 100}
bonus:
  - {code: J1, title: 表彰, points: 2, rule: {type: manual}}
  - {code: J2, title: 超额, points: 1, rule: {type: threshold, metric: t_count, min: 20}}
veto:
  - {code: F1, title: 未建立组织, rule: {type: boolean, metric: t_bool}}
  - {code: F2, title: 重大事故, rule: {type: manual}}
"""


@pytest.fixture
def values(db: Any) -> Iterator[dict[str, dict[int, Any]]]:
    """Test metrics: ``values[name][org_id] = value`` is what the metric answers."""
    store: dict[str, dict[int, Any]] = defaultdict(dict)
    for name, kind in TEST_METRICS.items():
        registry.register(Metric(name, f"测试{name}", kind, lambda orgs, period, n=name: dict(store[n])))
    yield store
    for name in TEST_METRICS:
        registry._metrics.pop(name, None)


def load_text(text: str, name: str = "std.yaml", organization: Any = None) -> Standard:
    standard, _created = standard_load(content=text.encode(), filename=name, organization=organization)
    return standard


@pytest.fixture
def standard(values: Any, db: Any) -> Standard:
    return load_text(STANDARD_YAML)


def access_of(user: Any) -> Access:
    return Access(user, load_grants(user))


class People:
    def __init__(self, tree: Any, make_user: Any) -> None:
        self.admin = make_user(Role.FEDERATION_ADMIN, tree.city, username="city_admin")
        self.inspector = make_user(Role.INSPECTOR, tree.city, username="inspector", display_name="考核员甲")
        self.other_inspector = make_user(Role.INSPECTOR, tree.city, username="inspector2")
        self.chair = make_user(Role.CHAIR, tree.union_a, username="chair_a", display_name="甲主席")
        self.finance = make_user(Role.FINANCE, tree.union_a, username="finance_a")
        self.chair_c = make_user(Role.CHAIR, tree.union_c, username="chair_c")
        self.viewer = make_user(Role.VIEWER, tree.city, username="viewer")
        self.county_admin = make_user(Role.FEDERATION_ADMIN, tree.county, username="county_admin")
        self.chair_b = make_user(Role.CHAIR, tree.union_b, username="chair_b")


@pytest.fixture
def people(tree: Any, make_user: Any) -> People:
    return People(tree, make_user)


def make_campaign(org: Any, standard: Standard, admin: Any, *, year: int = 2025, name: str = "") -> Campaign:
    return campaign_create(
        access=access_of(admin),
        organization=org,
        data={
            "name": name or f"{org.name}{year}年考核",
            "year": year,
            "standard": standard,
            "org_types": ["grassroots", "joint"],
            "self_deadline": dt.date(year, 11, 30),
            "acceptance_deadline": dt.date(year, 12, 31),
        },
    )


@pytest.fixture
def campaign(tree: Any, standard: Standard, people: People) -> Campaign:
    """The city's 2025 campaign: union A and union C; the inspector is assigned to union A."""
    c = make_campaign(tree.city, standard, people.admin)
    assign_inspector(
        access=access_of(people.admin), campaign=c, inspector=people.inspector, organizations=[tree.union_a]
    )
    return c


@pytest.fixture
def assessment_a(campaign: Campaign, tree: Any) -> Assessment:
    return Assessment.objects.get(campaign=campaign, organization=tree.union_a)
