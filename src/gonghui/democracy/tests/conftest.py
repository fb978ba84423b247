"""Fixtures of the democracy tests: a chair of union A (client and user)."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.accounts.roles import Role


@pytest.fixture
def chair_user(make_user: Any, tree: Any) -> Any:
    return make_user(Role.CHAIR, tree.union_a, username="chair_a")


@pytest.fixture
def chair(chair_user: Any, login: Any) -> Any:
    return login(chair_user)


@pytest.fixture
def api(chair_user: Any) -> Any:
    from django.test import Client

    from gonghui.accounts.services import token_create

    _t, raw = token_create(user=chair_user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
