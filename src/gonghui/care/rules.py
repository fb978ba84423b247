"""The numbers of DOMAIN.md's care rules, as pure functions (tested without a database).

Hardship households (困难职工家庭) are judged on (annual income − rigid expenses) ÷ 12 ÷
household size against the local minimum-living line (低保线):

- deep hardship (深度困难): strictly below the line;
- relative hardship (相对困难): strictly below twice the line;
- accidental hardship (意外致困): the year's rigid (hardship) expenses exceed 80% of the
  household's income, or a disaster, serious accident or epidemic struck;
- hardship migrant worker (困难农民工): one of these after at least a year of work in the city.

Comparisons are exact (income − expenses < line × 12 × size): rounding the per-person
figure first could move a household across the line by a fraction of a fen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gonghui.care.models import AidKind, HardshipCategory, HardshipLevel

ACCIDENTAL_SHARE = Decimal("0.8")
CENT = Decimal("0.01")

# Suggested level when the union leaves it empty (the union decides; this is the usual mapping).
DEFAULT_LEVEL = {
    HardshipCategory.DEEP: HardshipLevel.SPECIAL,
    HardshipCategory.ACCIDENTAL: HardshipLevel.SERIOUS,
    HardshipCategory.RELATIVE: HardshipLevel.GENERAL,
}

# Aids of which a member may receive at most one per year (two study aids in one year are
# refused). Each set is a group of kinds that exclude each other.
EXCLUSIVE_PER_YEAR: list[frozenset[str]] = [frozenset({AidKind.STUDY})]

# Spring Festival (春节) by year, for the reminder to record the festival visits in time.
SPRING_FESTIVAL = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
    2033: dt.date(2033, 1, 31),
    2034: dt.date(2034, 2, 19),
    2035: dt.date(2035, 2, 8),
}


@dataclass(frozen=True)
class Assessment:
    category: str
    per_capita_monthly: Decimal
    migrant_hardship: bool
    accidental: bool  # also true when a deeper category was chosen


def per_capita_monthly(income: Decimal, expenses: Decimal, size: int) -> Decimal:
    return ((income - expenses) / 12 / size).quantize(CENT, ROUND_HALF_UP)


def classify(
    *,
    income: Decimal,
    expenses: Decimal,
    size: int,
    line: Decimal | None,
    disaster: bool = False,
    migrant_since: dt.date | None = None,
    on: dt.date | None = None,
) -> Assessment:
    """The category of a household; ``line`` is the monthly minimum-living line per person."""
    if size < 1:
        raise ValueError("household size must be at least 1")
    disposable = income - expenses
    accidental = disaster or expenses > income * ACCIDENTAL_SHARE
    if line is None:
        category = HardshipCategory.ACCIDENTAL if accidental else HardshipCategory.UNKNOWN
    elif disposable < line * 12 * size:
        category = HardshipCategory.DEEP
    elif disposable < 2 * line * 12 * size:
        category = HardshipCategory.RELATIVE
    elif accidental:
        category = HardshipCategory.ACCIDENTAL
    else:
        category = HardshipCategory.NONE
    in_hardship = category in (HardshipCategory.DEEP, HardshipCategory.RELATIVE, HardshipCategory.ACCIDENTAL)
    migrant = bool(in_hardship and migrant_since and on and worked_a_year(migrant_since, on))
    return Assessment(category, per_capita_monthly(income, expenses, size), migrant, accidental)


def worked_a_year(since: dt.date, on: dt.date) -> bool:
    """At least one full year between ``since`` and ``on`` (29 February counts as 28th)."""
    try:
        anniversary = since.replace(year=since.year + 1)
    except ValueError:
        anniversary = dt.date(since.year + 1, 2, 28)
    return on >= anniversary


def exclusive_kinds(kind: str) -> frozenset[str]:
    """The kinds that ``kind`` excludes for the same member in the same year (itself included)."""
    out: frozenset[str] = frozenset()
    for group in EXCLUSIVE_PER_YEAR:
        if kind in group:
            out |= group
    return out


def split_premium(premium: Decimal, union_share_pct: Decimal) -> tuple[Decimal, Decimal]:
    """(union and administration, individual) parts of a premium, adding up to the cent."""
    union = (premium * union_share_pct / 100).quantize(CENT, ROUND_HALF_UP)
    return union, premium - union
