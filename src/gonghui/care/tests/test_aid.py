"""Aid cases: every step of the procedure, who may take it, payments within the approval, exclusions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.accounts.services import token_create
from gonghui.care.models import AidCase, AidDisbursement, AidObjection, AidStatus
from gonghui.care.services import aid
from gonghui.care.tests.helpers import D, approved, make_case

APPLIED = dt.date(2025, 3, 1)
START, END = dt.date(2025, 3, 3), dt.date(2025, 3, 9)


def _api(user: Any) -> Client:
    _token, raw = token_create(user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _in_notice(care: Any, access_of: Any, **kw: Any) -> AidCase:
    case = make_case(care.tree.union_a, kw.pop("member", care.member), actor=care.chair, **kw)
    return aid.aid_review(
        access=access_of(care.chair),
        case=case,
        passed=True,
        on=dt.date(2025, 3, 2),
        notice_start=START,
        notice_end=END,
    )


def test_the_whole_procedure_on_the_pages(care: Any, login: Any) -> None:
    chair = login(care.chair)
    resp = chair.post(
        reverse("records:create", kwargs={"rt": "aid-cases"}),
        {
            "owner": care.tree.union_a.pk,
            "member": care.member.pk,
            "kind": "serious_illness",
            "applied_on": "2025-03-01",
            "amount_requested": "8000.00",
            "situation": "住院手术",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:3000]
    case = AidCase.objects.get()
    assert (case.status, case.case_no, case.year) == (AidStatus.APPLIED, "2025-001", 2025)

    review = reverse("care:aid-review", kwargs={"pk": case.pk})
    resp = chair.post(review, {"decision": "pass", "on": "2025-03-02", "notice_start": "2025-03-03"})
    assert resp.status_code == 400 and "notice_end" in resp.context["form"].errors
    resp = chair.post(
        review,
        {"decision": "pass", "on": "2025-03-02", "notice_start": "2025-03-03", "notice_end": "2025-03-09"},
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == AidStatus.IN_NOTICE and case.reviewed_by == care.chair

    decide = reverse("care:aid-decide", kwargs={"pk": case.pk})
    resp = chair.post(decide, {"decision": "approve", "on": "2025-03-09", "approved_amount": "6000"})
    assert resp.status_code == 400 and "on" in resp.context["form"].errors  # the notice is not over
    assert (
        chair.post(decide, {"decision": "approve", "on": "2025-03-10", "approved_amount": "6000"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert (case.status, case.approved_by, case.approved_amount) == (
        AidStatus.APPROVED,
        care.chair,
        D("6000"),
    )

    # The finance officer records the payments; the chair holds no finance right.
    assert chair.get(reverse("care:aid-disburse", kwargs={"pk": case.pk})).status_code == 403
    finance = login(care.finance)
    resp = finance.get(reverse("care:aid-disburse", kwargs={"pk": case.pk}))
    assert resp.status_code == 302 and f"aid_case={case.pk}" in resp["Location"]
    create = reverse("records:create", kwargs={"rt": "aid-disbursements"})
    payment = {"owner": care.tree.union_a.pk, "aid_case": case.pk, "source": "union", "paid_on": "2025-03-12"}
    assert finance.post(f"{create}?aid_case={case.pk}", {**payment, "amount": "4000"}).status_code == 302
    resp = finance.post(f"{create}?aid_case={case.pk}", {**payment, "amount": "2000.01"})
    assert resp.status_code == 400
    assert "2000.00" in " ".join(resp.context["form"].errors["amount"])  # says what is left
    assert (
        finance.post(
            f"{create}?aid_case={case.pk}", {**payment, "amount": "2000", "source": "higher_union"}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == AidStatus.PAID and sum(p.amount for p in case.disbursements.all()) == D("6000")
    # The history tells who did each step.
    users = {h.history_user for h in case.history.all()}
    assert {care.chair, care.finance} <= users
    page = chair.get(reverse("records:detail", kwargs={"rt": "aid-cases", "pk": case.pk})).content.decode()
    assert "6,000.00" in page or "6000.00" in page


def test_approval_needs_the_right_to_decide(care: Any, access_of: Any, login: Any) -> None:
    case = _in_notice(care, access_of)
    for user in (care.finance, care.auditor, care.viewer, care.admin):
        with pytest.raises(PermissionDenied):
            aid.aid_approve(access=access_of(user), case=case, amount=D("100"), on=dt.date(2025, 3, 10))
    assert (
        login(care.finance)
        .post(
            reverse("care:aid-decide", kwargs={"pk": case.pk}),
            {"decision": "approve", "on": "2025-03-10", "approved_amount": "100"},
        )
        .status_code
        == 403
    )
    resp = _api(care.admin).post(
        f"/api/v1/aid-cases/{case.pk}/approve",
        {"amount": "100", "on": "2025-03-10"},
        content_type="application/json",
    )
    assert resp.status_code == 403 and resp.json()["detail"]
    case.refresh_from_db()
    assert case.status == AidStatus.IN_NOTICE and case.approved_by is None
    # Reviewing needs records.edit: the finance officer may not, the chair may.
    fresh = make_case(care.tree.union_a, care.other)
    with pytest.raises(PermissionDenied):
        aid.aid_review(access=access_of(care.finance), case=fresh, passed=False, on=APPLIED, reason="x")


def test_objections_must_be_resolved_before_approval(care: Any, access_of: Any) -> None:
    case = _in_notice(care, access_of)
    with pytest.raises(ValidationError):  # outside the notice period
        aid.objection_create(
            actor=care.chair,
            organization=care.tree.union_a,
            data={"aid_case": case, "raised_on": dt.date(2025, 3, 10), "content": "不属实"},
        )
    objection = aid.objection_create(
        actor=care.chair,
        organization=care.tree.union_a,
        data={"aid_case": case, "raised_on": dt.date(2025, 3, 5), "content": "家庭收入不属实"},
    )
    with pytest.raises(ValidationError, match="1"):
        aid.aid_approve(access=access_of(care.chair), case=case, amount=D("100"), on=dt.date(2025, 3, 10))
    with pytest.raises(ValidationError):  # resolving needs the resolution
        aid.objection_update(actor=care.chair, obj=objection, data={"resolved": True})
    objection = AidObjection.objects.get(pk=objection.pk)
    aid.objection_update(
        actor=care.chair,
        obj=objection,
        data={"resolved": True, "resolution": "经核实，收入情况属实", "resolved_on": dt.date(2025, 3, 6)},
    )
    case = aid.aid_approve(access=access_of(care.chair), case=case, amount=D("100"), on=dt.date(2025, 3, 10))
    assert case.status == AidStatus.APPROVED


def test_payments_never_exceed_the_approved_amount(care: Any, access_of: Any) -> None:
    case = approved(make_case(care.tree.union_a, care.member), amount="1000")

    def pay(amount: str, **kw: Any) -> AidDisbursement:
        data = {
            "aid_case": case,
            "amount": Decimal(amount),
            "source": "union",
            "paid_on": dt.date(2025, 3, 12),
            **kw,
        }
        return aid.disbursement_create(actor=care.finance, organization=care.tree.union_a, data=data)

    pay("600")
    with pytest.raises(ValidationError) as e:
        pay("400.01")
    assert "amount" in e.value.error_dict
    with pytest.raises(ValidationError):
        pay("100", paid_on=dt.date(2025, 3, 1))  # before the approval
    with pytest.raises(ValidationError):
        pay("0")
    pay("400")
    case.refresh_from_db()
    assert case.status == AidStatus.PAID
    with pytest.raises(ValidationError):
        pay("1")
    assert AidDisbursement.objects.filter(aid_case=case).count() == 2
    # A payment made is not edited afterwards.
    payment = AidDisbursement.objects.filter(aid_case=case).first()
    with pytest.raises(ValidationError):
        aid.disbursement_update(actor=care.finance, obj=payment, data={"amount": Decimal("1")})


def test_unapproved_aid_cannot_be_paid(care: Any) -> None:
    case = make_case(care.tree.union_a, care.member)
    with pytest.raises(ValidationError):
        aid.disbursement_create(
            actor=care.finance,
            organization=care.tree.union_a,
            data={"aid_case": case, "amount": D("10"), "source": "union", "paid_on": dt.date(2025, 3, 12)},
        )
    assert not AidDisbursement.objects.exists()


def test_two_study_aids_in_one_year_are_refused(care: Any, access_of: Any, login: Any) -> None:
    first = make_case(care.tree.union_a, care.member, kind="study", applied_on=dt.date(2025, 8, 1))
    resp = login(care.chair).post(
        reverse("records:create", kwargs={"rt": "aid-cases"}),
        {
            "owner": care.tree.union_a.pk,
            "member": care.member.pk,
            "kind": "study",
            "applied_on": "2025-08-20",
            "amount_requested": "2000",
        },
    )
    assert resp.status_code == 400 and "kind" in resp.context["form"].errors
    assert AidCase.objects.count() == 1
    # Other kinds, another member or another year are fine.
    make_case(care.tree.union_a, care.member, kind="hardship", applied_on=dt.date(2025, 8, 20))
    make_case(care.tree.union_a, care.other, kind="study", applied_on=dt.date(2025, 8, 20))
    make_case(care.tree.union_a, care.member, kind="study", applied_on=dt.date(2026, 8, 20))
    # Once the first is rejected, a new application may go ahead.
    aid.aid_reject(access=access_of(care.chair), case=first, on=dt.date(2025, 8, 2), reason="材料不全")
    make_case(care.tree.union_a, care.member, kind="study", applied_on=dt.date(2025, 8, 25))


def test_rejection_with_reason_and_no_steps_after_it(care: Any, access_of: Any) -> None:
    case = make_case(care.tree.union_a, care.member)
    chair = access_of(care.chair)
    with pytest.raises(ValidationError) as e:
        aid.aid_review(access=chair, case=case, passed=False, on=dt.date(2025, 3, 2), reason="  ")
    assert "rejection_reason" in e.value.error_dict
    case = aid.aid_review(access=chair, case=case, passed=False, on=dt.date(2025, 3, 2), reason="不符合条件")
    assert case.status == AidStatus.REJECTED and case.rejected_by == care.chair
    with pytest.raises(ValidationError):
        aid.aid_review(
            access=chair, case=case, passed=True, on=dt.date(2025, 3, 2), notice_start=START, notice_end=END
        )
    with pytest.raises(ValidationError):
        aid.aid_approve(access=chair, case=case, amount=D("1"), on=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError):  # a reviewed application is no longer edited
        aid.aid_update(actor=care.chair, obj=case, data={"amount_requested": D("1")})


def test_api_steps_and_totals(care: Any, access_of: Any) -> None:
    api = _api(care.chair)
    case = make_case(care.tree.union_a, care.member, kind="study")
    base = f"/api/v1/aid-cases/{case.pk}"
    review = {"passed": True, "on": "2025-03-02", "notice_start": "2025-03-03", "notice_end": "2025-03-01"}
    resp = api.post(f"{base}/review", review, content_type="application/json")
    assert resp.status_code == 400 and "notice_end" in resp.json()["errors"]
    review["notice_end"] = "2025-03-09"
    assert api.post(f"{base}/review", review, content_type="application/json").status_code == 200
    for amount in ("-5", "12.345"):
        resp = api.post(
            f"{base}/approve", {"amount": amount, "on": "2025-03-10"}, content_type="application/json"
        )
        assert resp.status_code == 400, amount
    resp = api.post(
        f"{base}/approve", {"amount": "1500", "on": "2025-03-10"}, content_type="application/json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == AidStatus.APPROVED
    fin = _api(care.finance)
    payment = {
        "organization": care.tree.union_a.pk,
        "aid_case_id": case.pk,
        "amount": "1500",
        "source": "donations",
        "paid_on": "2025-09-01",
    }
    resp = fin.post("/api/v1/aid-disbursements/", payment, content_type="application/json")
    assert resp.status_code == 201, resp.content
    totals = api.get("/api/v1/aid-cases/totals", {"year": 2025, "org": care.tree.union_a.pk}).json()
    study = next(r for r in totals["rows"] if r["kind"] == "study")
    assert Decimal(study["amounts"]["donations"]) == D("1500") and Decimal(totals["total"]) == D("1500")
    page = Client()
    page.force_login(care.finance, backend="django.contrib.auth.backends.ModelBackend")
    text = page.get(reverse("care:overview"), {"year": 2025}).content.decode()
    assert "1,500.00" in text or "1500.00" in text
