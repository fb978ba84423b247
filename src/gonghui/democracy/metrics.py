"""Metrics of democratic management; each covers the union's subtree (``per_org``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.metrics import Kind, Period, Values, metric, per_org, rate
from gonghui.core.scoping import subtree_q
from gonghui.democracy import rules, selectors
from gonghui.democracy.models import GENERAL_KINDS, ContractKind


def _in(qs_fn: Any) -> Any:
    """Evidence: the records of ``qs_fn(period)`` in one union's subtree."""
    return lambda org, period: qs_fn(period).filter(subtree_q(org.path, "organization__path"))


@metric(
    "congress_sessions",
    label=_("Congress sessions"),
    kind=Kind.COUNT,
    description=_("Sessions of the workers' or members' congress held in the period."),
    evidence=_in(selectors.sessions),
)
def congress_sessions(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.sessions(period), orgs)


@metric(
    "resolutions_passed",
    label=_("Resolutions passed"),
    kind=Kind.COUNT,
    description=_(
        "Resolutions of the period's sessions passed by more than half of ALL delegates in a session "
        "with at least two thirds present."
    ),
    evidence=_in(selectors.passed_resolutions),
)
def resolutions_passed(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.passed_resolutions(period), orgs)


@metric(
    "proposals_count",
    label=_("Proposals"),
    kind=Kind.COUNT,
    description=_("Proposals submitted to the period's congress sessions."),
    evidence=_in(selectors.proposals),
)
def proposals_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.proposals(period), orgs)


@metric(
    "proposals_handled_rate",
    unknown=_("no proposal was accepted"),
    label=_("Proposals handled"),
    kind=Kind.RATE,
    description=_("Of the accepted proposals of the period's sessions, the share replied to (办复率)."),
    evidence=_in(selectors.accepted_proposals),
)
def proposals_handled_rate(orgs: QuerySet, period: Period) -> Values:
    return rate(
        per_org(selectors.handled_proposals(period), orgs),
        per_org(selectors.accepted_proposals(period), orgs),
    )


@metric(
    "disclosure_count",
    label=_("Disclosures"),
    kind=Kind.COUNT,
    description=_("Items of affairs disclosure (厂务公开) made public in the period."),
    evidence=_in(selectors.disclosures),
)
def disclosure_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.disclosures(period), orgs)


@metric(
    "disclosure_categories_covered",
    label=_("Disclosure categories covered"),
    kind=Kind.COUNT,
    description=_("Distinct categories of affairs disclosure made public in the period."),
    evidence=_in(selectors.disclosures),
)
def disclosure_categories_covered(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.disclosures(period), orgs, Count("category", distinct=True))


@metric(
    "disclosure_checklist_rate",
    label=_("Required disclosures made"),
    kind=Kind.RATE,
    description=_(
        "Share of the categories every union should disclose each year (major decisions, finances, "
        "hospitality and phone costs, promotions, wages, welfare) disclosed in the period."
    ),
    evidence=lambda org, period: _in(selectors.disclosures)(org, period).filter(
        category__in=rules.REQUIRED_DISCLOSURES
    ),
)
def disclosure_checklist_rate(orgs: QuerySet, period: Period) -> Values:
    required = selectors.disclosures(period).filter(category__in=rules.REQUIRED_DISCLOSURES)
    covered = per_org(required, orgs, Count("category", distinct=True))
    base = dict.fromkeys(orgs.values_list("pk", flat=True), len(rules.REQUIRED_DISCLOSURES))
    return rate(covered, base)


def _in_force(kinds: list[str]) -> Any:
    def compute(orgs: QuerySet, period: Period) -> Values:
        found = per_org(selectors.contracts_in_force(period.end, kinds), orgs)
        return {pk: True for pk, n in found.items() if n}

    return compute


def _in_force_evidence(kinds: list[str]) -> Any:
    return lambda org, period: selectors.contracts_in_force(period.end, kinds).filter(
        subtree_q(org.path, "organization__path")
    )


for _name, _kinds, _label, _desc in [
    (
        "collective_contract_in_force",
        GENERAL_KINDS,
        _("Collective contract in force"),
        _("A comprehensive, sector or regional collective contract is in force at the end of the period."),
    ),
    (
        "women_special_agreement_in_force",
        [ContractKind.WOMEN],
        _("Women workers' special agreement in force"),
        _("A women workers' special collective agreement is in force at the end of the period."),
    ),
    (
        "wage_special_agreement_in_force",
        [ContractKind.WAGE],
        _("Wage special agreement in force"),
        _("A wage special collective agreement is in force at the end of the period."),
    ),
]:
    metric(_name, label=_label, kind=Kind.BOOL, description=_desc, evidence=_in_force_evidence(_kinds))(
        _in_force(_kinds)
    )


@metric(
    "employers_under_contract",
    label=_("Employers under a regional or sector contract"),
    kind=Kind.COUNT,
    description=_(
        "Distinct covered employers listed on the collective contracts in force at the end of the period."
    ),
    evidence=lambda org, period: (
        _in_force_evidence(ContractKind.values)(org, period)
        .filter(covered_employers__isnull=False)
        .distinct()
    ),
)
def employers_under_contract(orgs: QuerySet, period: Period) -> Values:
    in_force = selectors.contracts_in_force(period.end, ContractKind.values)
    return per_org(in_force, orgs, Count("covered_employers", distinct=True))


@metric(
    "labour_talks_count",
    label=_("Labour-management consultation meetings"),
    kind=Kind.COUNT,
    description=_("Labour-management consultation meetings (劳资恳谈会) held in the period."),
    evidence=_in(selectors.labour_talks),
)
def labour_talks_count(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.labour_talks(period), orgs)


@metric(
    "officer_reviews",
    label=_("Democratic evaluations of officers"),
    kind=Kind.COUNT,
    description=_("Democratic evaluations of officers (民主评议干部) held in the period."),
    evidence=_in(selectors.officer_reviews),
)
def officer_reviews(orgs: QuerySet, period: Period) -> Values:
    return per_org(selectors.officer_reviews(period), orgs)
