"""Issue 13, finding 1: a masked ID number cannot be read back through search.

The attack: a viewer sees ``530***********123X`` and the birth date, then searches the roster
for ``<d><birth date><last 4>`` for d = 0-9, moving left one digit at a time. A partial ID
number now matches only for users who may reveal it (``Perm.PERSONAL_DATA`` on the
member's union); anyone finds a member by the full number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import Perm, Role
from gonghui.core.records import registry
from gonghui.core.sensitivity import Mask, Sensitive
from gonghui.finance.tests.factories import dues_record
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char

Found = Callable[[Client, Member, str], bool]


def on_page(client: Client, member: Member, q: str) -> bool:
    page = client.get("/members/", {"q": q, "org": member.organization_id})
    assert page.status_code == 200
    return f"/members/{member.pk}/" in page.content.decode()


def in_api(client: Client, member: Member, q: str) -> bool:
    resp = client.get("/api/v1/members/", {"q": q})
    assert resp.status_code == 200, resp.content
    return member.pk in {row["id"] for row in resp.json()["items"]}


def attack(client: Client, member: Member, found: Found) -> str:
    """What the searcher learns starting from the birth date and the last 4 characters."""
    known = member.id_number[6:]  # birth date (8) + sequence and check (4), both shown on the pages
    while len(known) < len(member.id_number):
        digit = next((d for d in "0123456789" if found(client, member, d + known)), None)
        if digit is None:
            break
        known = digit + known
    return known


@pytest.fixture
def zhang(tree: Any) -> Member:
    return make_member(tree.union_a, name="张三", id_number=with_check_char("53010219800515123"))


@pytest.fixture
def viewer(tree: Any, make_user: Any) -> Client:
    client = Client()
    client.force_login(
        make_user(Role.VIEWER, tree.union_a), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


@pytest.fixture
def chair(tree: Any, make_user: Any) -> Client:
    client = Client()
    client.force_login(
        make_user(Role.CHAIR, tree.union_a), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


@pytest.mark.parametrize("found", [on_page, in_api], ids=["page", "api"])
def test_a_viewer_cannot_read_a_masked_id_number_back_through_search(
    viewer: Client, zhang: Member, found: Found
) -> None:
    assert attack(viewer, zhang, found) == zhang.id_number[6:]  # nothing learnt
    for part in (zhang.id_number[-4:], zhang.id_number[-12:], zhang.id_number[1:]):
        assert not found(viewer, zhang, part), part
    # The full number still finds the member, as typed (lower-case x, spaces, full-width).
    assert found(viewer, zhang, zhang.id_number)
    assert found(viewer, zhang, " " + zhang.id_number.lower() + " ")
    assert found(viewer, zhang, "".join(chr(ord(c) + 0xFEE0) for c in zhang.id_number))
    assert found(viewer, zhang, "张三") and found(viewer, zhang, "zs")  # the rest of the search is untouched


@pytest.mark.parametrize("found", [on_page, in_api], ids=["page", "api"])
def test_a_chair_still_finds_members_by_the_last_digits(chair: Client, zhang: Member, found: Found) -> None:
    assert found(chair, zhang, zhang.id_number[-4:])
    assert attack(chair, zhang, found) == zhang.id_number  # they may read it anyway


@pytest.mark.parametrize("found", [on_page, in_api], ids=["page", "api"])
def test_partial_matches_only_in_the_unions_where_the_user_may_reveal(
    tree: Any, make_user: Any, found: Found
) -> None:
    """A chair of union A who is also a viewer of union B: B's members by their full number only."""
    user = make_user(Role.CHAIR, tree.union_a)
    RoleGrant.objects.create(user=user, organization=tree.union_b, role=Role.VIEWER)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    ours = make_member(tree.union_a, id_number=with_check_char("53010219800515123"))
    theirs = make_member(tree.union_b, id_number=with_check_char("53010219800515125"))
    assert found(client, ours, ours.id_number[-4:]) and found(client, ours, ours.id_number[-12:])
    assert not found(client, theirs, theirs.id_number[-4:])
    assert not found(client, theirs, theirs.id_number[-12:])
    assert found(client, theirs, theirs.id_number)


def test_the_permission_is_read_from_the_sensitivity_policy(
    monkeypatch: pytest.MonkeyPatch, viewer: Client, chair: Client, zhang: Member
) -> None:
    """Declared to need another permission (one no chair holds), the chair loses partial matches too."""
    monkeypatch.setattr(
        Member, "sensitive_fields", {"id_number": Sensitive(Perm.AUDIT_EDIT, Mask.ID)}, raising=False
    )
    assert not on_page(chair, zhang, zhang.id_number[-4:])
    assert on_page(chair, zhang, zhang.id_number)


def test_every_record_type_searches_a_sensitive_field_through_the_policy(
    monkeypatch: pytest.MonkeyPatch, tree: Any, viewer: Client, chair: Client
) -> None:
    """The generic search: a field the policy declares (here a member's ID number reached from a
    dues record) matches a part only where the user may reveal it, elsewhere only in full."""
    rt = registry.get("dues-records")
    monkeypatch.setattr(rt, "search_fields", [*rt.search_fields, "member__id_number"])
    monkeypatch.setattr(
        Member, "sensitive_fields", {"id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID)}, raising=False
    )
    record = dues_record(tree.union_a)
    number = record.member.id_number

    def listed(client: Client, q: str) -> bool:
        page = client.get("/dues-records/", {"q": q})
        assert page.status_code == 200
        return f"/dues-records/{record.pk}/" in page.content.decode()

    assert not listed(viewer, number[-12:]) and not listed(viewer, number[:-1])
    assert listed(viewer, number) and listed(viewer, number.lower())
    assert listed(chair, number[-12:])
    assert listed(viewer, record.member.name[1:])  # a field the policy does not declare: any part


def test_the_rule_adds_no_query(tree: Any, make_user: Any) -> None:
    """Who may search by a part is decided from the grants already loaded, inside the one SQL
    statement: an ID search costs the queries of a name search with as many matches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mixed = make_user(Role.CHAIR, tree.union_a)
    RoleGrant.objects.create(user=mixed, organization=tree.union_b, role=Role.VIEWER)
    member = make_member(tree.union_a, name="张三", id_number=with_check_char("53010219800515123"))
    for user in (mixed, make_user(Role.VIEWER, tree.union_a), make_user(Role.CHAIR, tree.union_a)):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

        def queries(q: str, client: Client = client) -> tuple[int, bool]:
            client.get("/members/", {"q": q, "org": tree.union_a.pk})  # warm (session, caches)
            with CaptureQueriesContext(connection) as ctx:
                page = client.get("/members/", {"q": q, "org": tree.union_a.pk})
            return len(ctx), f"/members/{member.pk}/" in page.content.decode()

        found, nobody = queries("张三"), queries("李四")
        for q in (member.id_number[-4:], member.id_number):
            count, listed = queries(q)
            assert count == (found if listed else nobody)[0], (user, q)
