"""Fixtures of the committees tests: a chair of union A, and member counts on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Kind, Metric, registry


@pytest.fixture
def chair_user(make_user: Any, tree: Any) -> Any:
    return make_user(Role.CHAIR, tree.union_a, username="chair_a")


@pytest.fixture
def chair(chair_user: Any, login: Any) -> Any:
    return login(chair_user)


@pytest.fixture
def member_counts(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Stand in for the members app's member_count / women_member_count with fixed values."""
    registry.load()

    def set_counts(name: str = "member_count", values: dict[int, int] | None = None) -> None:
        if values is None:
            monkeypatch.delitem(registry._metrics, name, raising=False)
            return
        fixed = dict(values)
        monkeypatch.setitem(
            registry._metrics, name, Metric(name, name, Kind.COUNT, lambda orgs, period: dict(fixed))
        )

    return set_counts
