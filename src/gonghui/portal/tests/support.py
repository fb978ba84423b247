"""Signing a member in for other apps' tests: the account made and bound as the pages would."""

from __future__ import annotations

import secrets

from django.test import Client

from gonghui.members.models import Member
from gonghui.portal.models import MemberAccount
from gonghui.portal.services import account_for, bind_to


def member_account(member: Member) -> MemberAccount:
    """The member's account, bound to them (their roster mobile is the account's)."""
    account = account_for(member.mobile)
    bind_to(account=account, member=member)
    return account


def member_client(member: Member) -> Client:
    """A test client signed in as ``member`` on the member pages."""
    client = Client()
    client.force_login(member_account(member).user)
    return client


def code_sign_in(client: Client, mobile: str) -> None:
    """Sign in through the pages: ask for a code, read it off the page (DevSender), enter it."""
    # Each sign-in from an address of its own: the per-address limit counts the suite's sign-ins otherwise.
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    page = client.post("/m/sign-in/", {"mobile": mobile}, REMOTE_ADDR=address)
    code = page.context["shown_code"]
    assert code, "no code shown: GONGHUI_CODE_SENDER must be DevSender in the tests"
    answer = client.post("/m/sign-in/", {"mobile": mobile, "code": code})
    assert answer.status_code == 302, answer.content.decode()[:500]
