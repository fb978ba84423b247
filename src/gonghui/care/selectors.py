"""Scoped reads of the care app: totals for the statistics page and the API, plan participation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from gonghui.accounts.roles import Perm
from gonghui.care.models import (
    AidCase,
    AidDisbursement,
    AidKind,
    AidStatus,
    Donation,
    FileStatus,
    FundSource,
    HardshipCategory,
    HardshipFile,
    InsuranceClaim,
    InsuranceEnrollment,
    InsurancePlan,
    Occasion,
    Visit,
)
from gonghui.core.metrics import rate
from gonghui.core.records import registry
from gonghui.core.scoping import subtree_q
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import EmployerYear

ZERO = Decimal("0.00")


def _records(model: type, access: Any, org: Any) -> Any:
    """The records of a registered type the user may read, in ``org``'s subtree."""
    rt = registry.for_model(model)
    assert rt is not None
    return rt.queryset(access, within=org).order_by()


def aid_totals(access: Any, org: Any, year: int) -> dict[str, Any]:
    """Money paid in ``year`` by aid kind × source of funds, and the cases of the year by status."""
    paid = (
        _records(AidDisbursement, access, org)
        .filter(paid_on__year=year)
        .values("aid_case__kind", "source")
        .annotate(amount=Sum("amount"), cases=Count("aid_case", distinct=True))
    )
    cells = {(r["aid_case__kind"], r["source"]): r for r in paid}
    cases = (
        _records(AidCase, access, org)
        .filter(year=year)
        .values("kind")
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(status__in=[AidStatus.APPROVED, AidStatus.PAID])),
            rejected=Count("pk", filter=Q(status=AidStatus.REJECTED)),
            pending=Count("pk", filter=Q(status__in=[AidStatus.APPLIED, AidStatus.IN_NOTICE])),
        )
    )
    counts = {r["kind"]: r for r in cases}
    rows = []
    for kind, label in AidKind.choices:
        amounts = [cells.get((kind, source), {}).get("amount") or ZERO for source in FundSource.values]
        c = counts.get(kind, {})
        rows.append(
            {
                "kind": kind,
                "label": label,
                "amounts": amounts,
                "total": sum(amounts, ZERO),
                "cases": c.get("total", 0),
                "approved": c.get("approved", 0),
                "rejected": c.get("rejected", 0),
                "pending": c.get("pending", 0),
            }
        )
    column_totals = [sum((r["amounts"][i] for r in rows), ZERO) for i in range(len(FundSource.values))]
    return {
        "sources": [label for _v, label in FundSource.choices],
        "source_codes": list(FundSource.values),
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(column_totals, ZERO),
        "cases": sum(r["cases"] for r in rows),
    }


def visit_totals(access: Any, org: Any, year: int) -> dict[str, Any]:
    grouped = (
        _records(Visit, access, org)
        .filter(visited_on__year=year)
        .values("occasion")
        .annotate(
            visits=Count("pk"),
            people=Sum("recipient_count"),
            cash=Sum("cash_amount"),
            goods=Sum("goods_value"),
        )
    )
    by = {r["occasion"]: r for r in grouped}
    rows = [
        {
            "label": label,
            "visits": by[code]["visits"],
            "people": by[code]["people"] or 0,
            "cash": by[code]["cash"] or ZERO,
            "goods": by[code]["goods"] or ZERO,
        }
        for code, label in Occasion.choices
        if code in by
    ]
    return {
        "rows": rows,
        "visits": sum(r["visits"] for r in rows),
        "people": sum(r["people"] for r in rows),
        "cash": sum((r["cash"] for r in rows), ZERO),
        "goods": sum((r["goods"] for r in rows), ZERO),
    }


def donation_totals(access: Any, org: Any, year: int) -> dict[str, Any]:
    agg = (
        _records(Donation, access, org)
        .filter(donated_on__year=year)
        .aggregate(n=Count("pk"), cash=Sum("cash_amount"), goods=Sum("goods_value"))
    )
    return {"count": agg["n"], "cash": agg["cash"] or ZERO, "goods": agg["goods"] or ZERO}


def hardship_counts(access: Any, org: Any) -> dict[str, Any] | None:
    """Open hardship files by category; None for someone who may not see hardship files."""
    if not access.can(Perm.HARDSHIP, org):
        return None
    grouped = dict(
        _records(HardshipFile, access, org)
        .filter(status=FileStatus.ACTIVE)
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    rows = [(label, grouped[code]) for code, label in HardshipCategory.choices if code in grouped]
    return {"rows": rows, "total": sum(n for _label, n in rows)}


def plan_participation(plan: InsurancePlan) -> dict[str, Any]:
    """Enrolled ÷ employees of the plan's year (参保人数占职工总数), against the plan's target."""
    in_union = subtree_q(plan.organization.path, "organization__path")
    agg = plan.enrollments.aggregate(
        n=Count("pk"), union=Sum("union_amount"), individual=Sum("individual_amount"), premium=Sum("premium")
    )
    employees = EmployerYear.objects.filter(in_union, year=plan.year).aggregate(n=Sum("employees"))["n"] or 0
    members = Member.objects.filter(in_union, status=MemberStatus.ACTIVE).count()
    claims = plan.claims.aggregate(n=Count("pk"), paid=Sum("amount_paid"), claimed=Sum("amount_claimed"))
    participation = rate({0: agg["n"]}, {0: employees})[0]
    return {
        "enrolled": agg["n"],
        "employees": employees,
        "members": members,
        "rate": participation,
        "target": plan.target_rate,
        "met": participation is not None
        and plan.target_rate is not None
        and participation >= plan.target_rate,
        "premium_total": agg["premium"] or ZERO,
        "union_total": agg["union"] or ZERO,
        "individual_total": agg["individual"] or ZERO,
        "claims": claims["n"],
        "claimed": claims["claimed"] or ZERO,
        "paid": claims["paid"] or ZERO,
        "eligible_left": members - plan.enrollments.filter(member__status=MemberStatus.ACTIVE).count(),
    }


# ---- a member's own applications (the member pages, /m/care/) -----------------------------
def member_aid_cases(member: Member) -> Any:
    """The member's own aid cases, newest first (the union's scope holds; the member is chosen)."""
    return AidCase.objects.filter(member=member).order_by("-applied_on", "-pk")


def member_claims(member: Member) -> Any:
    """The member's own insurance claims, newest first, with their plans."""
    return InsuranceClaim.objects.filter(member=member).select_related("plan").order_by("-claimed_on", "-pk")


def active_enrollments(member: Member, today: dt.date) -> Any:
    """The member's enrolments they may still claim on: the plan's coverage runs today, or a plan
    without dates is of this year."""
    return (
        InsuranceEnrollment.objects.filter(member=member)
        .filter(
            Q(plan__coverage_start__lte=today, plan__coverage_end__gte=today)
            | Q(plan__coverage_start=None, plan__coverage_end__gte=today)
            | Q(plan__coverage_start__lte=today, plan__coverage_end=None, plan__year=today.year)
            | Q(plan__coverage_start=None, plan__coverage_end=None, plan__year=today.year)
        )
        .select_related("plan", "organization")
        .order_by("-plan__year", "pk")
    )
