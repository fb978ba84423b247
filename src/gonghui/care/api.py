"""Care endpoints beyond the generic ones: the steps of an aid case, aid totals, exit, enrolment.

Mounted under the record types' routers (``api_router``): /api/v1/aid-cases/...,
/api/v1/hardship-files/..., /api/v1/insurance-plans/.... Same services, same scoping as the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from gonghui.accounts.roles import Perm
from gonghui.care import selectors
from gonghui.care.services import aid, hardship, insurance
from gonghui.core.bounds import Id, Year
from gonghui.core.records import registry
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization

aid_router = Router(tags=["AidCase"])
hardship_router = Router(tags=["HardshipFile"])
insurance_router = Router(tags=["InsurancePlan"])


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class AidState(Schema):
    id: int
    case_no: str
    status: str
    notice_start: dt.date | None
    notice_end: dt.date | None
    approved_on: dt.date | None
    approved_amount: Decimal | None
    rejected_on: dt.date | None
    rejection_reason: str


class ReviewIn(Schema):
    passed: bool
    on: dt.date
    note: str = ""
    notice_start: dt.date | None = None
    notice_end: dt.date | None = None
    reason: str = ""


class ApproveIn(Schema):
    amount: Decimal
    on: dt.date


class RejectIn(Schema):
    on: dt.date
    reason: str


class ExitIn(Schema):
    on: dt.date
    reason: str


class FileState(Schema):
    id: int
    status: str
    exited_on: dt.date | None
    exit_reason: str


class EnrolIn(Schema):
    on: dt.date


class EnrolOut(Schema):
    enrolled: int
    total: int
    rate: Decimal | None


class AidTotalsRow(Schema):
    kind: str
    label: str
    cases: int
    approved: int
    amounts: dict[str, Decimal]
    total: Decimal


class AidTotals(Schema):
    year: int
    organization_id: int | None
    rows: list[AidTotalsRow]
    by_source: dict[str, Decimal]
    total: Decimal


def _record(request: AuthedRequest, slug: str, pk: int) -> Any:
    rt = registry.get(slug)
    return get_in_scope(rt.queryset(request.access), request, pk=pk)


WRITE = {200: AidState, 400: Problem, 403: Problem}


@aid_router.post("/{int:pk}/review", response=WRITE, summary="Review an aid application")
def review(request: AuthedRequest, pk: int, payload: ReviewIn) -> Any:
    case = _record(request, "aid-cases", pk)
    return aid.aid_review(
        access=request.access,
        case=case,
        passed=payload.passed,
        on=payload.on,
        note=payload.note,
        notice_start=payload.notice_start,
        notice_end=payload.notice_end,
        reason=payload.reason,
    )


@aid_router.post("/{int:pk}/approve", response=WRITE, summary="Approve aid after its public notice")
def approve(request: AuthedRequest, pk: int, payload: ApproveIn) -> Any:
    case = _record(request, "aid-cases", pk)
    return aid.aid_approve(access=request.access, case=case, amount=payload.amount, on=payload.on)


@aid_router.post("/{int:pk}/reject", response=WRITE, summary="Reject an aid application")
def reject(request: AuthedRequest, pk: int, payload: RejectIn) -> Any:
    case = _record(request, "aid-cases", pk)
    return aid.aid_reject(access=request.access, case=case, on=payload.on, reason=payload.reason)


@aid_router.get("/totals", response=AidTotals, summary="Aid paid in a year by kind and source of funds")
def totals(request: AuthedRequest, year: Year, org: Id | None = None) -> Any:
    access = request.access
    if org is not None:
        target = get_in_scope(Organization.objects.all(), request, pk=org)
        if not access.can(Perm.RECORDS_VIEW, target):
            raise PermissionDenied
        orgs = [target]
    else:  # every organization the caller starts from (the tops of its grants)
        orgs = list(Organization.objects.filter(pk__in=access.home_org_ids[:1]))
    if not orgs:
        raise PermissionDenied
    data = selectors.aid_totals(access, orgs[0], year)
    codes = data["source_codes"]
    return {
        "year": year,
        "organization_id": orgs[0].pk,
        "rows": [
            {
                "kind": r["kind"],
                "label": str(r["label"]),
                "cases": r["cases"],
                "approved": r["approved"],
                "amounts": dict(zip(codes, r["amounts"], strict=True)),
                "total": r["total"],
            }
            for r in data["rows"]
        ],
        "by_source": dict(zip(codes, data["column_totals"], strict=True)),
        "total": data["total"],
    }


@hardship_router.post(
    "/{int:pk}/exit", response={200: FileState, 400: Problem, 403: Problem}, summary="Exit a hardship file"
)
def exit_file(request: AuthedRequest, pk: int, payload: ExitIn) -> Any:
    file = _record(request, "hardship-files", pk)
    return hardship.hardship_file_exit(access=request.access, file=file, on=payload.on, reason=payload.reason)


@insurance_router.post(
    "/{int:pk}/enrol-roster",
    response={200: EnrolOut, 400: Problem, 403: Problem},
    summary="Enrol every active member of the union not yet in the plan",
)
def enrol_roster(request: AuthedRequest, pk: int, payload: EnrolIn) -> Any:
    plan = _record(request, "insurance-plans", pk)
    n = insurance.plan_enrol_roster(access=request.access, plan=plan, on=payload.on)
    p = selectors.plan_participation(plan)
    return {"enrolled": n, "total": p["enrolled"], "rate": p["rate"]}
