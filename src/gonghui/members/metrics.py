"""Roster metrics, taken at the end of the period from the membership events (set-based).

A union whose members are not named in gonghui files an annual return (federation.AnnualReturn)
instead: the member metrics take a union's roster where it keeps one and its return of the
period's year where it keeps none, and roll both up over the subtree; ``source`` says which.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Length, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.metrics import Kind, Period, Targets, Values, metric, per_org, per_org_each, rate
from gonghui.core.scope import unscoped
from gonghui.federation.models import AnnualReturn
from gonghui.members import snapshots
from gonghui.members.choices import COUNTED_STATUSES
from gonghui.members.models import (
    WORKING_STATUSES,
    EmploymentType,
    EventKind,
    Gender,
    JoinApplication,
    JoinStatus,
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


def _roster_events(period: Period) -> QuerySet:
    return MembershipEvent.objects.filter(on__lte=period.end)


def keeps_roster_q(period: Period, prefix: str = "") -> Q:
    """The organizations (reached through ``prefix``, e.g. "organization__") that keep a roster:
    a membership event up to the period's end sits at one or at one of its branches (a member's
    union is the union or a branch of it). Two subqueries, not a query per union."""
    events = _roster_events(period)
    parents = events.annotate(
        _up=Substr("organization__path", 1, Length("organization__path") - Organization.steplen)
    ).values("_up")
    return Q(**{f"{prefix}pk__in": events.values("organization_id")}) | Q(**{f"{prefix}path__in": parents})


def counted_returns(period: Period) -> QuerySet:
    """The returns of the period's year that count: those of unions that keep no roster (a union
    that keeps one is counted from it, its return left aside, so that no union counts twice)."""
    return AnnualReturn.objects.filter(year=period.end.year).exclude(keeps_roster_q(period, "organization__"))


def _with_returns(roster: Values, orgs: Targets, period: Period, field: str) -> Values:
    """``roster`` plus the counted returns' ``field`` in each org's subtree."""
    filed = per_org(counted_returns(period), orgs, Sum(field))
    out = dict(roster)
    for pk, value in filed.items():
        out[pk] = (out.get(pk) or 0) + (value or 0)
    return out


def member_source(orgs: QuerySet, period: Period) -> dict[int, str]:
    """Where each org's member figures came from: 名册, 年报, or both (a federation mixing them)."""
    if snapshots.applies(orgs, period):
        roster = snapshots.member_values(orgs, period, "events")
    else:
        roster = per_member(_roster_events(period), orgs)
    filed = per_org(counted_returns(period), orgs)
    out: dict[int, str] = {}
    for pk in set(roster) | set(filed):
        has_roster, has_return = bool(roster.get(pk)), bool(filed.get(pk))
        if has_roster and has_return:
            out[pk] = str(_("roster and annual returns"))
        elif has_roster or has_return:
            out[pk] = str(_("roster") if has_roster else pgettext_lazy("source", "annual returns"))
    return out


def _members(
    orgs: QuerySet, period: Period, statuses: list[str] | None = None, *, women: bool = False
) -> Values:
    """The members (of ``statuses``; women only) at the period's end in each org's subtree:
    the year-end snapshots, or the membership events grouped."""
    if snapshots.applies(orgs, period):
        if women:
            return snapshots.member_values(orgs, period, "gender", [Gender.FEMALE])
        return snapshots.member_values(orgs, period, "status", statuses or COUNTED_STATUSES)
    states = members_at(period.end, statuses)
    return per_member(states.filter(member__gender=Gender.FEMALE) if women else states, orgs)


def _new(orgs: QuerySet, period: Period, employment_type: str | None = None) -> Values:
    """The period's JOIN events (of members of ``employment_type``) in each org's subtree."""
    if snapshots.applies(orgs, period, whole_year=True):
        types = [employment_type] if employment_type else None
        return snapshots.member_values(orgs, period, "joined", types)
    joined = _joined(period)
    if employment_type:
        joined = joined.filter(member__employment_type=employment_type)
    return per_member(joined, orgs)


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
    description=_(
        "Members of the union's subtree at the end of the period, kept memberships included; for a "
        "union that keeps no roster, the members of its annual return of that year."
    ),
    evidence=_members_evidence,
    source=member_source,
)
def member_count(orgs: QuerySet, period: Period) -> Values:
    return _with_returns(_members(orgs, period), orgs, period, "members")


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
        "period ÷ the employer's employees that year (dispatched and migrant workers included); for a "
        "union that keeps no roster, its annual return's members ÷ the employees it gives where "
        "no employer facts are entered."
    ),
    evidence=_members_evidence,
    source=member_source,
)
def enrollment_rate(orgs: QuerySet, period: Period) -> Values:
    working = _members(orgs, period, WORKING_STATUSES)
    employees = per_org(EmployerYear.objects.filter(year=period.end.year), orgs, Sum("employees"))
    add_returns(orgs, period, employees, working)
    return rate(working, employees)


def add_returns(orgs: Targets, period: Period, employees: Values, *members: Values) -> None:
    """Add the counted returns' employees to ``employees`` and their members to each of
    ``members``, in place: the enrollment rate's parts, here and on the dashboards. A return's
    employees count where its union has no employer facts of that year (else twice)."""
    facts = EmployerYear.objects.filter(year=period.end.year).values("organization_id")
    filed = per_org_each(
        counted_returns(period),
        orgs,
        {"members": Sum("members"), "employees": Sum("employees", filter=~Q(organization_id__in=facts))},
    )
    for pk, value in filed["members"].items():
        for counts in members:
            counts[pk] = (counts.get(pk) or 0) + (value or 0)
    for pk, value in filed["employees"].items():
        if value:
            employees[pk] = (employees.get(pk) or 0) + value


@metric(
    "new_members",
    label=_("New members"),
    kind=Kind.COUNT,
    description=_(
        "People who joined the union during the period (transfers in are not new members); for a "
        "union that keeps no roster, the new members of its annual return."
    ),
    evidence=_joined_evidence,
    source=member_source,
)
def new_members(orgs: QuerySet, period: Period) -> Values:
    return _with_returns(_new(orgs, period), orgs, period, "new_members")


@metric(
    "new_migrant_members",
    label=_("New migrant-worker members"),
    kind=Kind.COUNT,
    description=_(
        "Of the new members of the period, migrant workers (from the roster or the annual return)."
    ),
    evidence=lambda org, period: _joined_evidence(org, period).filter(employment_type=EmploymentType.MIGRANT),
    source=member_source,
)
def new_migrant_members(orgs: QuerySet, period: Period) -> Values:
    return _with_returns(_new(orgs, period, EmploymentType.MIGRANT), orgs, period, "new_migrant_members")


@metric(
    "women_member_count",
    label=_("Women members"),
    kind=Kind.COUNT,
    description=_("Women among the members at the end of the period (from the roster or the annual return)."),
    evidence=lambda org, period: _members_evidence(org, period).filter(gender=Gender.FEMALE),
    source=member_source,
)
def women_member_count(orgs: QuerySet, period: Period) -> Values:
    return _with_returns(_members(orgs, period, women=True), orgs, period, "women_members")


def _online_joined(period: Period) -> QuerySet:
    """The period's JOIN events of records made by an approved online application."""
    made = JoinApplication.objects.filter(status=JoinStatus.APPROVED, member__isnull=False)
    return _joined(period).filter(member_id__in=made.values("member_id"))


def _online_evidence(org: Organization, period: Period) -> QuerySet:
    ids = _online_joined(period).filter(org_members_q(org, "member__")).values("member_id")
    return Member.objects.filter(pk__in=ids)


@metric(
    "online_join_count",
    label=_("Online joins"),
    kind=Kind.COUNT,
    description=_(
        "Of the new members of the period, those who joined through an online application "
        "(the union's QR code) that the union approved."
    ),
    evidence=_online_evidence,
)
def online_join_count(orgs: QuerySet, period: Period) -> Values:
    return per_member(_online_joined(period), orgs)
