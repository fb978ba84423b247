"""One valid finance record per type inside a given union (for the central scoping tests)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gonghui.finance.models import (
    Asset,
    AssetCategory,
    Audit,
    AuditPlan,
    Budget,
    Category,
    DuesRecord,
    FinancePolicy,
    FundingSource,
    FundsRule,
    PolicyKind,
    Remittance,
    RemittanceKind,
    SpendingCap,
    SpendPurpose,
    Voucher,
    VoucherLine,
)
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

_seq = itertools.count(1)


def voucher(union: Organization, **kw: Any) -> Voucher:
    day = kw.pop("date", dt.date(2025, 3, 1))
    return Voucher.objects.create(
        organization=union,
        date=day,
        year=day.year,
        description=kw.pop("description", f"{union.name}购买慰问品"),
        **kw,
    )


def voucher_line(union: Organization, **kw: Any) -> VoucherLine:
    v = kw.pop("voucher", None) or voucher(union)
    return VoucherLine.objects.create(
        organization=union,
        voucher=v,
        category=kw.pop("category", Category.RIGHTS_VISITS),
        amount=kw.pop("amount", Decimal("800.00")),
        summary=kw.pop("summary", "春节慰问"),
        **kw,
    )


def budget(union: Organization) -> Budget:
    year = 2000 + Budget.objects.filter(organization=union).count()
    return Budget.objects.create(
        organization=union, year=year, category=Category.CULTURE_SPORTS, amount=Decimal("5000.00")
    )


def member(union: Organization, **kw: Any) -> Member:
    n = next(_seq)
    return Member.objects.create(
        organization=union,
        name=kw.pop("name", f"会员{n}"),
        gender="F",
        id_number=f"FIN{union.pk:05d}{n:08d}",
        **kw,
    )


def dues_record(union: Organization) -> DuesRecord:
    return DuesRecord.objects.create(
        organization=union,
        member=member(union),
        year=2025,
        month=1,
        wage=Decimal("4567.00"),
        amount=Decimal("22.80"),
    )


def remittance(union: Organization) -> Remittance:
    return Remittance.objects.create(
        organization=union,
        kind=RemittanceKind.ALLOCATED_FUNDS,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        year=2025,
        payroll=Decimal("1000000.00"),
        base_amount=Decimal("20000.00"),
        kept_share=Decimal("60.00"),
        kept_amount=Decimal("12000.00"),
        due_amount=Decimal("8000.00"),
        remitted_amount=Decimal("8000.00"),
    )


def funds_rule(union: Organization) -> FundsRule:
    year = 2000 + FundsRule.objects.filter(organization=union).count()
    return FundsRule.objects.create(
        organization=union, valid_from=dt.date(year, 1, 1), valid_to=dt.date(year, 12, 31), note="分成比例"
    )


def spending_cap(union: Organization) -> SpendingCap:
    year = 2000 + SpendingCap.objects.filter(organization=union).count()
    return SpendingCap.objects.create(
        organization=union,
        purpose=SpendPurpose.FESTIVAL_GIFTS,
        per_person_year=Decimal("1500.00"),
        valid_from=dt.date(year, 1, 1),
        valid_to=dt.date(year, 12, 31),
        source="省总工会规定",
    )


def audit_plan(union: Organization) -> AuditPlan:
    return AuditPlan.objects.create(organization=union, year=2025, title=f"{union.name}经审工作计划")


def audit(union: Organization) -> Audit:
    return Audit.objects.create(
        organization=union,
        audit_date=dt.date(2025, 12, 20),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 11, 30),
        scope=f"{union.name}经费收支审查",
        auditors="经审委员",
    )


def asset(union: Organization) -> Asset:
    return Asset.objects.create(
        organization=union,
        name=f"{union.name}台式电脑",
        category=AssetCategory.COMPUTERS,
        value=Decimal("4800.00"),
        acquired_on=dt.date(2024, 5, 1),
        funding_source=FundingSource.UNION_FUNDS,
        custodian="工会办公室",
        location="工会办公室",
    )


def finance_policy(union: Organization) -> FinancePolicy:
    return FinancePolicy.objects.create(
        organization=union,
        kind=PolicyKind.FINANCE,
        title=f"{union.name}财务管理制度",
        adopted_on=dt.date(2025, 2, 1),
    )


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "vouchers": voucher,
    "voucher-lines": voucher_line,
    "budgets": budget,
    "dues-records": dues_record,
    "remittances": remittance,
    "funds-rules": funds_rule,
    "spending-caps": spending_cap,
    "audit-plans": audit_plan,
    "audits": audit,
    "assets": asset,
    "finance-policies": finance_policy,
}
