"""The metrics registry: set-based subtree roll-ups, defaults, loud failures, the command."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import make_org
from gonghui.core.metrics import (
    FEW,
    Kind,
    Metric,
    MetricError,
    Period,
    compute,
    one_run,
    per_org,
    per_org_each,
    rate,
    registry,
)
from gonghui.orgs.models import EmployerYear, Organization, OrgType


def test_per_org_rolls_up_each_subtree_even_when_targets_nest(tree: Any) -> None:
    groups = Organization.objects.filter(org_type=OrgType.GROUP)
    targets = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )
    counts = per_org(groups, targets, Count("pk"), path_field="path")
    assert counts == {tree.city.pk: 2, tree.union_a.pk: 2, tree.union_b.pk: 1}


def test_per_org_costs_one_query_per_depth_not_per_union(tree: Any) -> None:
    for i in range(30):
        make_org(tree.city, f"U{i:02d}")
    targets = Organization.objects.filter(org_type=OrgType.GRASSROOTS)
    with CaptureQueriesContext(connection) as ctx:
        per_org(Organization.objects.all(), targets, path_field="path")
    assert len(ctx.captured_queries) <= 3  # the depths, then one grouped query per depth


def test_per_org_takes_loaded_targets_and_several_aggregates_at_once(tree: Any) -> None:
    groups = Organization.objects.filter(org_type=OrgType.GROUP)
    targets = [tree.city, tree.union_a, tree.union_b, tree.union_c]
    with CaptureQueriesContext(connection) as ctx:
        each = per_org_each(
            groups,
            targets,
            {"groups": Count("pk"), "first": Count("pk", filter=Q(code__endswith="G1"))},
            path_field="path",
        )
    # Loaded targets: neither their depths nor their paths are read again; one query per depth.
    assert len(ctx.captured_queries) == 2
    assert each["groups"] == {tree.city.pk: 2, tree.union_a.pk: 2, tree.union_b.pk: 1}
    assert each["first"] == {tree.city.pk: 1, tree.union_a.pk: 1, tree.union_b.pk: 1}
    assert per_org(groups, targets, path_field="path") == each["groups"]


def test_a_run_reads_a_few_targets_once_and_binds_their_paths(tree: Any) -> None:
    groups = Organization.objects.filter(org_type=OrgType.GROUP)
    targets = Organization.objects.filter(pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk])
    expected = per_org(groups, targets, path_field="path")
    with one_run(), CaptureQueriesContext(connection) as ctx:
        first = per_org(groups, targets, path_field="path")
        second = per_org(groups, targets, Count("pk", filter=Q(code__endswith="G1")), path_field="path")
    assert first == expected == {tree.city.pk: 2, tree.union_a.pk: 2, tree.union_b.pk: 1}
    assert second == {tree.city.pk: 1, tree.union_a.pk: 1, tree.union_b.pk: 1}
    # The targets once, then one grouped query per depth (city 1, unions 2) with bound paths.
    assert len(ctx.captured_queries) == 1 + 2 * 2
    assert all("depth" not in q["sql"] for q in ctx.captured_queries[1:])


def test_a_run_over_many_targets_still_subqueries_them(tree: Any) -> None:
    for i in range(FEW + 1):
        make_org(tree.city, f"U{i:02d}")
    targets = Organization.objects.filter(org_type=OrgType.GRASSROOTS)
    expected = per_org(Organization.objects.all(), targets, path_field="path")
    with one_run():
        assert per_org(Organization.objects.all(), targets, path_field="path") == expected
    assert len(expected) == targets.count() > FEW


def test_compute_fills_defaults_and_rates_are_none_without_a_base(tree: Any) -> None:
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=200)
    orgs = Organization.objects.filter(pk__in=[tree.union_a.pk, tree.union_c.pk])
    values = compute(orgs, Period.year(2025), ["employees", "union_group_count"])
    assert values["employees"] == {tree.union_a.pk: 200, tree.union_c.pk: 0}
    assert values["union_group_count"] == {tree.union_a.pk: 2, tree.union_c.pk: 0}
    assert rate({1: 95}, {1: 100, 2: 0}) == {1: 95, 2: None}


def test_a_failing_metric_fails_the_run(tree: Any) -> None:
    def broken(orgs: Any, period: Period) -> dict:
        raise ZeroDivisionError

    registry.register(Metric("test_broken", "broken", Kind.COUNT, broken))
    try:
        with pytest.raises(MetricError, match="test_broken"):
            compute(Organization.objects.all(), Period.year(2025), ["test_broken"])
    finally:
        registry._metrics.pop("test_broken")


def test_groups_dissolved_or_founded_later_do_not_count(tree: Any, make_user: Any) -> None:
    from gonghui.accounts.access import Access
    from gonghui.orgs.services import org_dissolve

    root = Access(make_user(username="root", is_superuser=True), [])
    org_dissolve(access=root, org=tree.group_a2, on=Period.year(2025).start)
    late = make_org(tree.union_a, "UA-G9", OrgType.GROUP, founded_on="2026-03-01")
    assert late.pk
    values = compute(
        Organization.objects.filter(pk=tree.union_a.pk), Period.year(2025), ["union_group_count"]
    )
    assert values["union_group_count"][tree.union_a.pk] == 1


def test_metrics_command_prints_json_for_one_union(tree: Any) -> None:
    out = StringIO()
    call_command("metrics", "UA", "--year", "2025", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["union_group_count"] == 2 and data["legal_person_registered"] is False
