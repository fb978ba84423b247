"""Mutual medical insurance: plans, enrolments, claims."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.care import selectors
from gonghui.care.models import InsuranceClaim, InsuranceEnrollment, InsurancePlan
from gonghui.care.registration.aid import ONLINE_COLUMN
from gonghui.care.registration.common import UNION_TYPES
from gonghui.care.services import insurance
from gonghui.core.records import RecordType, register

CLAIM_FORM = ["plan", "member", "claimed_on", "reason", "amount_claimed", "amount_paid", "paid_on"]
PLAN_FORM = [
    "year",
    "name",
    "premium_per_person",
    "union_share_pct",
    "individual_share_pct",
    "target_rate",
    "coverage_start",
    "coverage_end",
    "note",
]


def _plan_context(request: Any, obj: InsurancePlan, access: Any) -> dict[str, Any]:
    return {"plan": obj, "participation": selectors.plan_participation(obj)}


register(
    RecordType(
        model=InsurancePlan,
        slug="insurance-plans",
        module="care",
        icon="shield-plus",
        list_display=[
            "year",
            "name",
            "premium_per_person",
            "union_share_pct",
            "individual_share_pct",
            "target_rate",
            "organization__name",
        ],
        list_filters=["year"],
        search_fields=["name"],
        form_fields=PLAN_FORM,
        export_fields=["organization__name", *PLAN_FORM],
        select_related=["organization"],
        ordering=["-year", "organization__path"],
        org_types=UNION_TYPES,
        create=insurance.plan_create,
        update=insurance.plan_update,
        detail_template="care/_plan_detail.html",
        actions=[(_("Enrol the roster"), "care:plan-enrol", Perm.RECORDS_EDIT)],
        detail_context=_plan_context,
        api_router="gonghui.care.api.insurance_router",
        nav_order=140,
    )
)

register(
    RecordType(
        model=InsuranceEnrollment,
        slug="insurance-enrollments",
        period_field="enrolled_on",
        module="care",
        icon="person-check",
        parent_field="plan",
        list_display=["member__name", "plan", "enrolled_on", "premium", "union_amount", "individual_amount"],
        search_fields=["member__name"],
        form_fields=["plan", "member", "enrolled_on"],
        detail_fields=["plan", "member", "enrolled_on", "premium", "union_amount", "individual_amount"],
        api_fields=["id", "plan", "member", "enrolled_on", "premium", "union_amount", "individual_amount"],
        select_related=["member", "plan", "organization"],
        ordering=["plan", "member__name", "pk"],
        create=insurance.enrollment_create,
        update=insurance.enrollment_update,
        nav_order=141,
        nav=False,
    )
)

register(
    RecordType(
        model=InsuranceClaim,
        slug="insurance-claims",
        period_field="claimed_on",
        module="care",
        icon="bandaid",
        parent_field="plan",
        list_display=[
            "claimed_on",
            "member__name",
            "plan",
            "reason",
            "amount_claimed",
            "amount_paid",
            "paid_on",
            ONLINE_COLUMN,
        ],
        list_filters=["submitted_online"],
        search_fields=["member__name"],
        form_fields=CLAIM_FORM,
        detail_fields=[*CLAIM_FORM, "submitted_online"],
        select_related=["member", "plan", "organization"],
        ordering=["-claimed_on", "-pk"],
        create=insurance.claim_create,
        update=insurance.claim_update,
        nav_order=142,
    )
)
