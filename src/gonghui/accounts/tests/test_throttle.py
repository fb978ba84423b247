"""Login throttling per address and per username apart (issue 13, finding 13)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_spraying_from_one_address_is_refused_after_the_address_limit(make_user: Any, tree: Any) -> None:
    make_user(Role.CHAIR, tree.union_a, username="chair_a", password="right-pass-123")
    sprayer = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [
        _login(sprayer, f"user{i}", "Spring2025!").status_code  # one guess per user: never 5 for one
        for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_ADDRESS_FAILURE_LIMIT - 1)  # …the last one locks
    # The address is now refused, whoever it names, even with the right password…
    refused = _login(sprayer, "chair_a", "right-pass-123")
    assert refused.status_code == 429 and "尝试次数过多" in refused.content.decode()
    # …while the same user elsewhere is not slowed.
    assert _login(Client(REMOTE_ADDR="198.51.100.8"), "chair_a", "right-pass-123").status_code == 302


def test_an_attacked_user_still_logs_in_from_another_address(make_user: Any, tree: Any) -> None:
    make_user(Role.CHAIR, tree.union_a, username="chair_a", password="right-pass-123")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "chair_a", "guess")
    assert _login(attacker, "chair_a", "right-pass-123").status_code == 429
    # The person at their own desk is not locked out by someone else's guesses.
    assert _login(Client(REMOTE_ADDR="192.0.2.20"), "chair_a", "right-pass-123").status_code == 302
    # And other users from the attacker's address are below the address limit: not refused.
    make_user(Role.CHAIR, tree.union_b, username="chair_b", password="right-pass-456")
    assert _login(attacker, "chair_b", "right-pass-456").status_code == 302


def test_the_lockout_page_says_what_happened_in_chinese(make_user: Any, tree: Any) -> None:
    make_user(Role.CHAIR, tree.union_a, username="chair_a", password="right-pass-123")
    c = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(c, "chair_a", "guess")
    page = _login(c, "chair_a", "guess").content.decode()
    assert "登录失败次数过多" in page and "这台电脑" in page and "30 分钟" in page
