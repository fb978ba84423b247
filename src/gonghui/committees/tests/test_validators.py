"""The election rules that read other rows (committees/validators.py) run on every write:
the page shows the error on its field, the API answers 400 naming the field, nothing is written."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.committees.models import Candidate, Election
from gonghui.committees.tests.factories import make_candidate, make_election


def _api(make_user: Any, org: Any) -> Client:
    _t, raw = token_create(user=make_user(Role.CHAIR, org, username="api_chair"), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_an_election_with_its_seats_filled_elects_nobody_more(chair: Any, make_user: Any, tree: Any) -> None:
    e = make_election(tree.union_a, seats=1, eligible_voters=60, present=57, votes_cast=57)
    make_candidate(tree.union_a, e, votes=40, elected=True)
    fields = {"election": e.pk, "person_name": "李四", "votes": 35}
    url = reverse("records:create", kwargs={"rt": "election-candidates"}) + f"?election={e.pk}"
    page = chair.post(url, {"owner": tree.union_a.pk, **fields, "elected": "on"})
    assert page.status_code == 400
    assert page.context["form"].errors["elected"] == ["本次选举1个名额已满。"]
    api = _api(make_user, tree.union_a)
    body = {"organization": tree.union_a.pk, "election_id": e.pk, "person_name": "李四", "votes": 35}
    resp = api.post(
        "/api/v1/election-candidates/", {**body, "elected": True}, content_type="application/json"
    )
    assert resp.status_code == 400, resp.content
    assert resp.json()["errors"]["elected"] == ["本次选举1个名额已满。"]
    assert Candidate.objects.count() == 1
    # Not elected, the same candidate is recorded.
    assert api.post("/api/v1/election-candidates/", body, content_type="application/json").status_code == 201


def test_ballots_cannot_fall_below_a_candidates_votes(chair: Any, make_user: Any, tree: Any) -> None:
    e = make_election(tree.union_a, eligible_voters=60, present=55, votes_cast=55)
    make_candidate(tree.union_a, e, votes=50)
    form = {
        "committee": e.committee_id,
        "held_on": "2023-03-01",
        "kind": "regular",
        "assembly": "congress",
        "method": "competitive",
        "seats": 7,
        "eligible_voters": 60,
        "present": 55,
        "votes_cast": 40,
    }
    page = chair.post(reverse("records:update", kwargs={"rt": "elections", "pk": e.pk}), form)
    assert page.status_code == 400
    assert page.context["form"].errors["votes_cast"] == ["已有候选人得票50票，投票人数不能少于该票数。"]
    api = _api(make_user, tree.union_a)
    resp = api.patch(f"/api/v1/elections/{e.pk}", {"votes_cast": 40}, content_type="application/json")
    assert resp.status_code == 400
    assert resp.json()["errors"]["votes_cast"] == ["已有候选人得票50票，投票人数不能少于该票数。"]
    assert Election.objects.get().votes_cast == 55
    ok = api.patch(f"/api/v1/elections/{e.pk}", {"votes_cast": 50}, content_type="application/json")
    assert ok.status_code == 200 and Election.objects.get().votes_cast == 50
