"""Mutual medical insurance: plans with the federation's target, enrolment from the roster, claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from gonghui.accounts.roles import Perm
from gonghui.care import rules
from gonghui.care.models import DEFAULT_INSURANCE_TARGET, InsuranceClaim, InsuranceEnrollment, InsurancePlan
from gonghui.care.services.common import standard_for
from gonghui.core.errors import DomainError
from gonghui.core.scoping import subtree_q
from gonghui.core.services import save_validated
from gonghui.members.models import Member, MemberStatus

PRICE_FIELDS = ["premium_per_person", "union_share_pct", "individual_share_pct"]


def _fill_target(plan: InsurancePlan) -> None:
    if plan.target_rate is None and plan.year:
        standard = standard_for(plan.organization, plan.year)
        plan.target_rate = standard.insurance_target_rate if standard else DEFAULT_INSURANCE_TARGET


@transaction.atomic
def plan_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> InsurancePlan:
    plan = InsurancePlan(organization=organization, **data)
    if InsurancePlan.objects.filter(organization=organization, year=plan.year).exists():
        raise DomainError({"year": _("This union already has a plan for that year.")})
    _fill_target(plan)
    save_validated(plan, actor=actor)
    return plan


@transaction.atomic
def plan_update(*, actor: Any, obj: InsurancePlan, data: dict[str, Any]) -> InsurancePlan:
    plan = InsurancePlan.objects.select_for_update().get(pk=obj.pk)
    if plan.enrollments.exists():
        changed = [f for f in [*PRICE_FIELDS, "year"] if f in data and data[f] != getattr(plan, f)]
        if changed:
            raise DomainError(
                {
                    changed[0]: _(
                        "Members are enrolled already: the year, premium and shares stay as they are."
                    )
                }
            )
    for k, v in data.items():
        setattr(plan, k, v)
    _fill_target(plan)
    save_validated(plan, actor=actor)
    return plan


def eligible_members(plan: InsurancePlan) -> Any:
    """Active members of the plan's union (its branches and groups included)."""
    return Member.objects.filter(
        subtree_q(plan.organization.path, "organization__path"), status=MemberStatus.ACTIVE
    )


def _check_member(plan: InsurancePlan, member: Member) -> None:
    if not eligible_members(plan).filter(pk=member.pk).exists():
        raise DomainError(
            {
                "member": _("%(name)s is not an active member of %(union)s and cannot be enrolled.")
                % {"name": member.name, "union": plan.organization.name}
            }
        )


def _price(enrollment: InsuranceEnrollment, plan: InsurancePlan) -> None:
    enrollment.premium = plan.premium_per_person
    enrollment.union_amount, enrollment.individual_amount = rules.split_premium(
        plan.premium_per_person, plan.union_share_pct
    )


@transaction.atomic
def enrollment_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> InsuranceEnrollment:
    enrollment = InsuranceEnrollment(organization=organization, **data)
    if enrollment.plan_id is not None and enrollment.member_id is not None:
        _check_member(enrollment.plan, enrollment.member)
        if enrollment.plan.enrollments.filter(member_id=enrollment.member_id).exists():
            raise DomainError({"member": _("This member is already enrolled in the plan.")})
        _price(enrollment, enrollment.plan)
    else:  # no price without a plan: only the missing field is named
        enrollment.premium = enrollment.union_amount = enrollment.individual_amount = 0
    save_validated(enrollment, actor=actor)  # without a plan or a member, full_clean names the missing field
    return enrollment


@transaction.atomic
def enrollment_update(*, actor: Any, obj: InsuranceEnrollment, data: dict[str, Any]) -> InsuranceEnrollment:
    if data.get("plan", obj.plan) != obj.plan:
        raise DomainError({"plan": _("An enrolment stays with its plan.")})
    for k, v in data.items():
        setattr(obj, k, v)
    _check_member(obj.plan, obj.member)
    _price(obj, obj.plan)
    save_validated(obj, actor=actor)
    return obj


@transaction.atomic
def plan_enrol_roster(*, access: Any, plan: InsurancePlan, on: dt.date, only: Any = None) -> int:
    """Enrol every active member of the union not yet in the plan (or those of ``only``); how many."""
    if not access.can(Perm.RECORDS_EDIT, plan.organization):
        raise PermissionDenied(_("You do not have the right to do this here."))
    plan = InsurancePlan.objects.select_for_update().get(pk=plan.pk)
    members = eligible_members(plan).exclude(insurance__plan=plan).order_by("pk")
    if only is not None:
        members = members.filter(pk__in=only)
    union_amount, individual_amount = rules.split_premium(plan.premium_per_person, plan.union_share_pct)
    rows = [
        InsuranceEnrollment(
            organization=plan.organization,
            plan=plan,
            member=m,
            enrolled_on=on,
            premium=plan.premium_per_person,
            union_amount=union_amount,
            individual_amount=individual_amount,
        )
        for m in members
    ]
    bulk_create_with_history(rows, InsuranceEnrollment, batch_size=500, default_user=access.user)
    return len(rows)


def _check_claim(claim: InsuranceClaim) -> None:
    enrolled = InsuranceEnrollment.objects.filter(plan_id=claim.plan_id, member_id=claim.member_id).exists()
    if not enrolled:
        raise DomainError(
            {"member": _("%(name)s is not enrolled in this plan.") % {"name": claim.member.name}}
        )


@transaction.atomic
def claim_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> InsuranceClaim:
    claim = InsuranceClaim(organization=organization, **data)
    if claim.plan_id is not None and claim.member_id is not None:
        _check_claim(claim)
    save_validated(claim, actor=actor)  # without a plan or a member, full_clean names the missing field
    return claim


@transaction.atomic
def claim_update(*, actor: Any, obj: InsuranceClaim, data: dict[str, Any]) -> InsuranceClaim:
    if data.get("plan", obj.plan) != obj.plan:
        raise DomainError({"plan": _("A claim stays with its plan.")})
    for k, v in data.items():
        setattr(obj, k, v)
    _check_claim(obj)
    save_validated(obj, actor=actor)
    return obj
