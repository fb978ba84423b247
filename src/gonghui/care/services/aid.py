"""Aid cases: application, review and public notice, objections, approval or rejection, payments.

Each transition is one service: it checks the right (reviewing needs ``records.edit``,
approving and rejecting ``care.hardship``, paying ``finance.edit``), locks the case, checks
the state, and saves with the actor in the history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.care import rules
from gonghui.care.models import AidCase, AidDisbursement, AidObjection, AidStatus
from gonghui.care.services.common import can, require_cents
from gonghui.core.errors import DomainError
from gonghui.core.opinions import OPINION_FIELDS
from gonghui.core.services import save_validated
from gonghui.members.choices import COUNTED_STATUSES
from gonghui.members.models import Member
from gonghui.members.validators import normalize_id

OPEN_STATUSES = [AidStatus.APPLIED, AidStatus.IN_NOTICE]


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You do not have the right to do this here."))


def _locked(case: AidCase) -> AidCase:
    return AidCase.objects.select_for_update(of=("self",)).select_related("member").get(pk=case.pk)


def _same_person(case: AidCase) -> Q:
    """The cases of the same person: the member, or a non-member by their ID number."""
    if case.member_id is not None:
        return Q(member_id=case.member_id)
    return Q(member=None, non_member_id_number=case.non_member_id_number)


def _identified(case: AidCase) -> bool:
    return case.member_id is not None or bool(case.non_member_name and case.non_member_id_number)


def check_exclusive(case: AidCase) -> None:
    """A person receives at most one aid of an exclusive group a year (two study aids: refused),
    whichever union keeps the cases; a non-member is known by their ID number."""
    kinds = rules.exclusive_kinds(case.kind)
    if not kinds or not _identified(case):
        return
    others = (
        AidCase.objects.unscoped("the person's other cases, whichever union keeps them")
        .filter(_same_person(case), year=case.year, kind__in=kinds)
        .exclude(status=AidStatus.REJECTED)
        .exclude(pk=case.pk)
        .first()
    )
    if others is not None:
        raise DomainError(
            {
                "kind": _(
                    "%(name)s already has %(kind)s in %(year)s (case %(no)s); the two exclude each other."
                )
                % {
                    "name": case.applicant_name,
                    "kind": others.get_kind_display(),
                    "year": case.year,
                    "no": others.case_no or others.pk,
                }
            }
        )


def _check_application(case: AidCase, actor: Any) -> None:
    if case.applied_on is not None:
        case.year = case.applied_on.year
    if case.hardship_file_id is not None:
        if not can(actor, Perm.HARDSHIP, case.organization):
            raise DomainError({"hardship_file": _("Only those who may see hardship files can link one.")})
        if case.member_id is not None and case.hardship_file.member_id != case.member_id:
            raise DomainError({"hardship_file": _("This hardship file is another member's.")})
    if case.member_id is None and case.non_member_id_number:
        _check_not_on_roster(case)
    if _identified(case) and case.year:
        check_exclusive(case)


def _check_not_on_roster(case: AidCase) -> None:
    """A member of this very union is chosen as the member, so that the case shows on their page
    and counts for them; members of other unions are not looked at (nothing is said of them)."""
    on_roster = Member.objects.filter(
        organization_id=case.organization_id,
        id_number=normalize_id(case.non_member_id_number),
        status__in=COUNTED_STATUSES,
    ).exists()
    if on_roster:
        raise DomainError(
            {
                "non_member_id_number": _(
                    "This ID number is a member's of this union: choose the member instead."
                )
            }
        )


def _next_case_no(case: AidCase) -> str:
    taken = set(
        AidCase.objects.filter(organization=case.organization, year=case.year).values_list(
            "case_no", flat=True
        )
    )
    n = len(taken) + 1
    while f"{case.year}-{n:03d}" in taken:
        n += 1
    return f"{case.year}-{n:03d}"


@transaction.atomic
def aid_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> AidCase:
    case = AidCase(organization=organization, status=AidStatus.APPLIED, **data)
    if case.applied_on is not None and _identified(case):
        _check_application(case, actor)
        if not case.case_no:
            case.case_no = _next_case_no(case)
    else:
        case.year = 0
    save_validated(case, actor=actor)  # without a date or a person, full_clean names the missing field
    return case


@transaction.atomic
def aid_update(*, actor: Any, obj: AidCase, data: dict[str, Any]) -> AidCase:
    case = _locked(obj)
    # Once reviewed, only the opinions may still be written (the higher union's comes last).
    changed = {k for k, v in data.items() if getattr(case, k) != v}
    if case.status != AidStatus.APPLIED and not changed <= set(OPINION_FIELDS):
        raise DomainError(_("Once reviewed, an application is no longer changed."))
    for k, v in data.items():
        setattr(case, k, v)
    _check_application(case, actor)
    save_validated(case, actor=actor)
    return case


def may_delete_case(access: Any, case: AidCase) -> bool:
    return case.status in (AidStatus.APPLIED, AidStatus.REJECTED) and access.can(
        Perm.RECORDS_EDIT, case.organization
    )


@transaction.atomic
def aid_review(
    *,
    access: Any,
    case: AidCase,
    passed: bool,
    on: dt.date,
    note: str = "",
    notice_start: dt.date | None = None,
    notice_end: dt.date | None = None,
    reason: str = "",
) -> AidCase:
    """The union's review: passed → public notice for the given dates; not passed → rejected."""
    if not access.can(Perm.RECORDS_EDIT, case.organization):
        raise _deny()
    case = _locked(case)
    if case.status != AidStatus.APPLIED:
        raise DomainError(_("This application has already been reviewed."))
    if on < case.applied_on:
        raise DomainError({"reviewed_on": _("The review date lies before the application.")})
    case.reviewed_by, case.reviewed_on, case.review_note = access.user, on, note.strip()
    if passed:
        if notice_start is None:
            raise DomainError({"notice_start": _("Enter when the public notice starts.")})
        if notice_end is None:
            raise DomainError({"notice_end": _("Enter when the public notice ends.")})
        if notice_start < on:
            raise DomainError({"notice_start": _("The public notice starts after the review.")})
        if notice_end < notice_start:
            raise DomainError({"notice_end": _("The public notice ends before it starts.")})
        case.notice_start, case.notice_end, case.status = notice_start, notice_end, AidStatus.IN_NOTICE
    else:
        if not reason.strip():
            raise DomainError({"rejection_reason": _("Give the reason for the rejection.")})
        case.status, case.rejected_by, case.rejected_on = AidStatus.REJECTED, access.user, on
        case.rejection_reason = reason.strip()
    save_validated(case, actor=access.user)
    return case


@transaction.atomic
def aid_approve(*, access: Any, case: AidCase, amount: Decimal, on: dt.date) -> AidCase:
    """Approval after a public notice without open objections, by someone holding the right."""
    if not access.can(Perm.HARDSHIP, case.organization):
        raise PermissionDenied(_("Approving aid needs the right to decide on hardship aid."))
    case = _locked(case)
    if case.status != AidStatus.IN_NOTICE:
        raise DomainError(_("Only an application in public notice can be approved."))
    if on <= case.notice_end:
        raise DomainError(
            {
                "approved_on": _("The public notice runs until %(end)s: approve after it.")
                % {"end": date_format(case.notice_end)}
            }
        )
    open_objections = case.objections.filter(resolved=False).count()
    if open_objections:
        raise DomainError(
            _("%(n)s objection(s) raised during the public notice are not resolved.") % {"n": open_objections}
        )
    require_cents(amount, "approved_amount")
    # Lock the person so that two approvals of exclusive aids cannot both pass: the member's row,
    # or a non-member's cases (this one among them) wherever they are kept.
    if case.member_id is not None:
        Member.objects.unscoped("the member may be held by another union").select_for_update().filter(
            pk=case.member_id
        ).first()
    else:
        list(
            AidCase.objects.unscoped("the person's cases in any union")
            .select_for_update()
            .filter(_same_person(case))
        )
    check_exclusive(case)
    case.approved_by, case.approved_on, case.approved_amount = access.user, on, amount
    case.status = AidStatus.APPROVED
    save_validated(case, actor=access.user)
    return case


@transaction.atomic
def aid_reject(*, access: Any, case: AidCase, on: dt.date, reason: str) -> AidCase:
    """Rejection by the approver, before approval (during review or public notice)."""
    if not access.can(Perm.HARDSHIP, case.organization):
        raise PermissionDenied(_("Rejecting aid needs the right to decide on hardship aid."))
    case = _locked(case)
    if case.status not in OPEN_STATUSES:
        raise DomainError(_("Only an application not yet decided can be rejected."))
    if on < case.applied_on:
        raise DomainError({"rejected_on": _("The rejection date lies before the application.")})
    if not reason.strip():
        raise DomainError({"rejection_reason": _("Give the reason for the rejection.")})
    case.status, case.rejected_by, case.rejected_on = AidStatus.REJECTED, access.user, on
    case.rejection_reason = reason.strip()
    save_validated(case, actor=access.user)
    return case


def paid_total(case: AidCase) -> Decimal:
    return case.disbursements.aggregate(t=Sum("amount"))["t"] or Decimal("0.00")


def _check_payment(payment: AidDisbursement) -> tuple[AidCase, Decimal]:
    """Lock the payment's case and check the payment against it; the case and what it has had."""
    case = _locked(payment.aid_case)
    if case.status == AidStatus.PAID:
        raise DomainError({"aid_case": _("This aid has been paid in full.")})
    if case.status != AidStatus.APPROVED:
        raise DomainError({"aid_case": _("Only approved aid can be paid.")})
    require_cents(payment.amount, "amount")
    if payment.paid_on is not None and payment.paid_on < case.approved_on:
        raise DomainError({"paid_on": _("The payment date lies before the approval.")})
    paid = paid_total(case)
    left = case.approved_amount - paid
    if payment.amount > left:
        raise DomainError(
            {
                "amount": _(
                    "The payments would exceed the approved amount: %(approved)s yuan approved, "
                    "%(paid)s yuan paid, at most %(left)s yuan left."
                )
                % {"approved": case.approved_amount, "paid": paid, "left": left}
            }
        )
    payment.aid_case = case
    return case, paid


@transaction.atomic
def disbursement_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> AidDisbursement:
    """One payment: the case is approved and all payments stay within the approved amount."""
    payment = AidDisbursement(organization=organization, **data)
    checked = None
    if payment.aid_case_id is not None and payment.amount is not None:
        checked = _check_payment(payment)
    save_validated(payment, actor=actor)  # without a case or an amount, full_clean names the missing field
    if checked is not None:
        case, paid = checked
        if paid + payment.amount == case.approved_amount:
            case.status = AidStatus.PAID
            save_validated(case, actor=actor)
    return payment


@transaction.atomic
def disbursement_update(*, actor: Any, obj: AidDisbursement, data: dict[str, Any]) -> AidDisbursement:
    """A payment made stays as made; only its note may be completed."""
    changed = [k for k, v in data.items() if k != "note" and getattr(obj, k) != v]
    if changed:
        raise DomainError({changed[0]: _("A payment is not changed once recorded.")})
    obj.note = data.get("note", obj.note)
    save_validated(obj, actor=actor)
    return obj


def _check_objection(objection: AidObjection) -> AidCase:
    case = _locked(objection.aid_case)
    if case.status != AidStatus.IN_NOTICE:
        raise DomainError({"aid_case": _("Objections are raised and settled during the public notice.")})
    if objection.raised_on is not None and not (case.notice_start <= objection.raised_on <= case.notice_end):
        raise DomainError(
            {
                "raised_on": _("The public notice runs from %(start)s to %(end)s.")
                % {"start": date_format(case.notice_start), "end": date_format(case.notice_end)}
            }
        )
    return case


@transaction.atomic
def objection_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> AidObjection:
    objection = AidObjection(organization=organization, **data)
    if objection.aid_case_id is not None:
        _check_objection(objection)
    save_validated(objection, actor=actor)  # without a case, full_clean names the missing field
    return objection


@transaction.atomic
def objection_update(*, actor: Any, obj: AidObjection, data: dict[str, Any]) -> AidObjection:
    if data.get("aid_case", obj.aid_case) != obj.aid_case:
        raise DomainError({"aid_case": _("An objection stays with its aid case.")})
    for k, v in data.items():
        setattr(obj, k, v)
    _check_objection(obj)
    save_validated(obj, actor=actor)
    return obj


def may_delete_objection(access: Any, objection: AidObjection) -> bool:
    return objection.aid_case.status == AidStatus.IN_NOTICE and access.can(
        Perm.RECORDS_EDIT, objection.organization
    )
