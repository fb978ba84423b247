"""A care service validates once and saves once: a row missing what its checks need is refused
by the one save's full_clean, naming the field, and nothing is written; a valid row is written
with one history entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.care.models import AidCase, AidDisbursement, AidObjection, InsuranceClaim, InsuranceEnrollment
from gonghui.care.services import aid, insurance
from gonghui.care.tests.helpers import approved, in_notice, make_case, make_plan


def _refused(fn: Any, care: Any, data: dict[str, Any]) -> set[str]:
    with pytest.raises(ValidationError) as e:
        fn(actor=care.chair, organization=care.tree.union_a, data=data)
    return set(e.value.message_dict)


def test_a_missing_reference_is_named_by_the_one_save(care: Any) -> None:
    day = dt.date(2025, 3, 12)
    case = make_case(care.tree.union_a, care.member)
    plan = make_plan(care.tree.union_a)
    assert "member" in _refused(aid.aid_create, care, {"kind": "hardship", "applied_on": day})
    assert "applied_on" in _refused(aid.aid_create, care, {"kind": "hardship", "member": care.other})
    assert "aid_case" in _refused(aid.disbursement_create, care, {"amount": Decimal("10"), "paid_on": day})
    assert "amount" in _refused(aid.disbursement_create, care, {"aid_case": case, "paid_on": day})
    assert "aid_case" in _refused(aid.objection_create, care, {"raised_on": day, "content": "异议"})
    # An enrolment without a plan names the plan only: no price is asked for.
    assert _refused(insurance.enrollment_create, care, {"member": care.member, "enrolled_on": day}) == {
        "plan"
    }
    assert "member" in _refused(insurance.claim_create, care, {"plan": plan, "claimed_on": day})
    assert AidCase.objects.count() == 1
    assert not (
        AidDisbursement.objects.exists()
        or AidObjection.objects.exists()
        or InsuranceEnrollment.objects.exists()
        or InsuranceClaim.objects.exists()
    )


def test_a_valid_row_is_saved_once(care: Any) -> None:
    case = make_case(care.tree.union_a, care.member)
    assert case.case_no == "2025-001" and case.history.count() == 1
    approved(case, "100")
    payment = aid.disbursement_create(
        actor=care.finance,
        organization=care.tree.union_a,
        data={"aid_case": case, "amount": Decimal("100"), "source": "union", "paid_on": dt.date(2025, 3, 12)},
    )
    assert payment.history.count() == 1
    case.refresh_from_db()
    assert case.status == "paid"
    other = in_notice(make_case(care.tree.union_a, care.other))
    objection = aid.objection_create(
        actor=care.chair,
        organization=care.tree.union_a,
        data={"aid_case": other, "raised_on": dt.date(2025, 3, 4), "content": "有异议"},
    )
    assert objection.history.count() == 1
    plan = make_plan(care.tree.union_a)
    enrollment = insurance.enrollment_create(
        actor=care.chair,
        organization=care.tree.union_a,
        data={"plan": plan, "member": care.member, "enrolled_on": dt.date(2025, 1, 5)},
    )
    assert enrollment.history.count() == 1 and enrollment.premium == Decimal("100")
