"""Mutual medical insurance: shares, enrolment from the roster only, participation, claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.care.models import InsuranceEnrollment, InsurancePlan
from gonghui.care.selectors import plan_participation
from gonghui.care.services import insurance
from gonghui.care.tests.helpers import D, make_member, make_plan
from gonghui.orgs.models import EmployerYear

PLAN = {
    "year": "2025",
    "name": "职工医疗互助保障",
    "premium_per_person": "99.99",
    "union_share_pct": "50",
    "individual_share_pct": "50",
}


def _enrol(plan: InsurancePlan, member: Any, actor: Any) -> InsuranceEnrollment:
    return insurance.enrollment_create(
        actor=actor,
        organization=plan.organization,
        data={"plan": plan, "member": member, "enrolled_on": dt.date(2025, 1, 15)},
    )


def test_plan_shares_add_up_and_the_target_comes_from_the_federation(care: Any, login: Any) -> None:
    c = login(care.chair)
    url = reverse("records:create", kwargs={"rt": "insurance-plans"})
    resp = c.post(url, {"owner": care.tree.union_a.pk, **PLAN, "individual_share_pct": "40"})
    assert resp.status_code == 400 and "individual_share_pct" in resp.context["form"].errors
    resp = c.post(
        url, {"owner": care.tree.union_a.pk, **PLAN, "union_share_pct": "120", "individual_share_pct": "-20"}
    )
    assert resp.status_code == 400 and not InsurancePlan.objects.exists()
    care.standard.insurance_target_rate = D("97")
    care.standard.save()
    assert c.post(url, {"owner": care.tree.union_a.pk, **PLAN}).status_code == 302
    assert InsurancePlan.objects.get().target_rate == D("97.00")
    resp = c.post(url, {"owner": care.tree.union_a.pk, **PLAN})  # one plan a year
    assert resp.status_code == 400 and "year" in resp.context["form"].errors


def test_without_a_federation_target_95_percent_applies(care: Any) -> None:
    plan = insurance.plan_create(
        actor=care.chair,
        organization=care.tree.union_b,
        data={**PLAN, "year": 2025, "premium_per_person": D("100"), "union_share_pct": D("50"),
              "individual_share_pct": D("50"), "target_rate": None},
    )  # fmt: skip
    assert plan.target_rate == D("95.00")


def test_only_active_members_of_the_union_are_enrolled(care: Any) -> None:
    plan = make_plan(care.tree.union_a, premium_per_person=D("99.99"))
    enrollment = _enrol(plan, care.member, care.chair)
    assert (enrollment.union_amount, enrollment.individual_amount) == (D("50.00"), D("49.99"))
    left = make_member(care.tree.union_a, "赵强", status="left")
    for outsider in (care.member_b, left):
        with pytest.raises(ValidationError) as e:
            _enrol(plan, outsider, care.chair)
        assert "member" in e.value.error_dict
    with pytest.raises(ValidationError):
        _enrol(plan, care.member, care.chair)  # already in
    assert InsuranceEnrollment.objects.count() == 1


def test_enrolling_a_non_member_through_the_api_is_refused(care: Any) -> None:
    plan = make_plan(care.tree.union_a)
    _token, raw = token_create(user=care.chair, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"organization": care.tree.union_a.pk, "plan_id": plan.pk, "enrolled_on": "2025-01-15"}
    resp = api.post("/api/v1/insurance-enrollments/", {**body, "member_id": care.member_b.pk},
                    content_type="application/json")  # fmt: skip
    assert resp.status_code == 400 and resp.json()["errors"].get("member")
    assert not InsuranceEnrollment.objects.exists()
    resp = api.post("/api/v1/insurance-enrollments/", {**body, "member_id": care.member.pk},
                    content_type="application/json")  # fmt: skip
    assert resp.status_code == 201 and resp.json()["premium"] in ("100.00", 100.0, "100")


def test_enrolling_the_roster_and_the_participation_rate(care: Any, access_of: Any, login: Any) -> None:
    union = care.tree.union_a
    EmployerYear.objects.create(organization=union, year=2025, employer_name="甲局", employees=4)
    make_member(union, "退会者", status="left")
    plan = make_plan(union)
    with pytest.raises(PermissionDenied):
        insurance.plan_enrol_roster(access=access_of(care.finance), plan=plan, on=dt.date(2025, 1, 15))
    resp = login(care.chair).post(reverse("care:plan-enrol", kwargs={"pk": plan.pk}), {"on": "2025-01-15"})
    assert resp.status_code == 302
    assert set(plan.enrollments.values_list("member__name", flat=True)) == {"张伟", "李娜"}
    assert insurance.plan_enrol_roster(access=access_of(care.chair), plan=plan, on=dt.date(2025, 1, 15)) == 0
    part = plan_participation(plan)
    assert (part["enrolled"], part["employees"], part["rate"], part["met"]) == (2, 4, Decimal("50.00"), False)
    assert part["union_total"] + part["individual_total"] == part["premium_total"] == D("200")


def test_claims_only_for_enrolled_members_and_never_above_the_claim(care: Any) -> None:
    plan = make_plan(care.tree.union_a)
    _enrol(plan, care.member, care.chair)

    def claim(member: Any, **kw: Any) -> Any:
        data = {"plan": plan, "member": member, "claimed_on": dt.date(2025, 5, 1), "reason": "住院",
                "amount_claimed": D("3000"), "amount_paid": None, "paid_on": None, **kw}  # fmt: skip
        return insurance.claim_create(actor=care.chair, organization=care.tree.union_a, data=data)

    with pytest.raises(ValidationError):
        claim(care.other)  # not enrolled
    with pytest.raises(ValidationError):
        claim(care.member, amount_paid=D("3000.01"), paid_on=dt.date(2025, 5, 20))
    with pytest.raises(ValidationError):
        claim(care.member, amount_paid=D("100"))  # paid without a date
    assert claim(care.member, amount_paid=D("1200"), paid_on=dt.date(2025, 5, 20)).amount_paid == D("1200")


def test_claim_reasons_are_masked_without_the_personal_data_right(care: Any, login: Any) -> None:
    plan = make_plan(care.tree.union_a)
    _enrol(plan, care.member, care.chair)
    insurance.claim_create(
        actor=care.chair,
        organization=care.tree.union_a,
        data={"plan": plan, "member": care.member, "claimed_on": dt.date(2025, 5, 1), "reason": "肿瘤化疗",
              "amount_claimed": D("3000"), "amount_paid": None, "paid_on": None},
    )  # fmt: skip
    url = reverse("records:list", kwargs={"rt": "insurance-claims"})
    assert "肿瘤化疗" not in login(care.finance).get(url).content.decode()
    assert "肿瘤化疗" in login(care.chair).get(url).content.decode()


def test_prices_are_frozen_once_members_are_enrolled(care: Any) -> None:
    plan = make_plan(care.tree.union_a)
    _enrol(plan, care.member, care.chair)
    with pytest.raises(ValidationError):
        insurance.plan_update(actor=care.chair, obj=plan, data={"premium_per_person": D("120")})
    insurance.plan_update(actor=care.chair, obj=plan, data={"note": "续保"})
