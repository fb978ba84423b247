"""A share over 100 per cent is refused with its message (found by the API fuzz test: it was a 500)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.tests.record_factories import make_record


def test_a_share_over_a_hundred_per_cent_is_refused_in_chinese(tree: Any, make_user: Any) -> None:
    rule = make_record("funds-rules", tree.union_a)
    _token, raw = token_create(user=make_user(Role.CHAIR, tree.union_a), name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/funds-rules/{rule.pk}"
    resp = client.patch(url, {"funds_rate": 250}, content_type="application/json")
    assert resp.status_code == 400, resp.content
    assert resp.json()["errors"]["funds_rate"] == ["比例不能超过100%。"]
    # And in English (the message itself once broke Django's %-formatting).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.patch(url, {"funds_rate": 250}, content_type="application/json")
    assert english.status_code == 400
    assert english.json()["errors"]["funds_rate"] == ["A share cannot exceed 100%."]
