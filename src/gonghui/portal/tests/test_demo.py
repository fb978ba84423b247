"""The demo's member logins: a bureau member signs in by code on /m/ and sees their card."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client

from gonghui.members.models import Member
from gonghui.portal.demo import DEMO_MOBILES
from gonghui.portal.models import MemberAccount
from gonghui.portal.tests.support import code_sign_in


def test_a_demo_member_signs_in_by_code_and_sees_the_card(db: Any) -> None:
    call_command("demo", "--quiet")
    call_command("demo", "--quiet")  # idempotent
    for mobile in DEMO_MOBILES:
        [member] = Member.objects.filter(mobile=mobile, is_current=True)
        assert member.organization.code == "DEMO-BUREAU"
        account = MemberAccount.objects.get(mobile=mobile)
        assert account.id_number == member.id_number and not account.card_photo
    client = Client()
    code_sign_in(client, "13800000001")
    page = client.get("/m/card/")
    assert page.status_code == 200
    body = page.content.decode()
    member = Member.objects.get(mobile="13800000001", is_current=True)
    assert member.name in body and member.organization.name in body and "<svg" in body
