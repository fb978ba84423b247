"""Finance fixtures: the officers of union A, and vouchers written through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.roles import Role
from gonghui.core.records import record_create, registry
from gonghui.finance.models import Voucher
from gonghui.finance.services.ledger import voucher_post


def access_of(user: Any) -> Access:
    return Access(user, load_grants(user))


@pytest.fixture
def officer(tree: Any, make_user: Any) -> Any:
    """Union A's finance officer (会计)."""
    return make_user(Role.FINANCE, tree.union_a, username="kuaiji")


@pytest.fixture
def auditor(tree: Any, make_user: Any) -> Any:
    return make_user(Role.AUDITOR, tree.union_a, username="jingshen")


@pytest.fixture
def chair(tree: Any, make_user: Any) -> Any:
    return make_user(Role.CHAIR, tree.union_a, username="zhuxi")


Lines = list[tuple[str, str] | tuple[str, str, str, int]]


def make_draft(
    user: Any, union: Any, lines: Lines, day: dt.date = dt.date(2025, 3, 1), text: str = "凭证"
) -> Voucher:
    """A draft written through the record machinery, as the pages and the API write it."""
    access = access_of(user)
    voucher = record_create(
        registry.get("vouchers"), access=access, organization=union, data={"date": day, "description": text}
    )
    for category, amount, *cap in lines:
        data = {
            "voucher": voucher,
            "category": category,
            "amount": Decimal(amount),
            "summary": "",
            "purpose": "",
        }
        if cap:
            data["purpose"], data["persons"] = cap
        record_create(registry.get("voucher-lines"), access=access, organization=union, data=data)
    return voucher


@pytest.fixture
def post(officer: Any, tree: Any) -> Callable[..., Voucher]:
    """Draft and post a voucher of union A: post([("dues", "100.00")], day=...)."""

    def do(
        lines: Lines,
        day: dt.date = dt.date(2025, 3, 1),
        union: Any = None,
        text: str = "凭证",
        user: Any = None,
    ) -> Voucher:
        user = user or officer
        voucher = make_draft(user, union or tree.union_a, lines, day, text)
        return voucher_post(access=access_of(user), voucher=voucher)[0]

    return do
