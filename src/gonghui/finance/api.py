"""Finance endpoints beyond the generic ones: post and reverse a voucher, the ledger, the calculator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gonghui.accounts.roles import Perm
from gonghui.core.api import ErrorOut
from gonghui.core.bounds import Amount, Id, Year
from gonghui.core.current import current_org
from gonghui.core.errors import DomainError
from gonghui.core.precheck import flat
from gonghui.core.records import registry, require
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.finance.rules import funds_rule_for
from gonghui.finance.selectors import LedgerRow, books_year, ledger_report
from gonghui.finance.services.dues import counted_wage, monthly_dues
from gonghui.finance.services.ledger import voucher_post, voucher_post_warnings, voucher_reverse
from gonghui.orgs.models import Organization

# The calculator page's bounds (CalculatorForm): twelve digits, two of them decimals.
Wage = Amount(max_digits=12, decimal_places=2)

voucher_router = Router(tags=["Voucher"])
dues_router = Router(tags=["DuesRecord"])


class PostedVoucherOut(Schema):  # a name of its own: the generic VoucherOut is the record's own answer
    id: int
    organization_id: int
    year: int
    number: int | None
    date: dt.date
    description: str
    status: str
    income_total: Decimal
    expenditure_total: Decimal
    reverses_id: int | None


class PostOut(Schema):
    voucher: PostedVoucherOut
    warnings: list[str]


class ReverseIn(Schema):
    reason: str
    on: dt.date | None = None


def _voucher(request: AuthedRequest, pk: int) -> Any:
    voucher = get_in_scope(registry.get("vouchers").queryset(request.access), request, pk=pk)
    return voucher


class PostWarningsOut(Schema):
    detail: str
    warnings: list[str]


@voucher_router.post(
    "/{int:pk}/post",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 409: PostWarningsOut},
    summary="Post a draft voucher (number it and freeze it)",
    description=(
        "A voucher that would break a spending cap is not posted: the answer is 409 with the "
        "warnings; send the request again with confirm=true to post it anyway."
    ),
    operation_id="vouchers_post",
)
def post_voucher(request: AuthedRequest, pk: int, confirm: bool = False) -> Any:
    voucher = _voucher(request, pk)
    require(request.access, Perm.FINANCE_EDIT, voucher.organization)
    warnings = flat(voucher_post_warnings(voucher))
    if warnings and not confirm:  # said before the voucher is frozen, as on the page
        return Status(
            409, {"detail": _("Confirm the warnings to post the voucher anyway."), "warnings": warnings}
        )
    voucher, warnings = voucher_post(access=request.access, voucher=voucher)
    return {"voucher": voucher, "warnings": warnings}


@voucher_router.post(
    "/{int:pk}/reverse",
    response={201: PostedVoucherOut, 400: ErrorOut, 403: ErrorOut},
    summary="Reverse a posted voucher with a reversing voucher",
    operation_id="vouchers_reverse",
)
def reverse_voucher(request: AuthedRequest, pk: int, payload: ReverseIn) -> Any:
    reversal = voucher_reverse(
        access=request.access,
        voucher=_voucher(request, pk),
        reason=payload.reason,
        on=payload.on,
    )
    return 201, reversal


class LedgerRowOut(Schema):
    category: str
    label: str
    budget: Decimal | None
    actual: Decimal
    execution_rate: Decimal | None = Field(None)


class LedgerOut(Schema):
    organization_id: int
    year: int
    opening: Decimal
    income: list[LedgerRowOut]
    expenditure: list[LedgerRowOut]
    income_total: Decimal
    expenditure_total: Decimal
    closing: Decimal
    vouchers: int
    balanced: bool


def _org(request: AuthedRequest, org: int | None) -> Organization:
    target = get_in_scope(Organization.objects.all(), request, pk=org) if org else current_org(request)
    if target is None or not request.access.can(Perm.FINANCE_VIEW, target):
        raise PermissionDenied
    return target


def _row(r: LedgerRow) -> dict[str, Any]:
    return {
        "category": r.category,
        "label": r.label,
        "budget": r.budget,
        "actual": r.actual,
        "execution_rate": r.rate,
    }


@voucher_router.get(
    "/ledger",
    response={200: LedgerOut, 403: ErrorOut},
    summary="Balances by category and budget against actual for one union and year",
    operation_id="vouchers_ledger",
)
def ledger(request: AuthedRequest, org: Id | None = None, year: Year | None = None) -> Any:
    target = _org(request, org)
    report = ledger_report(target, year or books_year(target))
    return {
        "organization_id": target.pk,
        "year": report.year,
        "opening": report.opening,
        "income": [_row(r) for r in report.income],
        "expenditure": [_row(r) for r in report.expenditure],
        "income_total": report.income_total,
        "expenditure_total": report.expenditure_total,
        "closing": report.closing,
        "vouchers": report.vouchers,
        "balanced": report.balanced,
    }


class DuesOut(Schema):
    wage: Decimal
    counted_wage: Decimal
    rate: Decimal
    dues: Decimal


@dues_router.get(
    "/calculate",
    response={200: DuesOut, 400: ErrorOut, 403: ErrorOut},
    summary="Monthly dues of a wage under the rule valid for a union today",
    operation_id="dues_records_calculate",
)
def calculate(request: AuthedRequest, wage: Wage, org: Id | None = None, retained: bool = False) -> Any:
    target = _org(request, org)
    if wage < 0 or wage != wage.quantize(Decimal("0.01")):
        raise DomainError(
            {"wage": _("The wage must be a yuan amount with at most two decimals, not negative.")}
        )
    rule = funds_rule_for(target, timezone.localdate())
    return {
        "wage": wage,
        "counted_wage": counted_wage(wage, rule),
        "rate": rule.dues_rate,
        "dues": monthly_dues(wage, rule, retained=retained),
    }
