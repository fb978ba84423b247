"""Committees, seats, elections and candidates through the generic pages and API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.committees.models import Candidate, Committee, Election, Seat
from gonghui.committees.tests.factories import make_candidate, make_committee, make_election, make_seat
from gonghui.core.errors import DomainError
from gonghui.core.records import record_create, registry


def _create(slug: str) -> str:
    return reverse("records:create", kwargs={"rt": slug})


def _api(make_user: Any, org: Any) -> Any:
    from django.test import Client

    _t, raw = token_create(user=make_user(Role.CHAIR, org, username="api_chair"), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_committee_form_fills_the_term_end_from_start_and_years(chair: Any, tree: Any) -> None:
    resp = chair.post(
        _create("committees"),
        {
            "owner": tree.union_a.pk,
            "kind": "union",
            "name": "甲局工会委员会",
            "term_years": 5,
            "term_start": "2023-04-18",
        },
    )
    assert resp.status_code == 302
    c = Committee.objects.get(name="甲局工会委员会")
    assert c.organization == tree.union_a and c.term_end == dt.date(2028, 4, 17)
    assert c.history.get().history_user.username == "chair_a"


def test_a_term_ending_before_it_starts_is_refused_and_nothing_written(chair: Any, tree: Any) -> None:
    resp = chair.post(
        _create("committees"),
        {
            "owner": tree.union_a.pk,
            "kind": "leading_group",
            "name": "领导小组",
            "term_start": "2025-03-01",
            "term_end": "2024-03-01",
        },
    )
    assert resp.status_code == 400
    assert "任期结束日期必须晚于开始日期" in resp.content.decode()
    assert not Committee.objects.exists()


def test_an_elected_committee_needs_a_term_of_three_or_five_years(chair: Any, tree: Any) -> None:
    resp = chair.post(
        _create("committees"), {"owner": tree.union_a.pk, "kind": "women", "name": "女职工委员会"}
    )
    page = resp.content.decode()
    assert resp.status_code == 400
    assert "任期为3年或5年" in page and "须填写任期开始日期" in page
    too_long = chair.post(
        _create("committees"),
        {
            "owner": tree.union_a.pk,
            "kind": "union",
            "name": "工会委员会",
            "term_years": 3,
            "term_start": "2023-01-01",
            "term_end": "2027-06-30",
        },
    )
    assert too_long.status_code == 400 and "最迟至2026-01-01" in too_long.content.decode()
    assert not Committee.objects.exists()


def test_committee_api_refuses_bad_terms_in_chinese(make_user: Any, tree: Any) -> None:
    api = _api(make_user, tree.union_a)
    body = {"organization": tree.union_a.pk, "kind": "union", "name": "委员会", "term_years": 5}
    resp = api.post(
        "/api/v1/committees/",
        {**body, "term_start": "2025-01-01", "term_end": "2024-01-01"},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert resp.json()["errors"]["term_end"] == ["任期结束日期必须晚于开始日期。"]
    ok = api.post(
        "/api/v1/committees/", {**body, "term_start": "2025-01-01"}, content_type="application/json"
    )
    assert ok.status_code == 201 and ok.json()["term_end"] == "2029-12-31"
    assert Committee.objects.count() == 1


def test_seats_are_added_from_the_committee_page_and_listed_there(chair: Any, tree: Any) -> None:
    c = make_committee(tree.union_a, name="甲局工会委员会")
    page = chair.get(reverse("records:detail", kwargs={"rt": "committees", "pk": c.pk})).content.decode()
    add = f"{_create('committee-seats')}?committee={c.pk}"
    assert add in page
    resp = chair.post(
        add,
        {
            "owner": tree.union_a.pk,
            "committee": c.pk,
            "order": 1,
            "position": "chair",
            "person_name": "王建国",
            "full_time": "on",
            "selection": "elected",
        },
    )
    assert resp.status_code == 302
    seat = Seat.objects.get()
    assert seat.committee == c and seat.organization == tree.union_a and seat.full_time
    page = chair.get(reverse("records:detail", kwargs={"rt": "committees", "pk": c.pk})).content.decode()
    assert "王建国" in page and "在任1人" in page


def test_a_seat_needs_a_name_and_stays_in_its_committees_union(
    chair: Any, chair_user: Any, tree: Any
) -> None:
    c = make_committee(tree.union_a)
    resp = chair.post(
        f"{_create('committee-seats')}?committee={c.pk}",
        {
            "owner": tree.union_a.pk,
            "committee": c.pk,
            "order": 1,
            "position": "member",
            "selection": "elected",
        },
    )
    assert resp.status_code == 400 and "请填写姓名或选择会员" in resp.content.decode()
    # A committee of another union (same tree, so the chair can see neither form field nor row).
    other = make_committee(tree.union_c)
    with pytest.raises(DomainError) as refused:
        record_create(
            registry.get("committee-seats"),
            access=get_access(chair_user),
            organization=tree.union_a,
            data={"committee": other, "position": "member", "person_name": "外人", "order": 1},
        )
    assert "committee" in refused.value.message_dict
    assert not Seat.objects.exists()


def _election_form(c: Committee, **kw: Any) -> dict[str, Any]:
    data = {
        "owner": c.organization_id,
        "committee": c.pk,
        "held_on": "2023-04-18",
        "kind": "regular",
        "assembly": "congress",
        "method": "competitive",
        "seats": 7,
        "eligible_voters": 60,
        "present": 57,
        "votes_cast": 57,
    }
    return {**data, **kw}


def test_election_figures_out_of_order_are_refused(chair: Any, tree: Any) -> None:
    c = make_committee(tree.union_a)
    url = f"{_create('elections')}?committee={c.pk}"
    more_present = chair.post(url, _election_form(c, present=61))
    assert (
        more_present.status_code == 400
        and "实到人数（61）超过应到人数（60）" in more_present.content.decode()
    )
    more_votes = chair.post(url, _election_form(c, votes_cast=58))
    assert more_votes.status_code == 400 and "投票人数（58）超过实到人数（57）" in more_votes.content.decode()
    early = chair.post(url, _election_form(c, approved_on="2023-04-01", approval_number="X工复〔2023〕1号"))
    assert early.status_code == 400 and "批复日期不能早于选举日期" in early.content.decode()
    assert not Election.objects.exists()
    assert chair.post(url, _election_form(c, approved_on="2023-04-28")).status_code == 302


def test_a_candidate_needs_more_than_half_of_all_entitled_voters(chair: Any, tree: Any) -> None:
    e = make_election(tree.union_a, seats=2, eligible_voters=60, present=57, votes_cast=57)
    url = f"{_create('election-candidates')}?election={e.pk}"

    def post(**kw: Any) -> Any:
        return chair.post(url, {"owner": tree.union_a.pk, "election": e.pk, "person_name": "李四", **kw})

    half = post(votes=30, elected="on")
    assert half.status_code == 400 and "应到60人的过半数，即至少31票" in half.content.decode()
    over = post(votes=58)
    assert over.status_code == 400 and "得票数（58）超过投票人数（57）" in over.content.decode()
    assert not Candidate.objects.exists()
    assert post(votes=31, elected="on").status_code == 302
    make_candidate(tree.union_a, e, votes=40, elected=True)
    full = post(votes=45, elected="on")
    assert full.status_code == 400 and "2个名额已满" in full.content.decode()


def test_nobody_is_elected_without_two_thirds_present(chair: Any, tree: Any) -> None:
    e = make_election(tree.union_a, eligible_voters=60, present=39, votes_cast=39)
    resp = chair.post(
        f"{_create('election-candidates')}?election={e.pk}",
        {"owner": tree.union_a.pk, "election": e.pk, "person_name": "李四", "votes": 39, "elected": "on"},
    )
    assert resp.status_code == 400 and "选举无效" in resp.content.decode()
    page = chair.get(reverse("records:detail", kwargs={"rt": "elections", "pk": e.pk})).content.decode()
    assert "不足三分之二" in page


def test_lowering_the_ballots_below_a_candidates_votes_is_refused(make_user: Any, tree: Any) -> None:
    e = make_election(tree.union_a)
    make_candidate(tree.union_a, e, votes=50)
    api = _api(make_user, tree.union_a)
    resp = api.patch(f"/api/v1/elections/{e.pk}", {"votes_cast": 40}, content_type="application/json")
    assert resp.status_code == 400 and "已有候选人得票50票" in resp.json()["detail"]
    e.refresh_from_db()
    assert e.votes_cast == 55


def test_seat_list_filters_and_exports(chair: Any, tree: Any) -> None:
    c = make_committee(tree.union_a)
    make_seat(tree.union_a, c, position="chair", person_name="王建国", full_time=True)
    make_seat(tree.union_a, c, position="member", person_name="李卫东")
    url = reverse("records:list", kwargs={"rt": "committee-seats"})
    page = chair.get(url, {"position": "chair"}).content.decode()
    assert "王建国" in page and "李卫东" not in page
    csv = b"".join(
        chair.get(
            reverse("records:export", kwargs={"rt": "committee-seats"}), {"format": "csv"}
        ).streaming_content
    ).decode("utf-8-sig")
    assert "王建国" in csv and "李卫东" in csv


def test_a_collective_bargaining_committee_lists_its_bargaining_representatives(
    chair: Any, tree: Any
) -> None:
    resp = chair.post(
        _create("committees"),
        {
            "owner": tree.union_a.pk,
            "kind": "bargaining",
            "name": "集体协商委员会",
            "established_on": "2024-11-05",
        },
    )
    assert resp.status_code == 302
    body = Committee.objects.get(kind="bargaining")
    make_seat(tree.union_a, body, position="negotiator", person_name="周建平")
    page = chair.get(reverse("records:detail", kwargs={"rt": "committees", "pk": body.pk})).content.decode()
    assert "集体协商委员会" in page and "协商代表" in page and "周建平" in page
