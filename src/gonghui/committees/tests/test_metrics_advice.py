"""Committee metrics (own union, set-based) and advisory checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.committees.models import CommitteeKind
from gonghui.committees.tests.factories import make_committee, make_election, make_seat
from gonghui.conftest import make_org
from gonghui.core.advice import advice_of
from gonghui.core.metrics import Period, compute, registry
from gonghui.orgs.models import Organization

Y2025 = Period.year(2025)
NAMES = [
    "committee_present",
    "committee_size",
    "committee_size_ok",
    "women_committee_present",
    "funds_review_committee_present",
    "labor_protection_committee_present",
    "mediation_committee_present",
    "leading_group_count",
    "committee_term_valid",
    "chair_full_time",
    "committee_election_approved",
]


def _seven(union: Any, **kw: Any) -> Any:
    c = make_committee(union, **kw)
    make_seat(union, c, position="chair", person_name="王建国", full_time=True)
    for i in range(6):
        make_seat(union, c, position="member", person_name=f"委员{i}")
    return c


def _values(*orgs: Any, names: list[str] | None = None) -> dict[str, dict[int, Any]]:
    return compute(Organization.objects.filter(pk__in=[o.pk for o in orgs]), Y2025, names or NAMES)


def test_metrics_of_a_union_with_its_bodies(tree: Any, member_counts: Any) -> None:
    member_counts("member_count", {tree.union_a.pk: 426, tree.union_b.pk: 20})
    c = _seven(tree.union_a)
    make_election(tree.union_a, c, approved_on=dt.date(2023, 4, 28))
    for kind in (CommitteeKind.WOMEN, CommitteeKind.FUNDS_REVIEW):
        make_committee(tree.union_a, kind=kind)
    make_committee(tree.union_a, kind=CommitteeKind.LABOR_PROTECTION)
    for name in ("标准化建设领导小组", "局务公开领导小组"):
        make_committee(
            tree.union_a, kind=CommitteeKind.LEADING_GROUP, name=name, established_on=dt.date(2025, 3, 5)
        )
    make_committee(
        tree.union_a, kind=CommitteeKind.LEADING_GROUP, established_on=dt.date(2026, 1, 5)
    )  # later
    _seven(tree.union_b)
    v = _values(tree.union_a, tree.union_b, tree.union_c)
    a, b, c_ = tree.union_a.pk, tree.union_b.pk, tree.union_c.pk
    assert v["committee_present"] == {a: True, b: True, c_: False}
    assert v["committee_size"] == {a: 7, b: 7, c_: 0}
    assert v["committee_size_ok"] == {a: True, b: False, c_: False}  # 20 members: 1 to 3
    assert v["women_committee_present"][a] and not v["women_committee_present"][b]
    assert v["funds_review_committee_present"][a] and v["labor_protection_committee_present"][a]
    assert not v["mediation_committee_present"][a]
    assert v["leading_group_count"] == {a: 2, b: 0, c_: 0}
    assert v["committee_term_valid"] == {a: True, b: True, c_: False}
    assert v["chair_full_time"] == {a: True, b: True, c_: False}
    assert v["committee_election_approved"] == {a: True, b: False, c_: False}
    seats = registry.get("committee_size").evidence(tree.union_a, Y2025)
    assert seats.count() == 7 and {s.organization_id for s in seats} == {a}


def test_a_federation_does_not_add_up_its_unions_committees(tree: Any) -> None:
    _seven(tree.union_a)
    v = _values(tree.city, names=["committee_size", "committee_present"])
    assert v["committee_size"][tree.city.pk] == 0 and v["committee_present"][tree.city.pk] is False


def test_the_latest_term_counts_and_expired_terms_are_not_valid(tree: Any) -> None:
    old = _seven(tree.union_a, term_years=3, term_start=dt.date(2019, 1, 1))
    v = _values(tree.union_a)
    assert v["committee_size"][tree.union_a.pk] == 7 and not v["committee_term_valid"][tree.union_a.pk]
    new = make_committee(tree.union_a, term_years=5, term_start=dt.date(2025, 6, 1))
    make_seat(tree.union_a, new, position="chair", person_name="新主席")
    v = _values(tree.union_a)
    assert v["committee_size"][tree.union_a.pk] == 1 and v["committee_term_valid"][tree.union_a.pk]
    assert not v["chair_full_time"][tree.union_a.pk]
    assert old.term_end == dt.date(2021, 12, 31)


def test_size_is_unknown_without_a_member_count(tree: Any, member_counts: Any) -> None:
    member_counts("member_count", None)
    _seven(tree.union_a)
    assert _values(tree.union_a, names=["committee_size_ok"])["committee_size_ok"][tree.union_a.pk] is False
    messages = [a.message for a in advice_of(tree.union_a, dt.date(2025, 6, 1))]
    assert any("会员人数未知" in m for m in messages)


def test_village_unions_use_their_own_band(tree: Any, member_counts: Any) -> None:
    village = make_org(tree.city, "UV", unit_kind="village", name="丙村工会")
    member_counts("member_count", {village.pk: 100})
    c = make_committee(village)
    for i in range(5):
        make_seat(village, c, person_name=f"村委{i}")
    assert _values(village, names=["committee_size_ok"])["committee_size_ok"][village.pk] is True


def test_metrics_cost_a_few_queries_for_many_unions(tree: Any, member_counts: Any) -> None:
    unions = [make_org(tree.city, f"M{i:02d}") for i in range(20)]
    member_counts("member_count", {u.pk: 100 for u in unions})
    for u in unions:
        _seven(u)
    with CaptureQueriesContext(connection) as ctx:
        compute(Organization.objects.filter(pk__in=[u.pk for u in unions]), Y2025, NAMES)
    assert len(ctx.captured_queries) <= 3 * len(NAMES)


def _messages(org: Any, day: dt.date) -> list[str]:
    return [a.message for a in advice_of(org, day)]


def test_advice_reminds_of_the_term_end_six_months_ahead(tree: Any) -> None:
    _seven(tree.union_a, term_years=5, term_start=dt.date(2021, 3, 15))  # ends 2026-03-14
    assert not any("换届" in m for m in _messages(tree.union_a, dt.date(2025, 9, 13)))
    assert any("换届提醒" in m and "2026-03-14" in m for m in _messages(tree.union_a, dt.date(2025, 9, 14)))
    expired = [a for a in advice_of(tree.union_a, dt.date(2026, 4, 1)) if "届满" in a.message]
    assert expired and expired[0].level == "danger"


def test_advice_on_size_women_funds_review_and_reviewers(tree: Any, member_counts: Any) -> None:
    member_counts("member_count", {tree.union_a.pk: 426})
    member_counts("women_member_count", {tree.union_a.pk: 118})
    c = make_committee(tree.union_a)
    make_seat(tree.union_a, c, position="chair", person_name="王建国", full_time=True)
    make_seat(tree.union_a, c, position="member", person_name="李卫东")
    day = dt.date(2025, 6, 1)
    messages = _messages(tree.union_a, day)
    assert any("应有7至15人" in m for m in messages)
    assert any("女职工委员会" in m and "118" in m for m in messages)
    assert any("经费审查委员会" in m for m in messages)
    review = make_committee(tree.union_a, kind=CommitteeKind.FUNDS_REVIEW)
    make_seat(tree.union_a, review, position="director", person_name="王建国")
    make_seat(tree.union_a, review, position="member", person_name="刘芳", is_finance_staff=True)
    make_committee(tree.union_a, kind=CommitteeKind.WOMEN)
    messages = _messages(tree.union_a, day)
    assert not any("118" in m for m in messages)
    flagged = [m for m in messages if "不得担任经审委员" in m]
    assert len(flagged) == 2 and any("王建国" in m for m in flagged) and any("刘芳" in m for m in flagged)


def test_advice_says_when_the_election_has_no_approval(tree: Any) -> None:
    c = _seven(tree.union_a)
    make_election(tree.union_a, c)
    assert any("批复" in m for m in _messages(tree.union_a, dt.date(2025, 6, 1)))


def test_advice_is_for_unions_not_groups_or_federations(tree: Any) -> None:
    day = dt.date(2025, 6, 1)
    assert any("工会委员会" in a.message for a in advice_of(tree.union_a, day))
    assert not any("工会委员会" in a.message for a in advice_of(tree.group_a1, day))
    assert not any("工会委员会" in a.message for a in advice_of(tree.city, day))


def test_the_union_page_lists_its_bodies_with_head_and_seats(chair: Any, tree: Any) -> None:
    _seven(tree.union_a, name="甲局工会第三届委员会")
    _seven(tree.union_b, name="乙乡工会委员会")
    page = chair.get(reverse("records:detail", kwargs={"rt": "orgs", "pk": tree.union_a.pk})).content.decode()
    assert "甲局工会第三届委员会" in page and "王建国" in page
    assert "乙乡工会委员会" not in page
