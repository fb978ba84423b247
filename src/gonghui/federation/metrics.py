"""Federation-wide measures: how many of the unions below a federation do something.

A "unit" is a distinct union (grassroots or joint, ``UNION_TYPES``) of the subtree: a union with
three contracts counts once, and a branch's or a township federation's own records make no
unit. Every measure is one or two grouped queries over the unions of all the federations asked
about at once (``per_org``), never a query per union.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.committees.models import Committee, CommitteeKind, Seat
from gonghui.committees.selectors import existing_q, seat_current_q
from gonghui.core.metrics import Kind, Period, Values, evidence_in, metric, per_org, rate, records_in
from gonghui.democracy import selectors as democracy
from gonghui.democracy.models import GENERAL_KINDS, ContractKind
from gonghui.members.metrics import member_count, women_member_count
from gonghui.orgs.models import Organization, OrgType, UnitKind

UNION_TYPES = [OrgType.GRASSROOTS, OrgType.JOINT]
UNITS = Count("organization", distinct=True)


def _unions(qs: QuerySet) -> QuerySet:
    """The rows of ``qs`` kept by grassroots and joint unions (not branches, not federations)."""
    return qs.filter(organization__org_type__in=UNION_TYPES)


def _general_in_force(period: Period) -> QuerySet:
    return _unions(democracy.contracts_in_force(period.end, [str(k) for k in GENERAL_KINDS]))


def _wage_in_force(period: Period) -> QuerySet:
    return _unions(democracy.contracts_in_force(period.end, [ContractKind.WAGE]))


def _should_have_contract_q(day: dt.date, prefix: str = "") -> Q:
    """Unions that should have a collective contract on ``day``: unions of an enterprise and joint
    unions (their employers are bargained for together: regional or sector contracts), founded
    by then (or of unknown date) and not dissolved. A union of a government office, a public
    institution or a village is no employer that bargains wages, and is left out of the base."""
    p = prefix
    kind = Q(**{f"{p}org_type": OrgType.GRASSROOTS, f"{p}unit_kind": UnitKind.ENTERPRISE}) | Q(
        **{f"{p}org_type": OrgType.JOINT}
    )
    founded = Q(**{f"{p}founded_on__isnull": True}) | Q(**{f"{p}founded_on__lte": day})
    standing = Q(**{f"{p}status": "active"}) | Q(**{f"{p}dissolved_on__gt": day})
    return kind & founded & standing


@metric(
    "units_with_collective_contract",
    label=_("Unions with a collective contract"),
    kind=Kind.COUNT,
    description=_(
        "Grassroots and joint unions of the subtree with a comprehensive, sector or regional "
        "collective contract in force at the end of the period."
    ),
    evidence=evidence_in(_general_in_force),
)
def units_with_collective_contract(orgs: QuerySet, period: Period) -> Values:
    return per_org(_general_in_force(period), orgs, UNITS)


@metric(
    "collective_contract_coverage_rate",
    label=_("Collective contract coverage"),
    kind=Kind.RATE,
    unknown=_("no union of an enterprise and no joint union below"),
    description=_(
        "Of the unions of enterprises and the joint unions of the subtree existing at the end of the "
        "period, the share with a comprehensive, sector or regional collective contract in force then."
    ),
    evidence=lambda org, period: evidence_in(_general_in_force)(org, period).filter(
        _should_have_contract_q(period.end, "organization__")
    ),
)
def collective_contract_coverage_rate(orgs: QuerySet, period: Period) -> Values:
    day = period.end
    covered = _general_in_force(period).filter(_should_have_contract_q(day, "organization__"))
    base = Organization.objects.filter(_should_have_contract_q(day))
    return rate(per_org(covered, orgs, UNITS), per_org(base, orgs, path_field="path"))


@metric(
    "units_with_wage_agreement",
    label=_("Unions with a wage agreement"),
    kind=Kind.COUNT,
    description=_(
        "Grassroots and joint unions of the subtree with a wage special agreement in force at the "
        "end of the period."
    ),
    evidence=evidence_in(_wage_in_force),
)
def units_with_wage_agreement(orgs: QuerySet, period: Period) -> Values:
    return per_org(_wage_in_force(period), orgs, UNITS)


@metric(
    "contracts_renewed",
    label=_("Contracts renewed"),
    kind=Kind.COUNT,
    description=_("Collective contracts signed in the period that renew an earlier contract (续签)."),
    evidence=evidence_in(democracy.renewals),
)
def contracts_renewed(orgs: QuerySet, period: Period) -> Values:
    return per_org(democracy.renewals(period), orgs)


def _sessions(period: Period) -> QuerySet:
    return _unions(democracy.sessions(period))


def _disclosures(period: Period) -> QuerySet:
    return _unions(democracy.disclosures(period))


@metric(
    "units_with_congress",
    label=_("Unions that held a congress"),
    kind=Kind.COUNT,
    description=_(
        "Grassroots and joint unions of the subtree that held a session of the workers' or members' "
        "congress in the period (a labour-management consultation meeting is no session)."
    ),
    evidence=evidence_in(_sessions),
)
def units_with_congress(orgs: QuerySet, period: Period) -> Values:
    return per_org(_sessions(period), orgs, UNITS)


@metric(
    "units_with_disclosure",
    label=_("Unions with affairs disclosure"),
    kind=Kind.COUNT,
    description=_("Grassroots and joint unions of the subtree that made an item public in the period."),
    evidence=evidence_in(_disclosures),
)
def units_with_disclosure(orgs: QuerySet, period: Period) -> Values:
    return per_org(_disclosures(period), orgs, UNITS)


def _full_time_seats(period: Period) -> QuerySet:
    """Full-time seats held at the period's end on the current union committee of each union.

    A union keeps one committee per term, and an old term's seats may have no end date: only
    the committee no later one has replaced counts (as ``committees.selectors.current_bodies``).
    """
    day = period.end
    # An unknown start sorts first, ties go to the later row, as in ``current_bodies``.
    earliest = Value(dt.date.min)
    later = (
        Committee.objects.filter(existing_q(day), organization=OuterRef("committee__organization_id"))
        .filter(kind=CommitteeKind.UNION)
        .annotate(_start=Coalesce("term_start", "established_on", earliest))
        .filter(
            Q(_start__gt=OuterRef("_committee_start"))
            | Q(_start=OuterRef("_committee_start"), pk__gt=OuterRef("committee_id"))
        )
    )
    return (
        Seat.objects.filter(seat_current_q(day), full_time=True, committee__kind=CommitteeKind.UNION)
        .filter(existing_q(day, "committee__"))
        .annotate(_committee_start=Coalesce("committee__term_start", "committee__established_on", earliest))
        .filter(~Exists(later))
    )


@metric(
    "full_time_officer_count",
    label=_("Full-time union officers"),
    kind=Kind.COUNT,
    description=_(
        "Seats marked full-time on the current union committees of the subtree (the federation's own "
        "included), held at the end of the period."
    ),
    evidence=lambda org, period: records_in(Seat, org).filter(pk__in=_full_time_seats(period).values("pk")),
)
def full_time_officer_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(_full_time_seats(period), orgs)


@metric(
    "women_member_share",
    label=_("Women among members"),
    kind=Kind.RATE,
    unknown=_("no member is counted"),
    description=_(
        "Women members as a share of the members at the end of the period, from the same counts as "
        "the members and women members figures."
    ),
)
def women_member_share(orgs: QuerySet, period: Period) -> Values:
    # The member metrics themselves, so the share follows whatever source they count from.
    return rate(women_member_count(orgs, period), member_count(orgs, period))
