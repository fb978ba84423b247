"""Signing in with the mobile number and a code, then binding to one's roster record."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.accounts.roles import Role
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member
from gonghui.portal.models import MemberAccount, SignInCode
from gonghui.portal.senders import code_sender
from gonghui.portal.services import (
    ATTEMPTS_PER_CODE,
    CODES_PER_HOUR,
    CODES_PER_HOUR_PER_ADDRESS,
    current_member,
)
from gonghui.portal.tests.support import code_sign_in, member_client


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    """The per-address and per-account counters live in the cache, which outlives a test's
    rolled-back rows (and an account's pk may come again on SQLite)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sms_sender(settings: Any) -> Iterator[Callable[..., None]]:
    """Switch to the SMS provider's sender with the given settings (and back afterwards)."""

    def use(**values: str) -> None:
        settings.GONGHUI_CODE_SENDER = "gonghui.portal.senders.HttpSmsSender"
        for name, value in values.items():
            setattr(settings, name, value)
        code_sender.cache_clear()

    yield use
    code_sender.cache_clear()


def test_a_member_signs_in_binds_and_sees_their_union(tree: Any) -> None:
    member = make_member(tree.union_a, mobile="13912345678")
    client = Client()
    code_sign_in(client, "13912345678")
    assert client.get("/m/").status_code == 200  # an applicant's home: not bound yet
    wrong = client.post("/m/bind/", {"name": member.name, "id_number": "110101199003074514"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["id_number"]
    assert not MemberAccount.objects.get(mobile="13912345678").id_number
    answer = client.post("/m/bind/", {"name": member.name, "id_number": member.id_number})
    assert answer.status_code == 302
    page = client.get("/m/").content.decode()
    assert tree.union_a.name in page and member.name in page


def test_a_used_code_is_refused_and_writes_no_second_sign_in(tree: Any) -> None:
    client = Client()
    page = client.post("/m/sign-in/", {"mobile": "13912345670"})
    code = page.context["shown_code"]
    assert client.post("/m/sign-in/", {"mobile": "13912345670", "code": code}).status_code == 302
    other = Client()
    again = other.post("/m/sign-in/", {"mobile": "13912345670", "code": code})
    assert again.status_code == 200 and "_auth_user_id" not in other.session
    assert SignInCode.objects.filter(mobile="13912345670", used_at__isnull=False).count() == 1


def ask(client: Client, mobile: str, address: str = "10.9.9.9") -> Any:
    return client.post("/m/sign-in/", {"mobile": mobile}, REMOTE_ADDR=address)


def enter(client: Client, mobile: str, code: str) -> Any:
    return client.post("/m/sign-in/", {"mobile": mobile, "code": code})


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_wrong_code_counts_and_says_how_many_tries_are_left(db: Any) -> None:
    client = Client()
    code = ask(client, "13912340001").context["shown_code"]
    page = enter(client, "13912340001", other_code(code))
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert page.context["code_form"].errors["code"] == [
        gettext("The code is not right; %(n)s tries left.") % {"n": 4}
    ]
    assert SignInCode.objects.get(mobile="13912340001").attempts == 1
    assert enter(client, "13912340001", code).status_code == 302  # the right one still works


def test_too_many_wrong_codes_spend_the_code(db: Any) -> None:
    client = Client()
    code = ask(client, "13912340002").context["shown_code"]
    for _ in range(ATTEMPTS_PER_CODE - 1):
        enter(client, "13912340002", other_code(code))
    last = enter(client, "13912340002", other_code(code))
    assert last.context["code_form"].errors["code"] == [gettext("Too many wrong codes; ask for a new one.")]
    right = enter(client, "13912340002", code)
    assert right.status_code == 200 and "_auth_user_id" not in client.session
    assert right.context["code_form"].errors["code"] == [gettext("Too many wrong codes; ask for a new one.")]


def test_an_expired_code_is_refused(db: Any) -> None:
    client = Client()
    code = ask(client, "13912340003").context["shown_code"]
    SignInCode.objects.filter(mobile="13912340003").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    page = enter(client, "13912340003", code)
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert page.context["code_form"].errors["code"] == [gettext("The code has expired; ask for a new one.")]


def test_a_resend_within_a_minute_and_a_sixth_code_in_an_hour_are_refused(db: Any) -> None:
    client = Client()
    ask(client, "13912340004")
    again = ask(client, "13912340004")
    assert (
        again.context["form"].errors["mobile"]
        and SignInCode.objects.filter(mobile="13912340004").count() == 1
    )
    for _ in range(CODES_PER_HOUR - 1):
        SignInCode.objects.filter(mobile="13912340004").update(
            created_at=F("created_at") - dt.timedelta(minutes=2)
        )
        assert ask(client, "13912340004").context.get("shown_code")
    SignInCode.objects.filter(mobile="13912340004").update(
        created_at=F("created_at") - dt.timedelta(minutes=2)
    )
    sixth = ask(client, "13912340004")
    assert sixth.context["form"].errors["mobile"] == [
        gettext("Too many codes were asked for; try again in an hour.")
    ]
    assert SignInCode.objects.filter(mobile="13912340004").count() == CODES_PER_HOUR


def test_one_address_asking_for_many_numbers_is_stopped(db: Any) -> None:
    client = Client()
    for n in range(CODES_PER_HOUR_PER_ADDRESS):
        assert ask(client, f"1391235{n:04d}", address="10.7.7.7").context.get("shown_code")
    stopped = ask(client, "13912359999", address="10.7.7.7")
    assert stopped.context["form"].errors["mobile"]
    assert not SignInCode.objects.filter(mobile="13912359999").exists()
    assert ask(client, "13912359999", address="10.7.7.8").context.get("shown_code")  # another address


def test_a_bad_mobile_number_is_refused_on_its_field(db: Any) -> None:
    for bad in ("12345", "23912345678", "139123456789", "abc", ""):
        page = ask(Client(), bad)
        assert page.status_code == 200 and page.context["form"].errors["mobile"], bad
    assert not SignInCode.objects.exists()


def test_an_unconfigured_sms_sender_says_so_and_writes_nothing(db: Any, sms_sender: Any) -> None:
    sms_sender(GONGHUI_SMS_URL="")
    page = ask(Client(), "13912340005")
    assert page.context["form"].errors["mobile"] == [
        gettext("Text messages are not set up yet: ask the union to sign you in.")
    ]
    assert "shown_code" not in page.context and not SignInCode.objects.exists()


def test_the_sms_sender_posts_json_to_the_provider(db: Any, sms_sender: Any) -> None:
    received: list[dict[str, Any]] = []

    class Provider(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"auth": self.headers["Authorization"], "body": json.loads(body)})
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        sms_sender(
            GONGHUI_SMS_URL=f"http://127.0.0.1:{server.server_port}/send",
            GONGHUI_SMS_TOKEN="t0ken",
            GONGHUI_SMS_SIGN="某工会",
            GONGHUI_SMS_TEMPLATE="SMS_1",
        )
        page = ask(Client(), "13912340006")
    finally:
        server.shutdown()
        server.server_close()
    assert page.status_code == 200 and page.context["shown_code"] is None and "code_form" in page.context
    [sent] = received
    assert sent["auth"] == "Bearer t0ken"
    assert sent["body"]["mobile"] == "13912340006" and sent["body"]["sign"] == "某工会"
    assert sent["body"]["template"] == "SMS_1" and len(sent["body"]["params"]["code"]) == 6
    assert SignInCode.objects.filter(mobile="13912340006").count() == 1


def test_binding_with_a_wrong_name_id_or_mobile_gets_one_refusal(tree: Any) -> None:
    member = make_member(tree.union_a, mobile="13912340007")
    stranger = make_member(tree.union_a, mobile="13912340008")
    client = Client()
    code_sign_in(client, "13912340007")
    refusals = set()
    for data in (
        {"name": "别人", "id_number": member.id_number},  # wrong name
        {"name": member.name, "id_number": "110101199003074514"},  # an ID number on no roster
        {"name": stranger.name, "id_number": stranger.id_number},  # someone else's record
    ):
        page = client.post("/m/bind/", data)
        assert page.status_code == 200
        refusals.add(tuple(page.context["form"].errors["id_number"]))
    assert len(refusals) == 1
    assert not MemberAccount.objects.get(mobile="13912340007").id_number


def test_an_unbound_account_is_sent_to_bind_and_an_officer_to_sign_in(
    tree: Any, make_user: Any, login: Any
) -> None:
    client = Client()
    code_sign_in(client, "13912340009")
    answer = client.get("/m/card/")
    assert answer.status_code == 302 and answer["Location"] == "/m/bind/"
    chair = make_user(Role.CHAIR, tree.union_a)
    officer = login(chair).get("/m/card/")
    assert officer.status_code == 302 and officer["Location"].startswith("/m/sign-in/")


def test_signing_out_ends_the_session(tree: Any) -> None:
    member = make_member(tree.union_a, mobile="13912340010")
    client = Client()
    code_sign_in(client, "13912340010")
    assert client.post("/m/bind/", {"name": member.name, "id_number": member.id_number}).status_code == 302
    assert client.get("/m/card/").status_code == 200
    assert client.get("/m/sign-out/").status_code == 405  # a POST only
    answer = client.post("/m/sign-out/")
    assert answer.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/m/card/").status_code == 302


def test_a_member_who_left_loses_access(tree: Any) -> None:
    member = make_member(tree.union_a, mobile="13912340011")
    client = member_client(member)
    assert client.get("/m/card/").status_code == 200
    Member.objects.filter(pk=member.pk).update(is_current=False)
    assert current_member(MemberAccount.objects.get(mobile="13912340011")) is None
    assert client.get("/m/card/").status_code == 302
