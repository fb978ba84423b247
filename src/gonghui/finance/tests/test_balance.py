"""After any sequence of postings and reversals the ledger balances, to the cent (hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.finance.models import INCOME_CATEGORIES, Category, Voucher, VoucherLine, VoucherStatus
from gonghui.finance.selectors import category_balances, ledger_report
from gonghui.finance.services.ledger import voucher_post, voucher_reverse
from gonghui.finance.tests.conftest import access_of, make_draft

CENTS = st.integers(min_value=1, max_value=10_000_000)  # 0.01 … 100,000.00 yuan
LINE = st.tuples(st.sampled_from(list(Category.values)), CENTS)
POSTING = st.tuples(
    st.just("post"), st.lists(LINE, min_size=1, max_size=4), st.sampled_from([2024, 2025, 2026])
)
REVERSAL = st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50), st.just(0))
OPERATIONS = st.lists(st.one_of(POSTING, POSTING, REVERSAL), min_size=1, max_size=12)


def _signed(category: str, amount: Decimal) -> Decimal:
    return amount if category in INCOME_CATEGORIES else -amount


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_the_ledger_balances_after_any_postings_and_reversals(
    tree: Any, officer: Any, operations: list
) -> None:
    access = access_of(officer)
    union = tree.union_a
    with transaction.atomic():
        posted: list[Voucher] = []
        reversed_ids: set[int] = set()
        # What the books must show, computed independently: net and per-category amounts per year.
        expected: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for op, arg, year in operations:
            if op == "post":
                lines = [(c, str(Decimal(cents) / 100)) for c, cents in arg]
                draft = make_draft(officer, union, lines, dt.date(year, 6, 1))
                voucher, _w = voucher_post(access=access, voucher=draft)
                posted.append(voucher)
                for c, cents in arg:
                    expected[(year, c)] += Decimal(cents) / 100
                continue
            if not posted:
                continue
            target = posted[arg % len(posted)]
            if target.pk in reversed_ids or target.reverses_id is not None:
                with pytest.raises(DomainError):
                    voucher_reverse(access=access, voucher=target, reason="重复", on=dt.date(2026, 12, 31))
                continue
            reversal = voucher_reverse(access=access, voucher=target, reason="错", on=target.date)
            reversed_ids.add(target.pk)
            posted.append(reversal)
            for line in target.lines.all():
                expected[(target.year, line.category)] -= line.amount

        vouchers = list(Voucher.objects.filter(organization=union))
        assert all(v.status == VoucherStatus.POSTED for v in vouchers)
        for v in vouchers:
            lines = list(v.lines.all())
            # The lines add up to the voucher's totals.
            assert v.income_total == sum(
                (ln.amount for ln in lines if ln.category in INCOME_CATEGORIES), Decimal(0)
            )
            assert v.expenditure_total == sum(
                (ln.amount for ln in lines if ln.category not in INCOME_CATEGORIES), Decimal(0)
            )
            if v.reverses_id is not None:
                # A reversal and its original net to zero, category by category.
                net: dict[str, Decimal] = defaultdict(Decimal)
                for ln in [*lines, *v.reverses.lines.all()]:
                    net[ln.category] += ln.amount
                assert set(net.values()) == {Decimal(0)}
        # Numbers run 1…n per year without gaps or repeats.
        for year in {v.year for v in vouchers}:
            numbers = sorted(v.number for v in vouchers if v.year == year)
            assert numbers == list(range(1, len(numbers) + 1))
        opening = Decimal("0.00")
        for year in (2024, 2025, 2026):
            balances = category_balances(union, year)
            for category in Category.values:
                assert balances.get(category, Decimal(0)) == expected[(year, category)]
            report = ledger_report(union, year)
            change = sum((_signed(c, a) for (y, c), a in expected.items() if y == year), Decimal(0))
            # income − expenditure = balance change; the years chain; the lines match the vouchers.
            assert report.balanced
            assert report.income_total - report.expenditure_total == report.change == change
            assert report.opening == opening and report.closing == opening + change
            assert report.voucher_income - report.voucher_expenditure == change
            opening = report.closing
        all_lines = VoucherLine.objects.filter(organization=union)
        total = sum((_signed(ln.category, ln.amount) for ln in all_lines), Decimal(0))
        assert total == opening
        transaction.set_rollback(True)
