"""The e-member card: what it shows, its QR code's signed token, the public check and the photo."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from unittest import mock

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.members.models import Member
from gonghui.members.services import member_leave
from gonghui.members.tests.factories import make_member
from gonghui.portal.card import TOKEN_SALT, card_token, mask_name
from gonghui.portal.models import MemberAccount
from gonghui.portal.tests.support import member_account, member_client

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
PNG += b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"


def verify_path(page: Any) -> str:
    url = page.context["verify_url"]
    assert url.startswith("http://testserver/m/card/verify/")
    return str(url.removeprefix("http://testserver"))


def test_the_card_shows_the_members_facts_and_a_qr_code(tree: Any) -> None:
    member = make_member(
        tree.union_a, union_group=tree.group_a1, card_number="A0012345", join_date=dt.date(2020, 5, 1)
    )
    page = member_client(member).get("/m/card/")
    body = page.content.decode()
    assert page.status_code == 200
    for text in (member.name, "A0012345", tree.union_a.name, tree.group_a1.name, "2020-05-01"):
        assert text in body
    assert "<svg" in body and "style=" not in body  # CSP: no inline style attributes
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert 'hx-get="/m/card/qr/"' in body and 'hx-trigger="every' in body
    fragment = member_client(member).get("/m/card/qr/").content.decode()
    assert "<svg" in fragment


def test_a_card_without_a_number_says_none_was_issued(tree: Any) -> None:
    member = make_member(tree.union_a, card_number="")
    body = member_client(member).get("/m/card/").content.decode()
    assert gettext("No card issued yet") in body


def test_the_verify_page_shows_the_masked_name_and_union_only(tree: Any) -> None:
    member = make_member(tree.union_a, name="张小三", card_number="A0099999")
    check = Client().get(verify_path(member_client(member).get("/m/card/")))
    text = check.content.decode()
    assert check.status_code == 200 and check.context["check"].state == "valid"
    assert "张*三" in text and tree.union_a.name in text
    for secret in ("张小三", "A0099999", member.id_number, member.mobile):
        assert secret not in text
    assert check["X-Robots-Tag"].startswith("noindex")


def test_a_tampered_or_forged_token_is_not_valid_and_no_500(tree: Any) -> None:
    member = make_member(tree.union_a)
    token = card_token(member=member, account=member_account(member))
    other = make_member(tree.union_b)
    forged = signing.TimestampSigner(key="k" * 50, salt=TOKEN_SALT).sign_object({"m": other.pk, "a": 1})
    for bad in (
        token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
        "nonsense",
        "a:b:c",
        forged,
        "%00",
    ):
        page = Client().get(f"/m/card/verify/{bad}")
        assert page.status_code == 200 and page.context["check"].state == "invalid", bad
        assert gettext("This member card is not valid.") in page.content.decode()


def test_an_expired_token_asks_the_member_to_refresh(tree: Any) -> None:
    member = make_member(tree.union_a)
    account = member_account(member)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 11 * 60):
        old = card_token(member=member, account=account)
    page = Client().get(f"/m/card/verify/{old}")
    assert page.status_code == 200 and page.context["check"].state == "expired"
    assert gettext("The QR code has expired; ask the member to refresh it.") in page.content.decode()
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 9 * 60):
        recent = card_token(member=member, account=account)
    assert Client().get(f"/m/card/verify/{recent}").context["check"].state == "valid"


def test_a_member_who_left_has_no_valid_card_and_no_card_page(tree: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    token = card_token(member=member, account=MemberAccount.objects.get(mobile=member.mobile))
    member_leave(actor=None, member=member, on=timezone.localdate(), reason="voluntary")
    assert Client().get(f"/m/card/verify/{token}").context["check"].state == "invalid"
    assert client.get("/m/card/").status_code == 302  # to binding: no membership any more


def test_a_record_no_longer_current_gives_no_valid_card(tree: Any) -> None:
    member = make_member(tree.union_a)
    token = card_token(member=member, account=member_account(member))
    Member.objects.filter(pk=member.pk).update(is_current=False)
    assert Client().get(f"/m/card/verify/{token}").context["check"].state == "invalid"


def test_mask_name() -> None:
    assert [mask_name(n) for n in ("张", "张三", "张小三", "欧阳小明", "")] == [
        "张",
        "张*",
        "张*三",
        "欧**明",
        "",
    ]


def test_a_member_uploads_sees_and_removes_their_photo(tree: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    answer = client.post("/m/card/", {"photo": SimpleUploadedFile("me.png", PNG, content_type="image/png")})
    assert answer.status_code == 302
    account = MemberAccount.objects.get(mobile=member.mobile)
    assert account.card_photo and account.card_photo_type == "image/png"
    body = client.get("/m/card/").content.decode()
    photo_url = re.search(r'src="(/m/card/photo/[^"]+)"', body).group(1)  # type: ignore[union-attr]
    image = client.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == PNG  # type: ignore[attr-defined]
    assert image["X-Content-Type-Options"] == "nosniff"
    assert Client().get(photo_url).status_code == 302  # not signed in
    assert client.post("/m/card/", {"remove": "1"}).status_code == 302
    assert not MemberAccount.objects.get(pk=account.pk).card_photo
    assert client.get(photo_url).status_code == 404


def test_a_bad_photo_is_refused_and_nothing_written(tree: Any, settings: Any) -> None:
    member = make_member(tree.union_a)
    client = member_client(member)
    fake = SimpleUploadedFile("me.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    page = client.post("/m/card/", {"photo": fake})
    assert page.status_code == 400 and page.context["form"].errors["photo"]
    big = SimpleUploadedFile("big.png", PNG + b"\0" * (2 * 1024 * 1024), content_type="image/png")
    page = client.post("/m/card/", {"photo": big})
    assert page.status_code == 400 and page.context["form"].errors["photo"]
    assert client.post("/m/card/", {}).status_code == 400  # no file chosen
    assert not MemberAccount.objects.get(mobile=member.mobile).card_photo
