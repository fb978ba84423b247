"""Ledger use cases: draft a voucher, give it lines, post it, reverse it.

Posting and reversal run in one transaction each and lock what they change, so a voucher
is numbered once and reversed at most once even when two people click at the same time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.core.errors import DomainError
from gonghui.core.precheck import Warnings
from gonghui.core.records import require
from gonghui.core.services import save_validated
from gonghui.finance.models import (
    INCOME_CATEGORIES,
    Direction,
    Voucher,
    VoucherLine,
    VoucherStatus,
    direction_of,
)
from gonghui.finance.money import ZERO
from gonghui.finance.rules import cap_warnings
from gonghui.orgs.models import Organization


def voucher_lock_reason(voucher: Voucher) -> str:
    """Why a voucher can no longer be edited or deleted ("" while it is a draft)."""
    if voucher.is_posted:
        return _(
            "A posted voucher cannot be changed or deleted; reverse it with a reversing voucher instead."
        )
    return ""


def line_lock_reason(line: VoucherLine) -> str:
    if line.voucher.is_posted:
        return _("The lines of a posted voucher cannot be changed or deleted; reverse the voucher instead.")
    return ""


def _refuse_locked(reason: str) -> None:
    if reason:
        raise DomainError(reason)


# ---- vouchers (drafts) -----------------------------------------------------
def voucher_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> Voucher:
    voucher = Voucher(organization=organization, **data)
    voucher.year = voucher.date.year if voucher.date else 0
    with transaction.atomic():
        save_validated(voucher, actor=actor)
    return voucher


def voucher_update(*, actor: Any, obj: Voucher, data: dict[str, Any]) -> Voucher:
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=obj.pk)
        _refuse_locked(voucher_lock_reason(voucher))
        for k, v in data.items():
            setattr(voucher, k, v)
        voucher.year = voucher.date.year if voucher.date else 0
        save_validated(voucher, actor=actor)
    return voucher


def voucher_delete(*, actor: Any, obj: Voucher) -> None:
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=obj.pk)
        _refuse_locked(voucher_lock_reason(voucher))
        voucher._history_user = actor  # type: ignore[attr-defined]
        for line in voucher.lines.all():
            line._history_user = actor  # type: ignore[attr-defined]
            line.delete()
        voucher.delete()


# ---- lines of a draft -------------------------------------------------------
def _check_line(line: VoucherLine) -> None:
    errors: dict[str, str] = {}
    if line.amount is not None and line.amount <= ZERO:
        errors["amount"] = _("The amount must be greater than zero.")
    if line.purpose:
        if line.category in INCOME_CATEGORIES:
            errors["purpose"] = _("A capped purpose applies to expenditure only.")
        if not line.persons:
            errors["persons"] = _("Give the number of persons covered, so the cap per person can be checked.")
    if errors:
        raise DomainError(errors)


def _draft_voucher(voucher: Voucher | None) -> Voucher:
    if voucher is None:
        raise DomainError({"voucher": _("Choose the voucher.")})
    locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if locked.is_posted:
        raise DomainError({"voucher": _("Lines cannot be added to a posted voucher.")})
    return locked


def line_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> VoucherLine:
    with transaction.atomic():
        voucher = _draft_voucher(data.get("voucher"))
        line = VoucherLine(organization=organization, **{**data, "voucher": voucher})
        _check_line(line)
        save_validated(line, actor=actor)
    return line


def line_update(*, actor: Any, obj: VoucherLine, data: dict[str, Any]) -> VoucherLine:
    with transaction.atomic():
        _draft_voucher(obj.voucher)
        if data.get("voucher") is not None and data["voucher"].pk != obj.voucher_id:
            _draft_voucher(data["voucher"])
        for k, v in data.items():
            setattr(obj, k, v)
        _check_line(obj)
        save_validated(obj, actor=actor)
    return obj


def line_warnings(line: VoucherLine, stored: VoucherLine | None) -> Warnings:
    """A check before commit: the caps the line's voucher would break with the line as it would
    be saved (nothing is saved). The cap rule is ``rules.voucher_breaches``, as at posting."""
    voucher = line.voucher if line.voucher_id else None
    if voucher is None or voucher.is_posted or not line.purpose or not line.persons:
        return {}
    others = [ln for ln in voucher.lines.all() if stored is None or ln.pk != stored.pk]
    found = cap_warnings(voucher, [*others, line])
    return {"amount": found} if found else {}


def voucher_post_warnings(voucher: Voucher) -> Warnings:
    """A check before commit: what posting ``voucher`` would be warned of (nothing is posted)."""
    found = cap_warnings(voucher)
    return {"__all__": found} if found else {}


def line_delete(*, actor: Any, obj: VoucherLine) -> None:
    with transaction.atomic():
        _draft_voucher(obj.voucher)
        obj._history_user = actor  # type: ignore[attr-defined]
        obj.delete()


# ---- posting and reversal ------------------------------------------------------
def _totals(lines: list[VoucherLine]) -> tuple[Decimal, Decimal]:
    income = sum((ln.amount for ln in lines if direction_of(ln.category) == Direction.INCOME), ZERO)
    expenditure = sum((ln.amount for ln in lines if direction_of(ln.category) == Direction.EXPENDITURE), ZERO)
    return income, expenditure


def _number_and_post(voucher: Voucher, lines: list[VoucherLine], actor: Any) -> None:
    # The union's row is the lock that serializes numbering within one union.
    Organization.objects.unscoped("the union's row is the numbering lock").select_for_update().only("pk").get(
        pk=voucher.organization_id
    )
    last = (
        Voucher.objects.unscoped("numbers are unique in the union, whoever posts")  # type: ignore[attr-defined]
        .filter(organization_id=voucher.organization_id, year=voucher.year)
        .aggregate(m=Max("number"))["m"]
    )
    voucher.number = (last or 0) + 1
    voucher.income_total, voucher.expenditure_total = _totals(lines)
    voucher.status = VoucherStatus.POSTED
    voucher.posted_at = timezone.now()
    voucher.posted_by = actor if getattr(actor, "pk", None) else None
    voucher._history_user = actor  # type: ignore[attr-defined]
    voucher.save(
        update_fields=["number", "income_total", "expenditure_total", "status", "posted_at", "posted_by"]
    )


def voucher_post(*, access: Any, voucher: Voucher) -> tuple[Voucher, list[str]]:
    """Post a draft: number it, total it, freeze it. Returns the voucher and any cap warnings
    (``voucher_post_warnings`` says them before: pages and the API ask for a confirmation)."""
    require(access, Perm.FINANCE_EDIT, voucher.organization)
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if voucher.is_posted:
            raise DomainError(_("This voucher is already posted."))
        lines = list(voucher.lines.all())
        if not lines:
            raise DomainError(_("A voucher without lines cannot be posted."))
        for line in lines:
            _check_line(line)
        _number_and_post(voucher, lines, access.user)
    return voucher, cap_warnings(voucher)


def voucher_reverse(*, access: Any, voucher: Voucher, reason: str, on: Any = None) -> Voucher:
    """Post a reversing voucher (红字冲销) whose lines negate the original's, and link the two."""
    require(access, Perm.FINANCE_EDIT, voucher.organization)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": _("Give the reason for the reversal.")})
    try:
        with transaction.atomic():
            original = Voucher.objects.select_for_update().get(pk=voucher.pk)
            if not original.is_posted:
                raise DomainError(_("Only a posted voucher can be reversed; a draft can simply be changed."))
            if original.reverses_id is not None:
                raise DomainError(_("A reversing voucher cannot itself be reversed."))
            if Voucher.objects.unscoped("a reversal anywhere counts once").filter(reverses=original).exists():  # type: ignore[attr-defined]
                raise DomainError(_("This voucher has already been reversed."))
            day = on or timezone.localdate()
            if day < original.date:
                raise DomainError({"on": _("A reversal cannot be dated before the voucher it reverses.")})
            reversal = Voucher(
                organization=original.organization,
                date=day,
                year=day.year,
                description=(
                    _("Reversal of voucher %(number)s: %(reason)s")
                    % {"number": f"{original.year}-{original.number:04d}", "reason": reason}
                )[:200],
                reverses=original,
            )
            reversal._history_user = access.user  # type: ignore[attr-defined]
            reversal.save()
            lines = [
                VoucherLine(
                    organization=original.organization,
                    voucher=reversal,
                    category=ln.category,
                    amount=-ln.amount,
                    summary=ln.summary,
                    purpose=ln.purpose,
                    persons=ln.persons,
                )
                for ln in original.lines.all()
            ]
            for ln in lines:
                ln._history_user = access.user  # type: ignore[attr-defined]
                ln.save()
            _number_and_post(reversal, lines, access.user)
    except IntegrityError as e:  # a concurrent reversal won the one-to-one link
        raise DomainError(_("This voucher has already been reversed.")) from e
    return reversal
