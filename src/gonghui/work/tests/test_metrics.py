"""The metrics of union work: set-based over many unions, each union's subtree rolled up, the
committee's quarters counted for the union itself only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import Organization
from gonghui.work.models import Channel, ItemStatus, MeetingKind, PublicityKind, PublicityStatus
from gonghui.work.tests.factories import make_item, make_meeting, make_plan, make_publicity

MEETING_METRICS = [
    "work_meeting_count",
    "committee_meeting_count",
    "committee_meeting_quarters",
    "employer_visits",
]


def _orgs(tree: Any) -> Any:
    return Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.group_a1.pk, tree.union_b.pk, tree.union_c.pk]
    )


def _meetings(tree: Any) -> None:
    for day in [dt.date(2025, 1, 10), dt.date(2025, 2, 20), dt.date(2025, 5, 8), dt.date(2025, 11, 3)]:
        make_meeting(tree.union_a, held_on=day, title=f"委员会会议{day}")
    make_meeting(tree.union_a, title="去年三季度", held_on=dt.date(2024, 8, 1))
    # The group's meeting in the third quarter does not fill union A's gap.
    make_meeting(tree.group_a1, title="小组会", held_on=dt.date(2025, 8, 12))
    make_meeting(
        tree.union_a,
        kind=MeetingKind.VISIT,
        title="走访",
        employers_visited="甲厂",
        held_on=dt.date(2025, 8, 20),
    )
    make_meeting(tree.group_a1, kind=MeetingKind.FORUM, title="座谈会", held_on=dt.date(2025, 9, 1))
    make_meeting(tree.city, title="市总委员会会议", held_on=dt.date(2025, 3, 1))
    make_meeting(tree.union_b, title="乙乡委员会会议", held_on=dt.date(2025, 6, 1))
    make_meeting(
        tree.union_b,
        kind=MeetingKind.VISIT,
        title="乙乡走访",
        employers_visited="乙厂",
        held_on=dt.date(2025, 6, 2),
    )


def test_meeting_metrics_roll_up_and_quarters_are_the_unions_own(tree: Any) -> None:
    _meetings(tree)
    v = compute(_orgs(tree), Period.year(2025), MEETING_METRICS)
    city, a, g, b, c = tree.city.pk, tree.union_a.pk, tree.group_a1.pk, tree.union_b.pk, tree.union_c.pk
    assert v["work_meeting_count"] == {city: 8, a: 7, g: 2, b: 2, c: 0}
    assert v["committee_meeting_count"] == {city: 6, a: 5, g: 1, b: 1, c: 0}
    # Union A met in Q1 (twice), Q2 and Q4: three quarters, its group's Q3 meeting not among them;
    # the city federation's own committee met once, whatever the unions below did.
    assert v["committee_meeting_quarters"] == {city: 1, a: 3, g: 1, b: 1, c: 0}
    assert v["employer_visits"] == {city: 1, a: 1, g: 0, b: 1, c: 0}
    evidence = registry.get("committee_meeting_quarters").evidence(tree.union_a, Period.year(2025))
    assert evidence.count() == 4


def test_quarters_of_a_longer_period_are_told_apart_by_year(tree: Any) -> None:
    make_meeting(tree.union_a, title="2024一季度", held_on=dt.date(2024, 2, 1))
    make_meeting(tree.union_a, title="2025一季度", held_on=dt.date(2025, 2, 1))
    period = Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert (
        compute(_orgs(tree), period, ["committee_meeting_quarters"])["committee_meeting_quarters"][
            tree.union_a.pk
        ]
        == 2
    )


def test_quarters_take_one_query_whatever_the_number_of_unions(tree: Any) -> None:
    _meetings(tree)
    with CaptureQueriesContext(connection) as few:
        compute(
            Organization.objects.filter(pk=tree.union_a.pk), Period.year(2025), ["committee_meeting_quarters"]
        )
    with CaptureQueriesContext(connection) as many:
        compute(Organization.objects.all(), Period.year(2025), ["committee_meeting_quarters"])
    assert len(many.captured_queries) == len(few.captured_queries)


def test_plan_item_metrics(tree: Any) -> None:
    plan = make_plan(tree.union_a, year=2025)
    make_item(tree.union_a, plan, content="已完成", status=ItemStatus.DONE, due_on=dt.date(2025, 6, 30))
    make_item(
        tree.union_a, plan, content="进行中", status=ItemStatus.IN_PROGRESS, due_on=dt.date(2025, 11, 30)
    )
    make_item(tree.union_a, plan, content="未定期限", status=ItemStatus.NOT_STARTED)  # due at the year's end
    make_item(tree.union_a, plan, content="已取消", status=ItemStatus.CANCELLED, due_on=dt.date(2025, 5, 1))
    group_plan = make_plan(tree.group_a1, year=2025)
    make_item(
        tree.group_a1, group_plan, content="小组已完成", status=ItemStatus.DONE, due_on=dt.date(2025, 9, 1)
    )
    later = make_plan(tree.union_a, year=2026)
    make_item(tree.union_a, later, content="明年", status=ItemStatus.DONE, due_on=dt.date(2026, 3, 1))
    v = compute(_orgs(tree), Period.year(2025), ["plan_items_count", "plan_items_done_rate"])
    a, city, g, c = tree.union_a.pk, tree.city.pk, tree.group_a1.pk, tree.union_c.pk
    assert v["plan_items_count"][a] == 4 and v["plan_items_count"][city] == 4
    assert str(v["plan_items_done_rate"][a]) == "50.00"  # 2 of 4 (the group's done item counts for A)
    assert str(v["plan_items_done_rate"][g]) == "100.00"
    assert v["plan_items_done_rate"][c] is None  # nothing due: unknown, not 0 %
    # The first half-year: only the items due by 30 June, and the undated one is not yet due.
    half = compute(
        _orgs(tree),
        Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ["plan_items_count", "plan_items_done_rate"],
    )
    assert half["plan_items_count"][a] == 1 and str(half["plan_items_done_rate"][a]) == "100.00"


def test_publicity_metrics(tree: Any) -> None:
    make_publicity(tree.union_a)
    make_publicity(
        tree.union_a,
        title="信息",
        kind=PublicityKind.INFORMATION,
        channel=Channel.BULLETIN,
        status=PublicityStatus.SUBMITTED,
    )
    make_publicity(tree.union_a, title="普法一", kind=PublicityKind.LEGAL, channel=Channel.BOARD)
    make_publicity(tree.group_a1, title="普法二", kind=PublicityKind.LEGAL, channel=Channel.BOARD)
    make_publicity(tree.union_a, title="去年", published_on=dt.date(2024, 12, 31))
    make_publicity(tree.union_b, title="乙乡")
    v = compute(
        _orgs(tree),
        Period.year(2025),
        ["publicity_submitted", "publicity_published", "legal_education_count"],
    )
    a, city, b, c = tree.union_a.pk, tree.city.pk, tree.union_b.pk, tree.union_c.pk
    assert (
        v["publicity_submitted"][a] == 4
        and v["publicity_submitted"][city] == 4
        and v["publicity_submitted"][b] == 1
    )
    assert v["publicity_published"][a] == 3 and v["publicity_published"][c] == 0
    assert v["legal_education_count"][a] == 2 and v["legal_education_count"][tree.group_a1.pk] == 1
