"""The category of a hardship household, at and around the lines (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.care.rules import classify, exclusive_kinds, split_premium, worked_a_year

D = Decimal
LINE = D("750")  # yuan per person per month: 27,000 a year for three people


def cat(income: str, expenses: str = "0", size: int = 3, **kw: object) -> str:
    return classify(income=D(income), expenses=D(expenses), size=size, line=LINE, **kw).category  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("income", "expenses", "expected"),
    [
        ("26999.99", "0", "deep"),  # a fen below the line, though it rounds to 750.00 a month
        ("27000", "0", "relative"),  # exactly at the line is not below it
        ("53999.99", "0", "relative"),
        ("54000", "0", "none"),  # exactly twice the line
        ("60000", "33000.01", "deep"),  # the rigid expenses come off the income first
        ("0", "0", "deep"),
        ("10000", "20000", "deep"),  # expenses above income: a negative disposable income
    ],
)
def test_deep_and_relative_hardship_at_the_lines(income: str, expenses: str, expected: str) -> None:
    assert cat(income, expenses) == expected


def test_per_person_monthly_figure_is_rounded_for_display_only() -> None:
    result = classify(income=D("26999.99"), expenses=D("0"), size=3, line=LINE)
    assert result.per_capita_monthly == D("750.00") and result.category == "deep"


def test_accidental_hardship_by_expenses_above_80_percent_or_by_disaster() -> None:
    # Well above twice the line, but the year's rigid expenses exceed 80% of income.
    assert cat("500000", "400000.01") == "accidental"
    assert cat("500000", "400000") == "none"  # exactly 80% does not exceed it
    assert cat("100000", "0", disaster=True) == "accidental"
    # A deeper category wins, the accidental flag stays visible.
    result = classify(income=D("20000"), expenses=D("19000"), size=3, line=LINE)
    assert result.category == "deep" and result.accidental


def test_without_a_line_only_accidental_hardship_can_be_judged() -> None:
    assert classify(income=D("1000"), expenses=D("0"), size=1, line=None).category == "unknown"
    assert classify(income=D("1000"), expenses=D("900"), size=1, line=None).category == "accidental"


def test_hardship_migrant_worker_needs_a_full_year_in_the_city() -> None:
    on = dt.date(2025, 6, 1)
    kw = {"income": D("10000"), "expenses": D("0"), "size": 2, "line": LINE, "on": on}
    assert classify(migrant_since=dt.date(2024, 6, 1), **kw).migrant_hardship  # type: ignore[arg-type]
    assert not classify(migrant_since=dt.date(2024, 6, 2), **kw).migrant_hardship  # type: ignore[arg-type]
    rich = {**kw, "income": D("200000")}
    assert not classify(migrant_since=dt.date(2020, 1, 1), **rich).migrant_hardship  # type: ignore[arg-type]
    assert worked_a_year(dt.date(2024, 2, 29), dt.date(2025, 2, 28))


def test_a_household_has_at_least_one_person() -> None:
    with pytest.raises(ValueError):
        classify(income=D("1"), expenses=D("0"), size=0, line=LINE)


def test_study_aids_exclude_each_other_and_premiums_split_to_the_cent() -> None:
    assert "study" in exclusive_kinds("study") and exclusive_kinds("funeral") == frozenset()
    assert split_premium(D("99.99"), D("50")) == (D("50.00"), D("49.99"))
    assert sum(split_premium(D("120"), D("33.33"))) == D("120")
