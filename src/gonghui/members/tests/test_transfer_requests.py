"""Transfer requests (issue 13, findings 5 and 6): a person another union holds is asked for,
never taken over, and the requester is never told which union holds them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.members import selectors, services
from gonghui.members.models import (
    CURRENT,
    EventKind,
    Member,
    MembershipEvent,
    MemberStatus,
    TallyState,
    TransferRequest,
    TransferStatus,
)
from gonghui.members.tests.factories import make_member

NEUTRAL = "该证件号码已有会员登记，请提交转会申请"
D = dt.date


def token_client(user: Any) -> Client:
    _t, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(c: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return c.post(url, body or {}, content_type="application/json")


def names_no_union(text: str, *unions: Any) -> bool:
    """Neither the union's name nor its code (as a word: "UB" is inside other words) is in ``text``."""
    return all(u.name not in text and not re.search(rf"\b{u.code}\b", text) for u in unions)


def test_another_tree_asks_and_the_holder_keeps_its_former_member(tree: Any, make_user: Any) -> None:
    """Finding 5: the county's union B recorded that a member left; the city's union A adds the
    same ID number through the API."""
    gone = make_member(tree.union_b, join_date=D(2015, 3, 1))
    services.member_leave(actor=None, member=gone, on=D(2024, 5, 1), reason="voluntary", note="本人书面申请")
    a = token_client(make_user(Role.CHAIR, tree.union_a))
    b = token_client(make_user(Role.CHAIR, tree.union_b))
    body = {"organization": tree.union_a.pk, "name": gone.name, "id_number": gone.id_number}

    created = post(a, "/api/v1/members/", body)
    assert created.status_code == 400 and created.json()["detail"] == NEUTRAL
    assert names_no_union(created.content.decode(), tree.union_b, tree.county)
    asking = {**body, "join_date": "2025-01-02", "note": "新入职"}
    asked = post(a, "/api/v1/members/transfer-requests", asking)
    assert asked.status_code == 201, asked.content
    out = asked.json()
    assert (out["status"], out["holder"], out["holder_id"], out["member_id"]) == ("pending", None, None, None)
    assert out["id_number"] != gone.id_number and names_no_union(asked.content.decode(), tree.union_b)
    # Nothing of B's became A's: the record, its events, its history.
    gone.refresh_from_db()
    assert (gone.organization, gone.status, gone.is_current) == (tree.union_b, "left", True)
    assert a.get(f"/api/v1/members/{gone.pk}").status_code == 404
    assert a.get(f"/api/v1/members/{gone.pk}/events").status_code == 404
    assert gone.pk not in {m["id"] for m in a.get("/api/v1/members/").json()["items"]}
    listed = a.get("/api/v1/members/transfer-requests")
    assert names_no_union(listed.content.decode(), tree.union_b) and listed.json()[0]["may_decide"] is False
    assert b.get(f"/api/v1/members/{gone.pk}").json()["status"] == "left"  # B still sees its former member

    # B decides: approved, A has a new record of its own.
    (incoming,) = b.get("/api/v1/members/transfer-requests").json()
    assert (incoming["holder_id"], incoming["member_id"], incoming["may_decide"]) == (
        tree.union_b.pk,
        gone.pk,
        True,
    )
    decided = post(b, f"/api/v1/members/transfer-requests/{out['id']}/decide", {"approve": True})
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    new = Member.objects.get(organization=tree.union_a, id_number=gone.id_number)
    assert new.pk != gone.pk
    assert (new.status, new.is_current, new.join_date) == ("active", True, D(2025, 1, 2))
    assert a.get("/api/v1/members/transfer-requests").json()[0]["joined_id"] == new.pk
    events = a.get(f"/api/v1/members/{new.pk}/events").json()
    assert [(e["kind"], e["organization_id"], e["note"]) for e in events] == [("join", tree.union_a.pk, "")]
    assert a.get(f"/api/v1/members/{gone.pk}/events").status_code == 404
    # B keeps its former member, its own events (the reason and note) and history; A sees none of it.
    gone.refresh_from_db()
    assert (gone.organization, gone.status, gone.is_current) == (tree.union_b, "left", False)
    old_events = b.get(f"/api/v1/members/{gone.pk}/events").json()
    assert [(e["kind"], e["note"]) for e in old_events] == [("join", ""), ("leave", "本人书面申请")]
    assert b.get(f"/api/v1/members/{new.pk}").status_code == 404
    assert gone.history.count() >= 2 and not new.history.filter(organization_id=tree.union_b.pk).exists()


def test_the_pages_tell_the_requester_nothing_of_the_holder(
    chair_a: Client, tree: Any, make_user: Any
) -> None:
    """Finding 6 on the member form, then the request page; the holder's page shows it all."""
    held = make_member(tree.union_b)
    data = {"owner": tree.union_a.pk, "name": held.name, "id_number": held.id_number, "id_type": "resident"}
    form = chair_a.post("/members/new/", data)
    page = form.content.decode()
    assert form.status_code == 400 and NEUTRAL in page and names_no_union(page, tree.union_b, tree.county)
    sent = chair_a.post(
        "/members/transfer-requests/",
        {"organization": tree.union_a.pk, "name": held.name, "id_number": held.id_number},
    )
    assert sent.status_code == 302
    page = chair_a.get("/members/transfer-requests/").content.decode()
    assert held.name in page and held.id_number not in page and names_no_union(page, tree.union_b)
    assert "/decide/" not in page and "/cancel/" in page  # the requester withdraws, never approves
    holder = Client()
    backend = "django.contrib.auth.backends.ModelBackend"
    holder.force_login(make_user(Role.CHAIR, tree.union_b), backend=backend)
    page = holder.get("/members/transfer-requests/").content.decode()
    assert tree.union_a.name in page and tree.union_b.name in page and "/decide/" in page
    again = chair_a.post(
        "/members/transfer-requests/",
        {"organization": tree.union_a.pk, "name": held.name, "id_number": held.id_number},
    )
    assert again.status_code == 400 and "已有待审批的转会申请" in again.content.decode()
    assert TransferRequest.objects.count() == 1


def test_an_active_member_moves_by_approval_of_the_lowest_common_federation(
    tree: Any, make_user: Any
) -> None:
    """A and C are both under the city: the city's admin decides; A keeps the story of its period."""
    m = make_member(tree.union_a, join_date=D(2012, 1, 1), union_group=tree.group_a1)
    services.member_retain(actor=None, member=m, on=D(2023, 1, 1), reason="retirement", note="退休")
    c = token_client(make_user(Role.CHAIR, tree.union_c))
    asked = post(
        c,
        "/api/v1/members/transfer-requests",
        {"organization": tree.union_c.pk, "name": m.name, "id_number": m.id_number},
    ).json()
    TallyState.objects.update(dirty=False)
    # The requester cannot approve its own request, nor can a third party.
    for third in (c, token_client(make_user(Role.CHAIR, tree.union_b))):
        url = f"/api/v1/members/transfer-requests/{asked['id']}/decide"
        assert post(third, url, {"approve": True}).status_code == 404
    assert TransferRequest.objects.get(pk=asked["id"]).status == "pending"
    city = token_client(make_user(Role.FEDERATION_ADMIN, tree.city))
    today = timezone.localdate()
    decided = post(city, f"/api/v1/members/transfer-requests/{asked['id']}/decide", {"approve": True})
    assert decided.status_code == 200, decided.content
    m.refresh_from_db()
    assert (m.organization, m.status, m.is_current) == (tree.union_a, "left", False)
    assert [e.kind for e in selectors.member_events(m)] == ["join", "retain", "transfer_out"]
    assert MembershipEvent.objects.get(member=m, kind="transfer_out").counterpart == tree.union_c
    new = Member.objects.get(organization=tree.union_c, is_current=True, id_number=m.id_number)
    assert (new.status, new.join_date, new.union_group, new.name) == ("active", D(2012, 1, 1), None, m.name)
    (moved_in,) = selectors.member_events(new)
    assert (moved_in.kind, moved_in.on, moved_in.counterpart, moved_in.note) == (
        EventKind.TRANSFER_IN,
        today,
        None,
        "",
    )
    # Counted in A until the day, in C from then on, never twice; both tallies to rebuild.
    assert selectors.members_at(today).filter(member__id_number=m.id_number).count() == 1
    assert set(TallyState.objects.filter(dirty=True).values_list("organization_id", flat=True)) == {
        tree.union_a.pk,
        tree.union_c.pk,
    }
    assert AuditEvent.objects.filter(action="members.transfer_approved").count() == 1
    # A asks the person back later: C holds the record now; A's own record opens again.
    back = services.transfer_request_create(
        actor=None, organization=tree.union_a, id_number=m.id_number, name=m.name
    )
    assert back.holder == tree.union_c
    services.transfer_request_approve(actor=None, request=back)
    m.refresh_from_db()
    new.refresh_from_db()
    assert (m.is_current, m.status, new.is_current, new.status) == (True, "active", False, "left")
    assert Member.objects.filter(id_number=m.id_number, is_current=True).count() == 1


def test_refused_and_withdrawn_requests_change_no_record(tree: Any, make_user: Any) -> None:
    held = make_member(tree.union_b)
    a = token_client(make_user(Role.CHAIR, tree.union_a))
    b = token_client(make_user(Role.CHAIR, tree.union_b))
    body = {"organization": tree.union_a.pk, "name": held.name, "id_number": held.id_number}
    first = post(a, "/api/v1/members/transfer-requests", body).json()
    # The holder cannot withdraw the requester's request; the requester can.
    assert post(b, f"/api/v1/members/transfer-requests/{first['id']}/cancel").status_code == 404
    assert post(a, f"/api/v1/members/transfer-requests/{first['id']}/cancel").json()["status"] == "cancelled"
    second = post(a, "/api/v1/members/transfer-requests", body).json()
    decide = f"/api/v1/members/transfer-requests/{second['id']}/decide"
    refused = post(b, decide, {"approve": False, "note": "不同意"})
    assert refused.json()["status"] == "refused" and refused.json()["decision_note"] == "不同意"
    again = post(b, f"/api/v1/members/transfer-requests/{second['id']}/decide", {"approve": True})
    assert again.status_code == 404  # decided: no longer waiting
    with pytest.raises(DomainError):
        services.transfer_request_approve(actor=None, request=TransferRequest.objects.get(pk=second["id"]))
    held.refresh_from_db()
    assert (held.organization, held.status, held.is_current) == (tree.union_b, "active", True)
    assert Member.objects.count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"members.transfer_request", "members.transfer_cancelled", "members.transfer_refused"} <= actions


def test_requests_that_make_no_sense_are_refused_in_chinese(tree: Any, make_user: Any) -> None:
    a = token_client(make_user(Role.CHAIR, tree.union_a))
    own = make_member(tree.union_a)
    stranger = make_member(tree.union_b)
    url = "/api/v1/members/transfer-requests"
    base = {"organization": tree.union_a.pk, "name": "某人"}
    nobody = post(a, url, {**base, "id_number": "11010519491231002X"})
    assert nobody.status_code == 400 and "直接录入" in nobody.json()["detail"]
    mine = post(a, url, {**base, "id_number": own.id_number})
    assert mine.status_code == 400 and "本会" in mine.json()["detail"]
    long_note = post(a, url, {**base, "id_number": stranger.id_number, "note": "长" * 201})
    assert long_note.status_code == 400 and "note" in long_note.json()["errors"]
    long_name = post(a, url, {**base, "id_number": stranger.id_number, "name": "长" * 51})
    assert long_name.status_code == 400 and "name" in long_name.json()["errors"]
    future = post(a, url, {**base, "id_number": stranger.id_number, "join_date": "2999-01-01"})
    assert future.status_code == 400 and "join_date" in future.json()["errors"]
    elsewhere = post(a, url, {**base, "organization": tree.union_b.pk, "id_number": stranger.id_number})
    assert elsewhere.status_code == 404  # a union of another tree: not there for this user
    assert not TransferRequest.objects.exists()
    dead = make_member(tree.union_b)
    services.member_death(actor=None, member=dead, on=timezone.localdate())
    req = services.transfer_request_create(
        actor=None, organization=tree.union_a, id_number=dead.id_number, name=dead.name
    )
    with pytest.raises(DomainError, match="去世"):
        services.transfer_request_approve(actor=None, request=req)
    assert TransferRequest.objects.get(pk=req.pk).status == TransferStatus.PENDING
    assert Member.objects.get(pk=dead.pk).status == MemberStatus.DECEASED


def test_a_refusal_naming_a_field_is_shown_on_the_change_form(chair_a: Client, tree: Any) -> None:
    """The service's refusals come back on the form (a refusal naming its field was a 500)."""
    m = make_member(tree.union_a, join_date=D(2015, 1, 1))
    url = f"/members/{m.pk}/change/leave/"
    resp = chair_a.post(url, {"on": "2014-01-01", "reason": "voluntary"})
    assert resp.status_code == 400 and "不能早于" in resp.content.decode()
    assert Member.objects.get(pk=m.pk).status == "active"


def _plan(sql: str, params: Any) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("EXPLAIN " + sql, params)
        else:
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cur.fetchall())


def test_looking_a_person_up_reads_the_unique_index_of_current_records(tree: Any, people: Any) -> None:
    """The ID number is unique among current records only: the service's and the importer's
    lookups state the index's condition, so both databases read that index."""
    from gonghui.members.importer.plan import _known
    from gonghui.members.importer.write import Writer

    held = make_member(tree.union_b)
    qs = Member.objects.filter(CURRENT, id_number=held.id_number).values("pk")
    assert "members_id_current_uniq" in _plan(*qs.query.sql_with_params())
    numbers = [held.id_number, people.person(1).id_number]
    assert list(_known(numbers)) == [[held.pk]]
    writer = Writer(tree.union_a)
    sql = writer.held_sql + "(%s, %s)"
    assert "members_id_current_uniq" in _plan(sql, [held.pk, *numbers])


def test_a_member_transferred_in_brings_no_events_of_the_releasing_union(tree: Any, make_user: Any) -> None:
    """A transfer the releasing union starts opens a new membership period, as an approval does:
    the receiving union's record holds its own events and history only; the releasing union
    keeps its former member with its events."""
    m = make_member(tree.union_a, join_date=D(2012, 1, 1))
    services.member_retain(actor=None, member=m, on=D(2023, 1, 1), reason="unemployment", note="企业关停待岗")
    services.member_transfer_out(actor=None, member=m, to_organization=tree.union_b, on=D(2024, 1, 1))
    m.refresh_from_db()
    accepted = services.member_transfer_accept(actor=None, member=m, on=D(2024, 1, 2))
    new = accepted.member
    b = token_client(make_user(Role.CHAIR, tree.union_b))
    events = b.get(f"/api/v1/members/{new.pk}/events")
    assert [e["kind"] for e in events.json()] == ["transfer_in"]
    assert "企业关停待岗" not in events.content.decode()
    assert b.get(f"/api/v1/members/{m.pk}/events").status_code == 404  # the city's period is the city's
    city = token_client(make_user(Role.FEDERATION_ADMIN, tree.city))
    theirs = city.get(f"/api/v1/members/{m.pk}/events")
    assert [e["kind"] for e in theirs.json()] == ["join", "retain", "transfer_out", "transfer_out"]
    assert theirs.json()[-1]["status"] == "left" and theirs.json()[1]["reason"] == "unemployment"
    assert city.get(f"/api/v1/members/{new.pk}/events").status_code == 404
    backend = "django.contrib.auth.backends.ModelBackend"
    chair_b = Client()
    chair_b.force_login(make_user(Role.CHAIR, tree.union_b), backend=backend)
    history = chair_b.get(f"/members/{new.pk}/history/").content.decode()
    assert "企业关停待岗" not in history and "保留" not in history
    chair_a = Client()
    chair_a.force_login(make_user(Role.CHAIR, tree.union_a), backend=backend)
    assert m.name in chair_a.get("/members/", {"status": "left"}).content.decode()
    assert chair_a.get(f"/members/{m.pk}/history/").status_code == 200


def test_after_approval_each_union_pages_its_own_period(tree: Any, make_user: Any) -> None:
    """The holder's pages keep its former member (roster of those who left, detail with its own
    events, history); the new union's pages show the new period only."""
    gone = make_member(tree.union_b, join_date=D(2015, 3, 1))
    services.member_leave(actor=None, member=gone, on=D(2024, 5, 1), reason="lapsed", note="欠缴会费六个月")
    asked = services.transfer_request_create(
        actor=None, organization=tree.union_a, id_number=gone.id_number, name=gone.name
    )
    new = services.transfer_request_approve(actor=None, request=asked)
    backend = "django.contrib.auth.backends.ModelBackend"
    a, b = Client(), Client()
    a.force_login(make_user(Role.CHAIR, tree.union_a), backend=backend)
    b.force_login(make_user(Role.CHAIR, tree.union_b), backend=backend)
    assert gone.name in b.get("/members/", {"status": "left"}).content.decode()
    assert "欠缴会费六个月" in b.get(f"/members/{gone.pk}/").content.decode()
    assert b.get(f"/members/{gone.pk}/history/").status_code == 200
    mine = a.get(f"/members/{new.pk}/").content.decode()
    assert gone.name in mine and "欠缴会费六个月" not in mine and names_no_union(mine, tree.union_b)
    history = a.get(f"/members/{new.pk}/history/").content.decode()
    assert "欠缴会费六个月" not in history and names_no_union(history, tree.union_b)
    for url in (f"/members/{gone.pk}/", f"/members/{gone.pk}/history/"):
        assert a.get(url).status_code == 404


def test_a_request_naming_a_key_out_of_range_is_refused(tree: Any, make_user: Any) -> None:
    a = token_client(make_user(Role.CHAIR, tree.union_a))
    body = {"organization": 2**64, "name": "某人", "id_number": "11010519491231002X"}
    assert post(a, "/api/v1/members/transfer-requests", body).status_code in (400, 422)
    assert not TransferRequest.objects.exists()
