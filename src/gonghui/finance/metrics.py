"""Finance metrics: funds in and out, budgets, remittances, audits, assets (set-based, per subtree)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, rate, records_in
from gonghui.finance.models import (
    EXPENDITURE_CATEGORIES,
    INCOME_CATEGORIES,
    Asset,
    AssetStatus,
    Audit,
    Budget,
    DuesRecord,
    FinancePolicy,
    PolicyKind,
    Remittance,
    VoucherLine,
    VoucherStatus,
)
from gonghui.finance.money import cents


def _amounts(values: Values) -> Values:
    return {pk: cents(v or 0) for pk, v in values.items()}


def _posted_lines(period: Period) -> QuerySet:
    return VoucherLine.objects.filter(
        voucher__status=VoucherStatus.POSTED, voucher__date__gte=period.start, voucher__date__lte=period.end
    )


def _lines_evidence(categories: tuple[str, ...]) -> Any:
    def evidence(org: Any, period: Period) -> QuerySet:
        return records_in(VoucherLine, org).filter(
            category__in=categories,
            voucher__status=VoucherStatus.POSTED,
            voucher__date__gte=period.start,
            voucher__date__lte=period.end,
        )

    return evidence


@metric(
    "funds_income",
    label=_("Funds income"),
    kind=Kind.AMOUNT,
    description=_("Income posted in the period (reversals netted), the union's subtree included."),
    evidence=_lines_evidence(INCOME_CATEGORIES),
)
def funds_income(orgs: QuerySet, period: Period) -> Values:
    lines = _posted_lines(period).filter(category__in=INCOME_CATEGORIES)
    return _amounts(per_org(lines, orgs, Sum("amount")))


@metric(
    "funds_expenditure",
    label=_("Funds expenditure"),
    kind=Kind.AMOUNT,
    description=_("Expenditure posted in the period (reversals netted), the union's subtree included."),
    evidence=_lines_evidence(EXPENDITURE_CATEGORIES),
)
def funds_expenditure(orgs: QuerySet, period: Period) -> Values:
    lines = _posted_lines(period).filter(category__in=EXPENDITURE_CATEGORIES)
    return _amounts(per_org(lines, orgs, Sum("amount")))


@metric(
    "funds_balance",
    label=_("Funds surplus of the period"),
    kind=Kind.AMOUNT,
    description=_("Income less expenditure posted in the period."),
)
def funds_balance(orgs: QuerySet, period: Period) -> Values:
    income, spent = funds_income(orgs, period), funds_expenditure(orgs, period)
    return {pk: income.get(pk, cents(0)) - spent.get(pk, cents(0)) for pk in {*income, *spent}}


def _budgets(period: Period) -> QuerySet:
    return Budget.objects.filter(year=period.end.year)


@metric(
    "budget_present",
    label=_("Budget drawn up"),
    kind=Kind.BOOL,
    description=_("A budget exists for the year of the period."),
    evidence=lambda org, period: records_in(Budget, org).filter(year=period.end.year),
)
def budget_present(orgs: QuerySet, period: Period) -> Values:
    return {pk: n > 0 for pk, n in per_org(_budgets(period), orgs).items()}


@metric(
    "budget_execution_rate",
    unknown=_("no expenditure budget is entered"),
    label=_("Budget execution rate"),
    kind=Kind.RATE,
    description=_("Expenditure posted in the year against the expenditure budgeted for it."),
    evidence=lambda org, period: records_in(Budget, org).filter(
        year=period.end.year, category__in=EXPENDITURE_CATEGORIES
    ),
)
def budget_execution_rate(orgs: QuerySet, period: Period) -> Values:
    year = Period.year(period.end.year)
    budgeted = per_org(_budgets(period).filter(category__in=EXPENDITURE_CATEGORIES), orgs, Sum("amount"))
    return rate(funds_expenditure(orgs, year), budgeted)


def _remittances(period: Period) -> QuerySet:
    return Remittance.objects.filter(period_end__gte=period.start, period_end__lte=period.end)


@metric(
    "dues_remitted_in_full",
    label=_("Funds and dues remitted in full"),
    kind=Kind.BOOL,
    description=_(
        "Remittances to the higher union are recorded for the period, and each paid at least what was due."
    ),
    evidence=lambda org, period: records_in(Remittance, org).filter(
        period_end__gte=period.start, period_end__lte=period.end
    ),
)
def dues_remitted_in_full(orgs: QuerySet, period: Period) -> Values:
    rows = _remittances(period)
    recorded = per_org(rows, orgs)
    short = per_org(rows.filter(remitted_amount__lt=F("due_amount")), orgs)
    return {pk: not short.get(pk) for pk in recorded}


@metric(
    "remittance_due",
    label=_("Due to the higher union"),
    kind=Kind.AMOUNT,
    description=_("What the split tables put on the higher union's side for the period."),
)
def remittance_due(orgs: QuerySet, period: Period) -> Values:
    return _amounts(per_org(_remittances(period), orgs, Sum("due_amount")))


@metric(
    "remittance_paid",
    label=_("Remitted to the higher union"),
    kind=Kind.AMOUNT,
    description=_("What was remitted to the higher union for the period."),
)
def remittance_paid(orgs: QuerySet, period: Period) -> Values:
    return _amounts(per_org(_remittances(period), orgs, Sum("remitted_amount")))


@metric(
    "dues_collected",
    label=_("Dues collected"),
    kind=Kind.AMOUNT,
    description=_("Dues recorded for the months of the period."),
    evidence=lambda org, period: records_in(DuesRecord, org).filter(
        year__gte=period.start.year, year__lte=period.end.year
    ),
)
def dues_collected(orgs: QuerySet, period: Period) -> Values:
    months = Q()
    for year in range(period.start.year, period.end.year + 1):
        first = period.start.month if year == period.start.year else 1
        last = period.end.month if year == period.end.year else 12
        months |= Q(year=year, month__gte=first, month__lte=last)
    return _amounts(per_org(DuesRecord.objects.filter(months), orgs, Sum("amount")))


def _audits(period: Period) -> QuerySet:
    return Audit.objects.filter(audit_date__gte=period.start, audit_date__lte=period.end)


@metric(
    "audit_done",
    label=_("Funds audit done"),
    kind=Kind.BOOL,
    description=_("The funds review committee audited the accounts during the period."),
    evidence=lambda org, period: records_in(Audit, org).filter(
        audit_date__gte=period.start, audit_date__lte=period.end
    ),
)
def audit_done(orgs: QuerySet, period: Period) -> Values:
    return {pk: n > 0 for pk, n in per_org(_audits(period), orgs).items()}


@metric(
    "audit_count",
    label=_("Funds audits"),
    kind=Kind.COUNT,
    description=_("Audits by the funds review committee during the period."),
)
def audit_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_audits(period), orgs)


def _assets_held(period: Period) -> QuerySet:
    return Asset.objects.filter(acquired_on__lte=period.end).filter(
        ~Q(status=AssetStatus.DISPOSED) | Q(disposed_on__gt=period.end)
    )


@metric(
    "asset_count",
    label=_("Assets registered"),
    kind=Kind.COUNT,
    description=_("Items in the asset register held at the end of the period."),
    evidence=lambda org, period: records_in(Asset, org).filter(pk__in=_assets_held(period).values("pk")),
)
def asset_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_assets_held(period), orgs)


@metric(
    "asset_value",
    label=_("Value of assets"),
    kind=Kind.AMOUNT,
    description=_("Book value of the assets held at the end of the period."),
)
def asset_value(orgs: QuerySet, period: Period) -> Values:
    return _amounts(per_org(_assets_held(period), orgs, Sum("value")))


@metric(
    "finance_rules_present",
    label=_("Financial rules in place"),
    kind=Kind.BOOL,
    description=_("The union has adopted written financial management rules by the end of the period."),
    evidence=lambda org, period: records_in(FinancePolicy, org).filter(adopted_on__lte=period.end),
)
def finance_rules_present(orgs: QuerySet, period: Period) -> Values:
    adopted = FinancePolicy.objects.filter(kind=PolicyKind.FINANCE, adopted_on__lte=period.end)
    return {pk: n > 0 for pk, n in per_org(adopted, orgs).items()}
