"""Helpers of the care demo: dates of the demo year, members by position, idempotent writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.accounts.access import get_access
from gonghui.accounts.models import User
from gonghui.care.models import AidCase, HardshipFile, HouseholdMember, Visit
from gonghui.care.services import aid, hardship, visits
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

D = Decimal
YEAR = 2025


def ymd(month: int, day: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


def members_of(org: Organization) -> list[Member]:
    return list(Member.objects.filter(organization__path__startswith=org.path).order_by("pk"))


def pick(members: list[Member], *positions: int) -> list[Member]:
    """Members at fixed positions (wrapping around small rosters); none if the roster is empty."""
    return [members[p % len(members)] for p in positions] if members else []


def user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def visit(org: Organization, actor: Any, members: list[Member], **fields: Any) -> None:
    if Visit.objects.filter(
        organization=org, visited_on=fields["visited_on"], title=fields["title"]
    ).exists():
        return
    visits.visit_create(actor=actor, organization=org, data={**fields, "recipients": members})


def hardship_file(
    org: Organization, actor: Any, member: Member, household: list[dict[str, Any]], **data: Any
) -> HardshipFile:
    existing = HardshipFile.objects.filter(organization=org, member=member).first()
    if existing is not None:
        return existing
    file = hardship.hardship_file_create(actor=actor, organization=org, data={"member": member, **data})
    for person in household:
        HouseholdMember.objects.create(organization=org, hardship_file=file, **person)
    return file


def aid_case(
    org: Organization,
    chair: Any,
    payer: Any,
    *,
    case_no: str,
    member: Member | None,
    kind: str,
    applied: dt.date,
    requested: D,
    approved: D,
    payments: list[tuple[D, str, dt.date]],
    file: HardshipFile | None = None,
    beneficiary: str = "",
    situation: str = "",
    objection: tuple[dt.date, str, str] | None = None,
    non_member: dict[str, str] | None = None,
) -> None:
    """An aid case taken through review, notice, approval and payment; ``non_member`` gives the
    ``non_member_*`` details of someone off the roster (``member`` then None)."""
    if AidCase.objects.filter(organization=org, case_no=case_no).exists():
        return
    access = get_access(chair)
    case = aid.aid_create(
        actor=chair,
        organization=org,
        data={
            "case_no": case_no,
            "member": member,
            "kind": kind,
            "hardship_file": file,
            "beneficiary": beneficiary,
            "applied_on": applied,
            "amount_requested": requested,
            "situation": situation,
            **(non_member or {}),
        },
    )
    start = applied + dt.timedelta(days=2)
    end = start + dt.timedelta(days=6)  # a seven-day public notice
    aid.aid_review(
        access=access,
        case=case,
        passed=True,
        on=applied + dt.timedelta(days=1),
        note="经工会委员会审核，符合条件。",
        notice_start=start,
        notice_end=end,
    )
    if objection is not None:
        raised, content, resolution = objection
        aid.objection_create(
            actor=chair,
            organization=org,
            data={
                "aid_case": case,
                "raised_on": raised,
                "raised_by": "",
                "content": content,
                "resolved": True,
                "resolution": resolution,
                "resolved_on": raised + dt.timedelta(days=1),
            },
        )
    aid.aid_approve(access=access, case=case, amount=approved, on=end + dt.timedelta(days=1))
    for amount, source, paid_on in payments:
        aid.disbursement_create(
            actor=payer,
            organization=org,
            data={"aid_case": case, "amount": amount, "source": source, "paid_on": paid_on, "note": ""},
        )
