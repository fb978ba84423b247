"""Signing in with the mobile number and a code, then binding to one's roster record."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gonghui.members.tests.factories import make_member
from gonghui.portal.models import MemberAccount, SignInCode
from gonghui.portal.tests.support import code_sign_in


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
