"""API tokens expire, end with a password change, and show their last use (issue 13, finding 14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create


def _api(raw: str, address: str = "127.0.0.1") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=address)


def test_a_token_expires_after_its_days_with_a_clear_401(make_user: Any, login: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    login(user).post(reverse("accounts:tokens"), {"name": "报表程序"})
    token = ApiToken.objects.get(user=user)
    expected = timezone.now() + dt.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    assert abs((token.expires_at - expected).total_seconds()) < 60  # 90 days unless chosen
    short, raw = token_create(user=user, name="短期", days=7)
    assert _api(raw).get("/api/v1/me").status_code == 200
    ApiToken.objects.filter(pk=short.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    resp = _api(raw).get("/api/v1/me")
    assert resp.status_code == 401 and "过期" in resp.json()["detail"]


def test_the_validity_is_chosen_within_the_maximum(make_user: Any, login: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    c = login(user)
    too_long = c.post(reverse("accounts:tokens"), {"name": "永久", "days": settings.API_TOKEN_MAX_DAYS + 1})
    assert too_long.status_code == 400 and not ApiToken.objects.exists()
    assert c.post(reverse("accounts:tokens"), {"name": "一月", "days": 30}).status_code == 200
    token = ApiToken.objects.get()
    assert 29 < (token.expires_at - timezone.now()).total_seconds() / 86400 <= 30


def test_a_password_change_ends_every_token_of_that_user(make_user: Any, login: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a, password="old-pass-word-1")
    other = make_user(Role.CHAIR, tree.union_b)
    _t1, raw1 = token_create(user=user, name="一")
    _t2, raw2 = token_create(user=user, name="二")
    _t3, raw3 = token_create(user=other, name="别人的")
    resp = login(user).post(
        reverse("accounts:password"),
        {"old_password": "old-pass-word-1", "new_password1": "new-pass-2", "new_password2": "new-pass-2"},
    )
    assert resp.status_code == 302
    for raw in (raw1, raw2):
        refused = _api(raw).get("/api/v1/me")
        assert refused.status_code == 401 and "修改密码" in refused.json()["detail"]
    assert _api(raw3).get("/api/v1/me").status_code == 200  # another user's token lives on
    user.refresh_from_db()
    page = login(user).get(reverse("accounts:tokens")).content.decode()
    assert page.count("因修改密码失效") == 2


def test_revoked_and_unknown_tokens_get_a_clear_401(make_user: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    token, raw = token_create(user=user, name="t")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert "已撤销" in _api(raw).get("/api/v1/me").json()["detail"]
    unknown = _api("gh_not-a-token").get("/api/v1/me")
    assert unknown.status_code == 401 and "无效" in unknown.json()["detail"]


def test_last_use_is_listed_and_written_at_most_once_a_minute(make_user: Any, login: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    token, raw = token_create(user=user, name="报表程序")
    api = _api(raw, address="192.0.2.44")
    api.get("/api/v1/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and token.last_used_ip == "192.0.2.44"
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/me")
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(seconds=61))
    api.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at > first
    page = login(user).get(reverse("accounts:tokens")).content.decode()
    assert "192.0.2.44" in page and "<td>有效</td>" in page
