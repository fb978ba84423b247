"""Online joining: the applicant's phone pages, the officers' decision, the statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Period, compute
from gonghui.members.joining import join_apply
from gonghui.members.models import (
    CURRENT,
    EventKind,
    JoinApplication,
    Member,
    MembershipEvent,
    TransferRequest,
)
from gonghui.members.synthetic import People
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import id_facts, with_check_char
from gonghui.orgs.models import Organization
from gonghui.portal.models import MemberAccount
from gonghui.portal.services import account_for
from gonghui.portal.tests.support import code_sign_in

_people = People(seed=8181)
_n = iter(range(1, 10_000))


def person() -> dict[str, Any]:
    p = _people.person(next(_n), migrant_share=0.0)
    return {"name": p.name, "id_type": "resident", "id_number": p.id_number, "mobile": p.mobile}


def form_data(p: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data = {
        "name": p["name"],
        "id_type": "resident",
        "id_number": p["id_number"],
        "employer": "即时配送平台",
        "employment_type": "flexible",
    }
    data.update(extra)
    return data


def applicant(mobile: str) -> Client:
    client = Client()
    client.force_login(account_for(mobile).user)
    return client


def apply_through_page(union: Organization, p: dict[str, Any], **extra: Any) -> Any:
    return applicant(p["mobile"]).post(f"/m/join/{union.code}/", form_data(p, **extra))


def test_a_stranger_is_sent_to_sign_in_and_back(tree: Any) -> None:
    resp = Client().get(f"/m/join/{tree.union_a.code}/")
    assert resp.status_code == 302 and "/m/sign-in/" in resp["Location"]
    assert "next=%2Fm%2Fjoin%2FUA%2F" in resp["Location"]
    p = person()
    client = Client()
    code_sign_in(client, p["mobile"])
    page = client.get(f"/m/join/{tree.union_a.code}/")
    assert page.status_code == 200 and tree.union_a.name in page.content.decode()
    assert p["mobile"] in page.content.decode()  # the account's own number


def test_find_lists_active_unions_by_name_only(tree: Any) -> None:
    body = Client().get("/m/join/", {"q": "工会"}).content.decode()
    assert tree.union_a.name in body and tree.union_b.name in body
    assert tree.city.name not in body and "甲一小组" not in body  # no federation, no group
    assert f"/m/join/{tree.union_a.code}/" in body
    assert Client().get("/m/join/", {"q": "甲局"}).context["unions"] == [tree.union_a]


def test_apply_approve_member_bound(tree: Any, make_user: Any, login: Any) -> None:
    p = person()
    resp = apply_through_page(tree.union_a, p)
    assert resp.status_code == 302 and resp["Location"] == "/m/join/mine/"
    app = JoinApplication.objects.get()
    assert (app.status, app.mobile, app.organization) == ("pending", p["mobile"], tree.union_a)
    assert app.gender and app.birth_date  # from the ID number
    mine = applicant(p["mobile"]).get("/m/join/mine/").content.decode()
    assert tree.union_a.name in mine
    chair = login(make_user(Role.CHAIR, tree.union_a))
    resp = chair.post(
        reverse("members:join-approve", kwargs={"pk": app.pk}), {"union_group": tree.group_a1.pk}
    )
    assert resp.status_code == 302
    app.refresh_from_db()
    member = Member.objects.get(CURRENT, id_number=p["id_number"])
    assert app.status == "approved" and app.member == member and app.decided_at
    assert (member.organization, member.union_group, member.employment_type) == (
        tree.union_a,
        tree.group_a1,
        "flexible",
    )
    event = MembershipEvent.objects.get(member=member)
    assert event.kind == EventKind.JOIN and event.on == timezone.localdate()
    assert MemberAccount.objects.get(mobile=p["mobile"]).id_number == p["id_number"]
    home = applicant(p["mobile"]).get("/m/").content.decode()
    assert tree.union_a.name in home
    # Decided once: a second approval is refused, nothing more is made.
    chair.post(reverse("members:join-approve", kwargs={"pk": app.pk}))
    assert Member.objects.filter(id_number=p["id_number"]).count() == 1
    values = compute(
        Organization.objects.filter(pk__in=[tree.union_a.pk, tree.city.pk]),
        Period.year(timezone.localdate().year),
        ["online_join_count", "new_members"],
    )
    assert values["online_join_count"][tree.union_a.pk] == 1
    assert values["online_join_count"][tree.city.pk] == 1


def test_reject_shows_the_reason(tree: Any, make_user: Any, login: Any) -> None:
    p = person()
    apply_through_page(tree.union_a, p)
    app = JoinApplication.objects.get()
    chair = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("members:join-reject", kwargs={"pk": app.pk})
    resp = chair.post(url, {"reason": ""})
    assert resp.status_code == 400 and "reason" in resp.context["form"].errors
    assert chair.post(url, {"reason": "请先提供劳动合同"}).status_code == 302
    app.refresh_from_db()
    assert app.status == "rejected"
    mine = applicant(p["mobile"]).get("/m/join/mine/").content.decode()
    assert "请先提供劳动合同" in mine
    assert not Member.objects.filter(id_number=p["id_number"]).exists()


def test_a_person_of_another_union_becomes_a_transfer(tree: Any, make_user: Any, login: Any) -> None:
    held = make_member(tree.union_b)
    p = {"name": held.name, "id_number": held.id_number, "mobile": "13912345678"}
    client = applicant(p["mobile"])
    resp = client.post(f"/m/join/{tree.union_a.code}/", form_data(p), follow=True)
    body = resp.content.decode()
    assert "transfer" in body or "转会" in body
    assert tree.union_b.name not in body and tree.county.name not in body
    mine = client.get("/m/join/mine/").content.decode()
    assert tree.union_b.name not in mine
    app = JoinApplication.objects.get()
    assert app.status == "transfer"
    chair = login(make_user(Role.CHAIR, tree.union_a))
    assert chair.post(reverse("members:join-approve", kwargs={"pk": app.pk})).status_code == 302
    app.refresh_from_db()
    req = TransferRequest.objects.get()
    assert (app.status, app.transfer_request, app.member) == ("approved", req, None)
    assert (req.organization, req.holder, req.member) == (tree.union_a, tree.union_b, held)
    assert MemberAccount.objects.get(mobile=p["mobile"]).id_number == ""  # not bound to union B's record


def test_already_a_member_here_and_duplicates(tree: Any) -> None:
    here = make_member(tree.union_a)
    resp = apply_through_page(
        tree.union_a, {"name": here.name, "id_number": here.id_number, "mobile": "13911112222"}
    )
    assert resp.status_code == 400
    assert resp.context["form"].errors["id_number"]
    assert "/m/bind/" in resp.content.decode()
    p = person()
    assert apply_through_page(tree.union_a, p).status_code == 302
    again = apply_through_page(tree.union_a, p)
    assert again.status_code == 400 and "id_number" in again.context["form"].errors
    assert JoinApplication.objects.count() == 1


def test_bad_input_every_error_at_once_nothing_written(tree: Any) -> None:
    good = with_check_char("11010519491231002")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # a wrong check character
    resp = apply_through_page(
        tree.union_a,
        {"name": "", "id_number": bad, "mobile": "13700000001"},
        employer="",
        employment_type="x",
    )
    assert resp.status_code == 400
    errors = resp.context["form"].errors
    assert set(errors) >= {"name", "id_number", "employer", "employment_type"}
    with pytest.raises(ValidationError) as wrong:
        id_facts("resident", bad)
    assert errors["id_number"] == wrong.value.messages  # the roster's own message (Chinese in zh-hans)
    assert not JoinApplication.objects.exists()


def test_service_refuses_a_group_or_a_federation(tree: Any) -> None:
    p = person()
    with pytest.raises(ValidationError):
        join_apply(account=account_for(p["mobile"]), organization=tree.group_a1, data=form_data(p))
    assert Client().get(f"/m/join/{tree.group_a1.code}/").status_code in (302, 404)
    assert applicant(p["mobile"]).get(f"/m/join/{tree.city.code}/").status_code == 404


def test_other_unions_officers_get_404_and_a_viewer_cannot_approve(
    tree: Any, make_user: Any, login: Any
) -> None:
    p = person()
    apply_through_page(tree.union_b, p)
    app = JoinApplication.objects.get()
    outsider = login(make_user(Role.CHAIR, tree.union_a))
    assert outsider.get(reverse("members:join-application", kwargs={"pk": app.pk})).status_code == 404
    assert outsider.post(reverse("members:join-approve", kwargs={"pk": app.pk})).status_code == 404
    assert (
        outsider.post(reverse("members:join-reject", kwargs={"pk": app.pk}), {"reason": "x"}).status_code
        == 404
    )
    assert outsider.get(reverse("members:join-applications"), {"org": tree.union_b.pk}).status_code == 404
    assert p["name"] not in outsider.get(reverse("members:join-applications")).content.decode()
    viewer = login(make_user(Role.VIEWER, tree.union_b))
    assert viewer.get(reverse("members:join-application", kwargs={"pk": app.pk})).status_code == 200
    assert viewer.post(reverse("members:join-approve", kwargs={"pk": app.pk})).status_code == 403
    app.refresh_from_db()
    assert app.status == "pending" and not Member.objects.filter(id_number=p["id_number"]).exists()


def test_officer_list_masks_and_does_not_query_per_row(tree: Any, make_user: Any, login: Any) -> None:
    chair = login(make_user(Role.CHAIR, tree.union_a))

    def add(n: int) -> None:
        for _i in range(n):
            q = person()
            join_apply(account=account_for(q["mobile"]), organization=tree.union_a, data=form_data(q))

    add(3)
    url = reverse("members:join-applications")
    chair.get(url)
    with CaptureQueriesContext(connection) as few:
        page = chair.get(url)
    first = JoinApplication.objects.first()
    assert first.id_number not in page.content.decode() and first.mobile not in page.content.decode()
    assert first.id_number[-4:] in page.content.decode()  # masked, recognisable
    add(17)
    with CaptureQueriesContext(connection) as many:
        page = chair.get(url)
    assert len(page.context["rows"]) == 20
    assert len(many) <= len(few)


def test_qr_page(tree: Any, make_user: Any, login: Any) -> None:
    chair = login(make_user(Role.CHAIR, tree.union_a))
    page = chair.get(reverse("members:join-qr"), {"org": tree.union_a.pk}).content.decode()
    assert "<svg" in page and f"/m/join/{tree.union_a.code}/" in page
    download = chair.get(reverse("members:join-qr"), {"org": tree.union_a.pk, "download": "svg"})
    assert download.status_code == 200 and b"<svg" in download.content
    assert chair.get(reverse("members:join-qr"), {"org": tree.union_b.pk}).status_code == 404


def test_the_tile_shows_for_an_applicant(tree: Any) -> None:
    body = applicant("13600000009").get("/m/").content.decode()
    assert "/m/join/mine/" in body
