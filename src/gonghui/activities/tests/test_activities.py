"""Activities and facilities: dates in order, metrics of the year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.activities.models import Activity, Facility, FacilityKind, Occasion
from gonghui.activities.tests.factories import make_activity, make_facility
from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import Organization

NAMES = ["activity_count", "activity_participants", "festival_activity_count", "facility_count"]


def test_an_activity_ending_before_it_began_is_refused(post_record: Any) -> None:
    resp = post_record(
        "activities",
        {
            "title": "五一拔河比赛",
            "occasion": "labour_day",
            "kind": "sports",
            "held_on": "2025-04-30",
            "ended_on": "2025-04-01",
            "participant_count": 60,
        },
    )
    assert resp.status_code == 400
    assert "结束日期不能早于活动日期" in resp.content.decode()
    assert not Activity.objects.exists()


def test_a_negative_participant_count_is_refused(api: Any, tree: Any) -> None:
    resp = api().post(
        "/api/v1/activities/",
        {
            "organization": tree.union_a.pk,
            "title": "五一拔河比赛",
            "kind": "sports",
            "held_on": "2025-04-30",
            "participant_count": -3,
        },
        content_type="application/json",
    )
    assert resp.status_code in (400, 422) and not Activity.objects.exists()


def test_a_facility_renovated_before_it_was_built_is_refused(post_record: Any) -> None:
    resp = post_record(
        "facilities",
        {
            "name": "气排球场",
            "kind": "volleyball",
            "quantity": 1,
            "funding": "tech_association",
            "acquired_on": "2025-06-01",
            "renovated_on": "2024-09-30",
        },
    )
    assert resp.status_code == 400
    assert "翻新日期不能早于建成或购置日期" in resp.content.decode()
    assert not Facility.objects.exists()


def test_a_valid_facility_is_kept_with_its_funding(post_record: Any) -> None:
    resp = post_record(
        "facilities",
        {
            "name": "地掷球场",
            "kind": "bocce",
            "quantity": 1,
            "funding": "tech_association",
            "acquired_on": "2025-08-28",
        },
    )
    assert resp.status_code == 302
    assert Facility.objects.get().get_funding_display() == "技协发展基金"


def test_activity_and_facility_metrics(tree: Any) -> None:
    make_activity(
        tree.union_a, occasion=Occasion.WOMENS_DAY, held_on=dt.date(2025, 3, 7), participant_count=32
    )
    make_activity(tree.union_a, participant_count=60)
    make_activity(tree.group_a1, title="小组读书会", occasion=Occasion.OTHER, participant_count=8)
    make_activity(tree.union_a, title="去年", held_on=dt.date(2024, 5, 1), participant_count=99)
    make_facility(tree.union_a)
    make_facility(tree.union_a, name="电脑", kind=FacilityKind.COMPUTER, quantity=2, acquired_on=None)
    make_facility(
        tree.union_a, name="明年的球场", kind=FacilityKind.BASKETBALL, acquired_on=dt.date(2026, 3, 1)
    )
    make_facility(tree.union_b)
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_b.pk, tree.union_c.pk]
    )
    v = compute(orgs, Period.year(2025), NAMES)
    assert v["activity_count"] == {
        tree.city.pk: 3,
        tree.union_a.pk: 3,
        tree.union_b.pk: 0,
        tree.union_c.pk: 0,
    }
    assert v["activity_participants"][tree.union_a.pk] == 100
    assert v["festival_activity_count"][tree.union_a.pk] == 2
    assert v["facility_count"] == {
        tree.city.pk: 2,
        tree.union_a.pk: 2,
        tree.union_b.pk: 1,
        tree.union_c.pk: 0,
    }
    evidence = registry.get("festival_activity_count").evidence(tree.union_a, Period.year(2025))
    assert sorted(a.occasion for a in evidence) == ["labour_day", "womens_day"]


def test_an_activity_keeps_its_audience_programme_cost_and_co_organizers(post_record: Any) -> None:
    resp = post_record(
        "activities",
        {
            "title": "“九九重阳”敬老慰问",
            "occasion": "double_ninth",
            "kind": "culture",
            "held_on": "2025-10-29",
            "participant_count": 120,
            "audience": "退休职工",
            "organizer": "城关镇总工会",
            "co_organizers": "城关镇老年人协会",
            "programme": "戏曲联唱；太极拳表演",
            "cost": "8600.00",
        },
    )
    assert resp.status_code == 302
    a = Activity.objects.get()
    assert (a.get_occasion_display(), a.audience, a.co_organizers) == (
        "重阳节",
        "退休职工",
        "城关镇老年人协会",
    )
    assert a.programme == "戏曲联唱；太极拳表演" and a.cost == Decimal("8600.00")


def test_a_negative_cost_is_refused(post_record: Any) -> None:
    resp = post_record(
        "activities",
        {"title": "中秋联欢", "occasion": "mid_autumn", "kind": "culture", "held_on": "2025-10-04"}
        | {"participant_count": 10, "cost": "-1"},
    )
    assert resp.status_code == 400 and not Activity.objects.exists()


def test_traditional_festivals_count_and_the_cost_adds_up(tree: Any) -> None:
    for occasion in (
        Occasion.DOUBLE_NINTH,
        Occasion.MID_AUTUMN,
        Occasion.DRAGON_BOAT,
        Occasion.LANTERN_FESTIVAL,
    ):
        make_activity(tree.union_a, title=str(occasion), occasion=occasion, cost=Decimal("100.50"))
    make_activity(tree.group_a1, title="小组读书会", occasion=Occasion.OTHER, cost=Decimal("50"))
    make_activity(tree.union_a, title="无费用")  # no cost entered: adds nothing
    make_activity(tree.union_b, title="乙", cost=Decimal("999"))
    orgs = Organization.objects.filter(pk__in=[tree.city.pk, tree.union_a.pk, tree.union_c.pk])
    v = compute(orgs, Period.year(2025), ["festival_activity_count", "activity_cost"])
    assert v["festival_activity_count"][tree.union_a.pk] == 5  # four traditional festivals and 五一
    assert v["activity_cost"] == {
        tree.city.pk: Decimal("452.00"),
        tree.union_a.pk: Decimal("452.00"),
        tree.union_c.pk: Decimal("0.00"),
    }
    evidence = registry.get("activity_cost").evidence(tree.union_a, Period.year(2025))
    assert len(evidence) == 5
