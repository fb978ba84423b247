"""The portal's own pages: public ones hold nothing of a union; a member's show only their own."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.accounts.roles import Role
from gonghui.members.tests.factories import make_member
from gonghui.portal.models import MemberAccount
from gonghui.portal.tests.support import member_client
from gonghui.portal.tests.test_card import PNG

URL_CASES = [
    "portal:sign-in",
    "portal:sign-out",
    "portal:bind",
    "portal:home",
    "portal:manifest",
    "portal:card",
    "portal:card-qr",
    "portal:card-photo",
    "portal:card-verify",
]


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


def test_a_member_sees_their_own_card_never_another_unions(tree: Any, make_user: Any, login: Any) -> None:
    mine = make_member(tree.union_a, name="甲乡会员", card_number="A0000001")
    theirs = make_member(tree.union_b, name="乙乡会员", card_number="B0000001")
    for path in ("/m/card/", "/m/card/qr/"):
        body = member_client(mine).get(path).content.decode()
        assert "乙乡会员" not in body and "B0000001" not in body and tree.union_b.name not in body
    card = member_client(mine).get("/m/card/")
    assert "甲乡会员" in card.content.decode() and card.context["member"].pk == mine.pk
    chair_b = make_user(Role.CHAIR, tree.union_b)  # an officer has no card page of anyone's
    assert login(chair_b).get("/m/card/").status_code == 302
    assert member_client(theirs).get("/m/card/").context["member"].pk == theirs.pk


def test_the_verify_page_shows_only_the_masked_name_and_the_union(tree: Any) -> None:
    member = make_member(tree.union_a, name="王小明", card_number="A0000002", union_group=tree.group_a1)
    page = member_client(member).get("/m/card/")
    path = page.context["verify_url"].removeprefix("http://testserver")
    body = Client().get(path).content.decode()
    assert "王*明" in body and tree.union_a.name in body
    for hidden in (
        "王小明",
        "A0000002",
        tree.group_a1.name,
        member.id_number,
        member.mobile,
        "/m/card/photo/",
    ):
        assert hidden not in body
    assert "portal-tabs" not in body  # no member navigation for a stranger


def test_another_accounts_photo_is_a_404(tree: Any) -> None:
    owner = make_member(tree.union_a)
    other_same_union = make_member(tree.union_a)
    other_union = make_member(tree.union_b)
    owner_client = member_client(owner)
    owner_client.post("/m/card/", {"photo": SimpleUploadedFile("me.png", PNG, content_type="image/png")})
    key = MemberAccount.objects.get(mobile=owner.mobile).card_photo.name.rsplit("/", 1)[-1]
    assert owner_client.get(f"/m/card/photo/{key}").status_code == 200
    for stranger in (other_same_union, other_union):
        assert member_client(stranger).get(f"/m/card/photo/{key}").status_code == 404
    assert Client().get(f"/m/card/photo/{key}").status_code == 302
