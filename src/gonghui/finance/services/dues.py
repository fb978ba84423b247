"""Dues and remittances: the dues calculator, dues records, what is due to the higher union."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from gonghui.core.errors import DomainError
from gonghui.core.services import save_validated
from gonghui.finance.models import DuesRecord, FundsRule, Remittance, RemittanceKind
from gonghui.finance.money import ZERO, cents, share_of
from gonghui.finance.rules import funds_rule_for
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Organization

NOT_PAYING = (MemberStatus.LEFT, MemberStatus.DECEASED)


def counted_wage(wage: Decimal, rule: FundsRule) -> Decimal:
    """The wage the dues are computed on: the remainder under the rule's unit (10 yuan) is not counted."""
    unit = rule.dues_unit
    if not unit or unit <= 0:
        return cents(wage)
    return cents((Decimal(wage) // unit) * unit)


def monthly_dues(wage: Decimal, rule: FundsRule, *, retained: bool = False) -> Decimal:
    """Dues of one month: the rule's rate (0.5 %) of the counted wage; members kept on the roll pay none."""
    if wage is None or wage < 0:
        raise DomainError({"wage": _("The wage cannot be negative.")})
    if retained:
        return ZERO
    return share_of(counted_wage(wage, rule), rule.dues_rate)


def _fill_dues(record: DuesRecord) -> None:
    member: Member = record.member
    if member.status in NOT_PAYING:
        raise DomainError(
            {"member": _("%(member)s is no longer a member and pays no dues.") % {"member": member}}
        )
    if record.year and record.month and record.wage is not None:
        rule = funds_rule_for(record.organization, dt.date(record.year, record.month, 1))
        record.exempt = member.status == MemberStatus.RETAINED
        record.amount = monthly_dues(record.wage, rule, retained=record.exempt)


def dues_record_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> DuesRecord:
    record = DuesRecord(organization=organization, **data)
    if record.member_id is None:
        raise DomainError({"member": _("Choose the member.")})
    with transaction.atomic():
        _fill_dues(record)
        save_validated(record, actor=actor)
    return record


def dues_record_update(*, actor: Any, obj: DuesRecord, data: dict[str, Any]) -> DuesRecord:
    for k, v in data.items():
        setattr(obj, k, v)
    with transaction.atomic():
        _fill_dues(obj)
        save_validated(obj, actor=actor)
    return obj


def dues_collect(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    month: int,
    wages: Mapping[Member, Decimal],
    paid_on: dt.date | None = None,
) -> list[DuesRecord]:
    """Record one month's dues for many members at once (all valid, or nothing written)."""
    rule = funds_rule_for(organization, dt.date(year, month, 1))
    existing = set(
        DuesRecord.objects.filter(member__in=list(wages), year=year, month=month).values_list(
            "member_id", flat=True
        )
    )
    records = []
    for member, wage in wages.items():
        record = DuesRecord(
            organization=organization, member=member, year=year, month=month, wage=wage, paid_on=paid_on
        )
        if member.pk in existing:
            raise DomainError(
                {
                    "member": _("The dues of %(member)s for this month are already recorded.")
                    % {"member": member}
                }
            )
        if member.status in NOT_PAYING:
            raise DomainError(
                {"member": _("%(member)s is no longer a member and pays no dues.") % {"member": member}}
            )
        record.exempt = member.status == MemberStatus.RETAINED
        record.amount = monthly_dues(wage, rule, retained=record.exempt)
        record.full_clean(validate_unique=False, validate_constraints=False)
        records.append(record)
    with transaction.atomic():
        return bulk_create_with_history(records, DuesRecord, batch_size=500, default_user=actor)


# ---- remittances -------------------------------------------------------------
def _dues_collected(organization: Organization, start: dt.date, end: dt.date) -> Decimal:
    """Dues recorded in the union's subtree for the months between ``start`` and ``end``."""
    months = Q()
    for year in range(start.year, end.year + 1):
        first = start.month if year == start.year else 1
        last = end.month if year == end.year else 12
        months |= Q(year=year, month__gte=first, month__lte=last)
    total = DuesRecord.objects.filter(months, organization__path__startswith=organization.path).aggregate(
        s=Sum("amount")
    )["s"]
    return cents(total or ZERO)


def _fill_remittance(r: Remittance) -> None:
    errors: dict[str, str] = {}
    if r.period_start and r.period_end:
        if r.period_end < r.period_start:
            errors["period_end"] = _("The end of the period cannot be before its start.")
        elif r.period_start.year != r.period_end.year:
            errors["period_end"] = _("A remittance covers a period within one year.")
    if r.kind == RemittanceKind.ALLOCATED_FUNDS and r.payroll is None:
        errors["payroll"] = _("Give the payroll: the allocated funds are computed from it.")
    if errors:
        raise DomainError(errors)
    if not (r.period_start and r.period_end and r.kind):
        return  # full_clean names the missing fields
    rule = funds_rule_for(r.organization, r.period_end)
    r.year = r.period_end.year
    if r.kind == RemittanceKind.ALLOCATED_FUNDS:
        r.base_amount = share_of(r.payroll, rule.funds_rate)
    elif r.base_amount is None:
        r.base_amount = _dues_collected(r.organization, r.period_start, r.period_end)
    r.kept_share = rule.kept_share
    r.due_amount = share_of(r.base_amount, rule.upward_share)
    r.kept_amount = r.base_amount - r.due_amount  # kept + due = base, to the cent


def remittance_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> Remittance:
    remittance = Remittance(organization=organization, **data)
    with transaction.atomic():
        _fill_remittance(remittance)
        save_validated(remittance, actor=actor)
    return remittance


def remittance_update(*, actor: Any, obj: Remittance, data: dict[str, Any]) -> Remittance:
    for k, v in data.items():
        setattr(obj, k, v)
    with transaction.atomic():
        _fill_remittance(obj)
        save_validated(obj, actor=actor)
    return obj
