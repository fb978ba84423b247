"""One factory per care record type, for the central scoping tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.care.models import (
    AidDisbursement,
    AidObjection,
    CareStandard,
    Donation,
    HouseholdMember,
    InsuranceClaim,
    InsuranceEnrollment,
    InsurancePlan,
    MigrantSurvey,
    Visit,
    VisitRecipient,
)
from gonghui.care.services import hardship
from gonghui.care.tests.helpers import D, approved, in_notice, make_case, make_file, make_member, make_plan
from gonghui.members.validators import with_check_char


def _standard(union: Any) -> CareStandard:
    year = 2000 + CareStandard.objects.filter(organization=union).count()
    return CareStandard.objects.create(organization=union, year=year, min_living_monthly=D("750"))


def _household(union: Any) -> HouseholdMember:
    return HouseholdMember.objects.create(
        organization=union, hardship_file=make_file(union), name=f"{union.name}子女", relation="child", age=12
    )


def _review(union: Any) -> Any:
    file = make_file(union)
    data = {
        "hardship_file": file,
        "reviewed_on": dt.date(2025, 12, 1),
        "annual_income": D("20000"),
        "rigid_expenses": D("0"),
        "household_size": 3,
        "disaster_or_accident": False,
        "level": "",
        "result": "continue",
        "note": "",
    }
    return hardship.review_create(actor=None, organization=union, data=data)


def _objection(union: Any) -> AidObjection:
    case = in_notice(make_case(union))
    return AidObjection.objects.create(
        organization=union, aid_case=case, raised_on=dt.date(2025, 3, 4), content="收入情况不实"
    )


def _payment(union: Any) -> AidDisbursement:
    case = approved(make_case(union))
    return AidDisbursement.objects.create(
        organization=union, aid_case=case, amount=D("500"), source="union", paid_on=dt.date(2025, 3, 12)
    )


def _visit(union: Any) -> Visit:
    return Visit.objects.create(
        organization=union,
        title=f"{union.name}春节慰问",
        occasion="spring_festival",
        target_group="frontline",
        visited_on=dt.date(2025, 1, 20),
        union_officers="工会主席",
        recipient_count=10,
        cash_amount=D("1000"),
    )


def make_visit_recipient(union: Any, **kw: Any) -> VisitRecipient:
    kw.setdefault("visit", _visit(union))
    kw.setdefault("name", f"杨大山（{union.code}）")
    kw.setdefault("id_number", with_check_char("34112219850312561"))
    kw.setdefault("mobile", "13955001234")
    kw.setdefault("identity", "农民工")
    kw.setdefault("amount", D("500"))
    return VisitRecipient.objects.create(organization=union, **kw)


def _donation(union: Any) -> Donation:
    return Donation.objects.create(
        organization=union,
        title=f"{union.name}抗旱捐款",
        donated_on=dt.date(2025, 4, 1),
        cash_amount=D("800"),
    )


def _survey(union: Any) -> MigrantSurvey:
    return MigrantSurvey.objects.create(
        organization=union,
        title=f"{union.name}农民工摸底",
        surveyed_on=dt.date(2025, 5, 1),
        workers_surveyed=50,
        migrant_workers=20,
    )


def _plan(union: Any) -> InsurancePlan:
    return make_plan(union, year=2000 + InsurancePlan.objects.filter(organization=union).count())


def _enrollment(union: Any) -> InsuranceEnrollment:
    return InsuranceEnrollment.objects.create(
        organization=union,
        plan=_plan(union),
        member=make_member(union),
        enrolled_on=dt.date(2025, 1, 15),
        premium=D("100"),
        union_amount=D("50"),
        individual_amount=D("50"),
    )


def _claim(union: Any) -> InsuranceClaim:
    enrollment = _enrollment(union)
    return InsuranceClaim.objects.create(
        organization=union,
        plan=enrollment.plan,
        member=enrollment.member,
        claimed_on=dt.date(2025, 5, 1),
        reason="住院",
        amount_claimed=D("3000"),
    )


RECORD_FACTORIES: dict[str, Callable[[Any], Any]] = {
    "care-standards": _standard,
    "hardship-files": make_file,
    "household-members": _household,
    "hardship-reviews": _review,
    "aid-cases": make_case,
    "aid-objections": _objection,
    "aid-disbursements": _payment,
    "visits": _visit,
    "visit-recipients": make_visit_recipient,
    "charity-donations": _donation,
    "migrant-surveys": _survey,
    "insurance-plans": _plan,
    "insurance-enrollments": _enrollment,
    "insurance-claims": _claim,
}
