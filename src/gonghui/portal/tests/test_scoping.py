"""The portal's own pages: public ones hold nothing of a union; a member's show only their own."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gonghui.accounts.roles import Role
from gonghui.members.tests.factories import make_member
from gonghui.portal.tests.support import member_client

URL_CASES = ["portal:sign-in", "portal:sign-out", "portal:bind", "portal:home", "portal:manifest"]


def test_public_pages_name_no_union(tree: Any) -> None:
    anonymous = Client()
    for url in ("/m/sign-in/", "/m/manifest.webmanifest"):
        body = anonymous.get(url).content.decode()
        assert tree.union_a.name not in body and tree.union_b.name not in body
    assert anonymous.get("/m/").status_code == 302  # home asks to sign in
    assert anonymous.get("/m/bind/").status_code == 302
    assert anonymous.post("/m/sign-out/").status_code == 302


def test_a_members_home_shows_their_union_only(tree: Any) -> None:
    member = make_member(tree.union_a)
    make_member(tree.union_b, name="乙乡某人")
    body = member_client(member).get("/m/").content.decode()
    assert tree.union_a.name in body and tree.union_b.name not in body and "乙乡某人" not in body


def test_an_officer_without_a_member_account_is_sent_to_sign_in(
    tree: Any, make_user: Any, login: Any
) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    assert login(chair).get("/m/").status_code == 302
