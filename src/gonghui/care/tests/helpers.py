"""Test helpers of the care app: members, local standards, records in a given state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.care.models import AidCase, AidStatus, CareStandard, InsurancePlan
from gonghui.care.services import aid, hardship
from gonghui.members.models import Member
from gonghui.members.validators import with_check_char

D = Decimal
_counter = {"n": 0}


def make_member(union: Any, name: str = "", status: str = "active", **kw: Any) -> Member:
    _counter["n"] += 1
    n = _counter["n"] + Member.objects.count()
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n)
    return Member.objects.create(
        organization=union,
        name=name or f"会员{n}",
        gender="M",
        id_number=with_check_char(f"110101{birth:%Y%m%d}{n % 1000:03d}"),
        status=status,
        **kw,
    )


def make_standard(org: Any, year: int = 2025, line: str = "750", target: str = "95") -> CareStandard:
    return CareStandard.objects.create(
        organization=org, year=year, min_living_monthly=D(line), insurance_target_rate=D(target)
    )


def make_file(union: Any, member: Member | None = None, actor: Any = None, **data: Any) -> Any:
    fields = {
        "member": member or make_member(union),
        "assessed_on": dt.date(2025, 3, 1),
        "causes": ["illness"],
        "annual_income": D("20000"),
        "rigid_expenses": D("2000"),
        "household_size": 3,
        **data,
    }
    return hardship.hardship_file_create(actor=actor, organization=union, data=fields)


def make_case(union: Any, member: Member | None = None, actor: Any = None, **data: Any) -> AidCase:
    fields = {
        "member": member or make_member(union),
        "kind": "hardship",
        "applied_on": dt.date(2025, 3, 1),
        "amount_requested": D("2000"),
        "situation": "家庭困难",
        **data,
    }
    return aid.aid_create(actor=actor, organization=union, data=fields)


def in_notice(
    case: AidCase, start: dt.date = dt.date(2025, 3, 3), end: dt.date = dt.date(2025, 3, 9)
) -> AidCase:
    """Put a case in public notice without going through the review (for factories)."""
    case.status, case.notice_start, case.notice_end = AidStatus.IN_NOTICE, start, end
    case.reviewed_on = start
    case.save()
    return case


def approved(case: AidCase, amount: str = "2000", on: dt.date = dt.date(2025, 3, 10)) -> AidCase:
    in_notice(case)
    case.status, case.approved_amount, case.approved_on = AidStatus.APPROVED, D(amount), on
    case.save()
    return case


def make_plan(union: Any, year: int = 2025, **data: Any) -> InsurancePlan:
    fields = {
        "name": "职工医疗互助保障",
        "premium_per_person": D("100"),
        "union_share_pct": D("50"),
        "individual_share_pct": D("50"),
        "target_rate": D("95"),
        **data,
    }
    return InsurancePlan.objects.create(organization=union, year=year, **fields)
