"""The demo campaigns and the scoring benchmark."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command

from gonghui.accounts import demo as accounts_demo
from gonghui.assessment import demo
from gonghui.assessment.models import (
    Assessment,
    Assignment,
    Campaign,
    ItemScore,
    RectificationTask,
    Standard,
    Status,
)
from gonghui.core.scope import unscoped
from gonghui.orgs import demo as orgs_demo
from gonghui.orgs.models import Organization


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Standard, Campaign, Assessment, Assignment, ItemScore, RectificationTask)
    )


def test_demo_runs_on_bare_records_and_twice_without_duplicates(db: Any) -> None:
    """Only the tree and the users exist: every metric is empty, and the demo still works."""
    ctx: dict[str, Any] = {}
    with unscoped("the demo loads every union"):
        orgs_demo.load(ctx)
        accounts_demo.load(ctx)
        demo.load(ctx)
        first = _counts()
        demo.load(ctx)
    assert _counts() == first
    bureau = Assessment.objects.get(campaign__name=demo.CITY_2025)
    assert bureau.organization.code == "DEMO-BUREAU" and bureau.status == Status.ACCEPTED
    assert bureau.grade and bureau.accepted_by.username == "city_inspector"
    assert Assignment.objects.filter(assessment=bureau, inspector__username="city_inspector").exists()
    changan = Assessment.objects.get(campaign__name=demo.COUNTY_2025)
    assert (
        changan.organization == Organization.objects.get(code="DEMO-CHANGAN")
        and changan.status == Status.SUBMITTED
    )
    assert Campaign.objects.filter(name=demo.CITY_2024, year=2024).exists()
    assert RectificationTask.objects.filter(assessment__in=[bureau, changan]).count() >= 3
    assert ItemScore.objects.get(assessment=bureau, criterion__code="A7").review_points is not None


def test_bench_score_prints_equal_query_counts_and_leaves_nothing(db: Any) -> None:
    before = (Organization.objects.count(), Assessment.objects.count(), Standard.objects.count())
    out = StringIO()
    call_command(
        "bench_score", "--unions", "40", "--baseline", "4", "--items", "12",
        "--metrics", "union_group_count,employees,legal_person_registered,unions_founded", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    big, small = json.loads(lines[0]), json.loads(lines[1])
    assert (big["unions"], big["items"], small["unions"]) == (40, 12, 4)
    assert big["queries"] == small["queries"] and "equal" in lines[2]
    assert set(big) == {"unions", "items", "seconds", "queries"}
    assert (Organization.objects.count(), Assessment.objects.count(), Standard.objects.count()) == before


def test_bench_score_with_the_derived_measures_loads_them_and_keeps_its_query_count(db: Any) -> None:
    from gonghui.activities.models import Activity

    before = (Organization.objects.count(), Activity.objects.count(), Standard.objects.count())
    out = StringIO()
    call_command(
        "bench_score", "--unions", "40", "--baseline", "8", "--items", "4", "--measures",
        "--metrics", "union_group_count,employees", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    big, small = json.loads(lines[0]), json.loads(lines[1])
    assert (big["unions"], big["items"], small["unions"]) == (40, 14, 8)
    assert big["queries"] == small["queries"] and "equal" in lines[2]
    assert (Organization.objects.count(), Activity.objects.count(), Standard.objects.count()) == before
