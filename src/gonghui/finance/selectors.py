"""Scoped reads of the ledger: balances per category and year, budget against actual.

A union's report covers its own books (a branch union keeps its own); the ledger counts
posted vouchers only, reversals included, so a reversed voucher nets to zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.years import year_with_data
from gonghui.finance.models import (
    EXPENDITURE_CATEGORIES,
    INCOME_CATEGORIES,
    Budget,
    Category,
    Voucher,
    VoucherLine,
    VoucherStatus,
)
from gonghui.finance.money import ZERO, cents
from gonghui.orgs.models import Organization


def execution_rate(actual: Decimal, budget: Decimal | None) -> Decimal | None:
    """Actual ÷ budget in percent (two places); None without a budget."""
    if not budget:
        return None
    return (actual * 100 / budget).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class LedgerRow:
    category: str
    label: str
    budget: Decimal | None
    actual: Decimal

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.actual, self.budget)

    @property
    def variance(self) -> Decimal | None:
        return None if self.budget is None else self.actual - self.budget


@dataclass
class LedgerReport:
    org: Organization
    year: int
    income: list[LedgerRow] = field(default_factory=list)
    expenditure: list[LedgerRow] = field(default_factory=list)
    opening: Decimal = ZERO
    vouchers: int = 0
    voucher_income: Decimal = ZERO
    voucher_expenditure: Decimal = ZERO

    @property
    def income_total(self) -> Decimal:
        return sum((r.actual for r in self.income), ZERO)

    @property
    def expenditure_total(self) -> Decimal:
        return sum((r.actual for r in self.expenditure), ZERO)

    @property
    def income_budget(self) -> Decimal | None:
        budgets = [r.budget for r in self.income if r.budget is not None]
        return sum(budgets, ZERO) if budgets else None

    @property
    def expenditure_budget(self) -> Decimal | None:
        budgets = [r.budget for r in self.expenditure if r.budget is not None]
        return sum(budgets, ZERO) if budgets else None

    @property
    def income_rate(self) -> Decimal | None:
        return execution_rate(self.income_total, self.income_budget)

    @property
    def expenditure_rate(self) -> Decimal | None:
        return execution_rate(self.expenditure_total, self.expenditure_budget)

    @property
    def change(self) -> Decimal:
        return self.income_total - self.expenditure_total

    @property
    def closing(self) -> Decimal:
        return self.opening + self.change

    @property
    def balanced(self) -> bool:
        """The lines add up to the vouchers' totals, to the cent."""
        return (self.income_total, self.expenditure_total) == (self.voucher_income, self.voucher_expenditure)


def posted_lines(org: Organization) -> QuerySet:
    return VoucherLine.objects.filter(organization=org, voucher__status=VoucherStatus.POSTED)


def category_balances(org: Organization, year: int) -> dict[str, Decimal]:
    """{category: net amount posted in ``year``} (reversals net out)."""
    rows = (
        posted_lines(org)
        .filter(voucher__year=year)
        .order_by()
        .values("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    return {c: cents(t or ZERO) for c, t in rows}


def opening_balance(org: Organization, year: int) -> Decimal:
    """What the books carried into ``year``: income less expenditure of every earlier year."""
    sums = (
        posted_lines(org)
        .filter(voucher__year__lt=year)
        .aggregate(
            income=Sum("amount", filter=Q(category__in=INCOME_CATEGORIES)),
            expenditure=Sum("amount", filter=Q(category__in=EXPENDITURE_CATEGORIES)),
        )
    )
    return cents(sums["income"] or ZERO) - cents(sums["expenditure"] or ZERO)


def ledger_report(org: Organization, year: int) -> LedgerReport:
    balances = category_balances(org, year)
    budgets = {
        c: cents(a)
        for c, a in Budget.objects.filter(organization=org, year=year).values_list("category", "amount")
    }
    totals = Voucher.objects.filter(organization=org, status=VoucherStatus.POSTED, year=year).aggregate(
        n=Count("pk"), income=Sum("income_total"), expenditure=Sum("expenditure_total")
    )

    def rows(categories: tuple[str, ...]) -> list[LedgerRow]:
        return [
            LedgerRow(c, str(Category(c).label), budgets.get(c), balances.get(c, ZERO)) for c in categories
        ]

    return LedgerReport(
        org=org,
        year=year,
        income=rows(INCOME_CATEGORIES),
        expenditure=rows(EXPENDITURE_CATEGORIES),
        opening=opening_balance(org, year),
        vouchers=totals["n"],
        voucher_income=cents(totals["income"] or ZERO),
        voucher_expenditure=cents(totals["expenditure"] or ZERO),
    )


def books_year(org: Organization) -> int:
    """The year a union's books open on: the latest it kept books for (``core.years.year_with_data``)."""
    return year_with_data(Voucher.objects.filter(organization=org))


def ledger_years(org: Organization, default: int) -> list[int]:
    """Years with vouchers or budgets, newest first, always with ``default``."""
    years = set(Voucher.objects.filter(organization=org).values_list("year", flat=True).distinct())
    years |= set(Budget.objects.filter(organization=org).values_list("year", flat=True).distinct())
    years.add(default)
    return sorted(years, reverse=True)
