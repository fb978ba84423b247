"""Roster metrics, taken at the end of the period from the membership events (set-based)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Targets, Values, metric, per_org, rate
from gonghui.core.scope import unscoped
from gonghui.members.models import (
    WORKING_STATUSES,
    EmploymentType,
    EventKind,
    Gender,
    Member,
    MembershipEvent,
)
from gonghui.members.selectors import members_at, org_members_q
from gonghui.orgs.metrics import EMPLOYEES_ENTRY
from gonghui.orgs.models import EmployerYear, Organization, OrgType


def _path(orgs: Targets) -> Any:
    """The path that places a membership event under ``orgs``: its union's, or, when a union group
    is among them, the member's group's where there is one (a group's members only point at it;
    the group lies inside the union, so the union above still counts them)."""
    targets = orgs.filter(org_type=OrgType.GROUP) if isinstance(orgs, QuerySet) else None
    if targets is not None:
        with unscoped("the targets' types, read to choose the path"):
            has_group = targets.exists()
    else:
        has_group = any(o.org_type == OrgType.GROUP for o in orgs)
    return Coalesce("member__union_group__path", "organization__path") if has_group else "organization__path"


def per_member(qs: QuerySet, orgs: Targets) -> Values:
    """``per_org`` for membership events, a group's members counted in the group."""
    return per_org(qs, orgs, path_field=_path(orgs))


def _joined(period: Period) -> QuerySet:
    return MembershipEvent.objects.filter(kind=EventKind.JOIN, on__gte=period.start, on__lte=period.end)


def _members_evidence(org: Organization, period: Period) -> QuerySet:
    """The people counted (some may have moved on since: the viewer's scope decides what shows)."""
    ids = members_at(period.end).filter(org_members_q(org, "member__")).values("member_id")
    return Member.objects.filter(pk__in=ids)


def _joined_evidence(org: Organization, period: Period) -> QuerySet:
    ids = _joined(period).filter(org_members_q(org, "member__")).values("member_id")
    return Member.objects.filter(pk__in=ids)


@metric(
    "member_count",
    label=_("Members"),
    kind=Kind.COUNT,
    description=_("Members of the union's subtree at the end of the period, kept memberships included."),
    evidence=_members_evidence,
)
def member_count(orgs: QuerySet, period: Period) -> Values:
    return per_member(members_at(period.end), orgs)


@metric(
    "enrollment_rate",
    unknown=_("the number of employees is not entered"),
    entered_at=EMPLOYEES_ENTRY,
    too_high=_(
        "more members at work than employees: the employee count of %(year)s is probably out of date."
    ),
    label=_("Enrollment rate"),
    kind=Kind.RATE,
    description=_(
        "Members at work (kept memberships of retired or unemployed members aside) at the end of the "
        "period ÷ the employer's employees that year (dispatched and migrant workers included)."
    ),
    evidence=_members_evidence,
)
def enrollment_rate(orgs: QuerySet, period: Period) -> Values:
    working = per_member(members_at(period.end, WORKING_STATUSES), orgs)
    employees = per_org(EmployerYear.objects.filter(year=period.end.year), orgs, Sum("employees"))
    return rate(working, employees)


@metric(
    "new_members",
    label=_("New members"),
    kind=Kind.COUNT,
    description=_("People who joined the union during the period (transfers in are not new members)."),
    evidence=_joined_evidence,
)
def new_members(orgs: QuerySet, period: Period) -> Values:
    return per_member(_joined(period), orgs)


@metric(
    "new_migrant_members",
    label=_("New migrant-worker members"),
    kind=Kind.COUNT,
    description=_("Of the new members of the period, migrant workers."),
    evidence=lambda org, period: _joined_evidence(org, period).filter(employment_type=EmploymentType.MIGRANT),
)
def new_migrant_members(orgs: QuerySet, period: Period) -> Values:
    return per_member(_joined(period).filter(member__employment_type=EmploymentType.MIGRANT), orgs)


@metric(
    "women_member_count",
    label=_("Women members"),
    kind=Kind.COUNT,
    description=_("Women among the members at the end of the period."),
    evidence=lambda org, period: _members_evidence(org, period).filter(gender=Gender.FEMALE),
)
def women_member_count(orgs: QuerySet, period: Period) -> Values:
    return per_member(members_at(period.end).filter(member__gender=Gender.FEMALE), orgs)
