"""Issue 16's fits in democratic management: the employers a regional contract covers (only its
own union's), a contract's renewal (the same union's, signed earlier), the labour-management
consultation meeting (no congress session) and the democratic evaluation of officers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Period, compute
from gonghui.democracy.models import CollectiveContract, ContractKind, OfficerReview
from gonghui.democracy.tests.factories import make_congress, make_contract, make_officer_review
from gonghui.orgs.models import CoveredEmployer, Organization

Y2025 = Period.year(2025)


def _employer(union: Organization, name: str) -> CoveredEmployer:
    return CoveredEmployer.objects.create(
        organization=union, name=name, employees=20, joined_on=dt.date(2020, 1, 1)
    )


def _body(union: Organization, **kw: Any) -> dict[str, Any]:
    return {
        "organization": union.pk,
        "kind": "regional",
        "title": "区域性集体合同",
        "employer_party": "商贸企业协会",
        "signed_on": "2025-03-28",
        "effective_from": "2025-04-20",
        "effective_to": "2028-04-19",
        "covered_employers": [],
        **kw,
    }


def _values(names: list[str], *orgs: Organization) -> dict[str, dict[int, Any]]:
    return compute(Organization.objects.filter(pk__in=[o.pk for o in orgs]), Y2025, names)


@pytest.fixture
def city_api(make_user: Any, tree: Any) -> Any:
    """A federation officer of the city: sees union A, union C and the city's own employers."""
    from django.test import Client  # why: a second client beside the chair's, with a bearer token

    from gonghui.accounts.services import token_create  # why: only the API fixture needs a token

    user = make_user(Role.FEDERATION_ADMIN, tree.city, username="city_admin")
    _t, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_contract_form_offers_only_the_unions_own_employers(chair: Any, tree: Any) -> None:
    mine = _employer(tree.union_a, "甲区商店")
    _employer(tree.union_c, "丙区饭店")
    page = chair.get(
        reverse("records:create", kwargs={"rt": "collective-contracts"}) + f"?org={tree.union_a.pk}"
    )
    html = page.content.decode()
    assert "甲区商店" in html and "丙区饭店" not in html
    form = {
        **_body(tree.union_a),
        "owner": tree.union_a.pk,
        "status": "signed",
        "covered_employers": [mine.pk],
    }
    del form["organization"]
    resp = chair.post(reverse("records:create", kwargs={"rt": "collective-contracts"}), form)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    contract = CollectiveContract.objects.get()
    assert list(contract.covered_employers.all()) == [mine]
    detail = chair.get(reverse("records:detail", kwargs={"rt": "collective-contracts", "pk": contract.pk}))
    assert "覆盖企业" in detail.content.decode() and "甲区商店" in detail.content.decode()


def test_another_unions_employer_is_refused_on_the_page_and_the_api(
    chair: Any, api: Any, city_api: Any, tree: Any
) -> None:
    sibling = _employer(tree.union_c, "丙区饭店")
    above = _employer(tree.city, "市直商场")  # up the tree: the generic check lets it through
    form = {
        **_body(tree.union_a),
        "owner": tree.union_a.pk,
        "status": "signed",
        "covered_employers": [sibling.pk],
    }
    del form["organization"]
    page = chair.post(reverse("records:create", kwargs={"rt": "collective-contracts"}), form)
    assert page.status_code == 400 and "选择一个有效的选项" in page.content.decode()
    resp = api.post(
        "/api/v1/collective-contracts/",
        _body(tree.union_a, covered_employers=[sibling.pk]),
        content_type="application/json",
    )
    assert resp.status_code == 400
    city = city_api.post(
        "/api/v1/collective-contracts/",
        _body(tree.union_a, covered_employers=[above.pk]),
        content_type="application/json",
    )
    assert city.status_code == 400
    assert city.json()["errors"]["covered_employers"] == ["市直商场 不是本工会覆盖的企业。"]
    assert not CollectiveContract.objects.exists()


def test_a_renewal_names_an_earlier_contract_of_the_same_union(
    api: Any, city_api: Any, chair: Any, tree: Any
) -> None:
    old = make_contract(
        tree.union_a,
        kind=ContractKind.REGIONAL,
        signed_on=dt.date(2022, 2, 20),
        effective_from=dt.date(2022, 3, 1),
        effective_to=dt.date(2025, 2, 28),
    )
    later = make_contract(tree.union_a, signed_on=dt.date(2025, 6, 1), effective_from=dt.date(2025, 6, 1))
    above = make_contract(tree.city, signed_on=dt.date(2022, 1, 5))  # up the tree: not refused by scope
    sibling = make_contract(tree.union_c, signed_on=dt.date(2022, 1, 5))
    for client, earlier, message in [
        (api, later, "续签的合同必须早于本合同签订。"),
        (city_api, above, "续签的合同必须是本工会自己的集体合同。"),
        (city_api, sibling, "不属于本工会"),
        (api, sibling, "选择一个有效的选项"),  # out of the chair's sight altogether
    ]:
        body = _body(tree.union_a, renews_id=earlier.pk)  # the API names a relation by its id
        resp = client.post("/api/v1/collective-contracts/", body, content_type="application/json")
        assert resp.status_code in (400, 422), earlier
        assert message in str(resp.json()), earlier
    assert CollectiveContract.objects.count() == 4
    ok = api.post(
        "/api/v1/collective-contracts/",
        _body(tree.union_a, renews_id=old.pk),
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["renews"] == old.pk
    renewal = CollectiveContract.objects.get(pk=ok.json()["id"])
    page = chair.get(reverse("records:detail", kwargs={"rt": "collective-contracts", "pk": renewal.pk}))
    assert "续签的合同" in page.content.decode() and old.title in page.content.decode()
    assert _values(["contracts_renewed"], tree.city)["contracts_renewed"][tree.city.pk] == 1


def test_employers_under_contract_counts_distinct_employers_in_force(tree: Any) -> None:
    a1, a2 = _employer(tree.union_a, "甲一商店"), _employer(tree.union_a, "甲二商店")
    c1 = _employer(tree.union_c, "丙一饭店")
    first = make_contract(tree.union_a, kind=ContractKind.REGIONAL)
    first.covered_employers.set([a1, a2])
    wage = make_contract(tree.union_a, kind=ContractKind.WAGE)
    wage.covered_employers.set([a1])  # the same employer on a second contract: counted once
    ended = make_contract(
        tree.union_c,
        effective_from=dt.date(2022, 1, 1),
        effective_to=dt.date(2024, 12, 31),
        signed_on=dt.date(2021, 12, 1),
    )
    ended.covered_employers.set([c1])  # not in force at the end of 2025
    v = _values(["employers_under_contract"], tree.city, tree.union_a, tree.union_c, tree.county)
    got = v["employers_under_contract"]
    assert (got[tree.city.pk], got[tree.union_a.pk], got[tree.union_c.pk], got[tree.county.pk]) == (
        2,
        2,
        0,
        0,
    )


def test_a_consultation_meeting_is_no_congress_session(tree: Any) -> None:
    make_congress(tree.union_a)
    make_congress(tree.union_a, kind="labour_talks", term_no=2025, session_no=1, name="劳资恳谈会")
    make_congress(tree.union_c, kind="labour_talks", term_no=2025, session_no=1, name="劳资恳谈会")
    v = _values(["congress_sessions", "labour_talks_count"], tree.city, tree.union_a)
    assert v["congress_sessions"][tree.city.pk] == 1
    assert (v["labour_talks_count"][tree.city.pk], v["labour_talks_count"][tree.union_a.pk]) == (2, 1)


def test_officer_reviews_count_and_check_their_ratings(api: Any, tree: Any) -> None:
    make_officer_review(tree.union_a)
    make_officer_review(tree.union_c, held_on=dt.date(2024, 6, 1))  # another year
    make_officer_review(tree.union_c)
    v = _values(["officer_reviews"], tree.city, tree.union_a, tree.county)["officer_reviews"]
    assert (v[tree.city.pk], v[tree.union_a.pk], v[tree.county.pk]) == (2, 1, 0)
    body = {
        "organization": tree.union_a.pk,
        "held_on": "2025-12-10",
        "officers": "张三（厂长）",
        "participants": 20,
        "rated_good": 15,
        "rated_fair": 5,
        "rated_poor": 1,
    }
    resp = api.post("/api/v1/officer-reviews/", body, content_type="application/json")
    assert resp.status_code == 400
    assert resp.json()["errors"]["rated_good"] == ["评议票数（21）不能超过参评人数（20人）。"]
    assert OfficerReview.objects.count() == 3


def test_officer_reviews_of_another_union_stay_out_of_sight(chair: Any, api: Any, tree: Any) -> None:
    theirs = make_officer_review(tree.union_b, officers="乙乡干部李四")
    mine = make_officer_review(tree.union_a, officers="甲局干部王五")
    listing = chair.get(reverse("records:list", kwargs={"rt": "officer-reviews"})).content.decode()
    assert "甲局干部王五" in listing and "乙乡干部李四" not in listing
    assert (
        chair.get(reverse("records:detail", kwargs={"rt": "officer-reviews", "pk": theirs.pk})).status_code
        == 404
    )
    assert api.get(f"/api/v1/officer-reviews/{theirs.pk}").status_code == 404
    assert [r["id"] for r in api.get("/api/v1/officer-reviews/").json()["items"]] == [mine.pk]
    body = {"organization": tree.union_b.pk, "held_on": "2025-12-10", "officers": "x", "participants": 3}
    assert api.post("/api/v1/officer-reviews/", body, content_type="application/json").status_code in (
        403,
        404,
    )
    assert OfficerReview.objects.count() == 2
