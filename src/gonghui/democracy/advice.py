"""Advisory checks of democratic management (DOMAIN.md): warnings on the union's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.advice import Advice, advice
from gonghui.democracy import rules
from gonghui.democracy.models import (
    CollectiveContract,
    Congress,
    ContractStatus,
    Disclosure,
    Proposal,
    ProposalStatus,
)
from gonghui.orgs.models import EmployerYear

# Congresses, disclosure and contracts are the business of grassroots and joint unions.
UNION_TYPES = ["grassroots", "joint"]


def _url(slug: str, obj: Any) -> str:
    return reverse("records:detail", kwargs={"rt": slug, "pk": obj.pk})


def percent(part: int | None, total: int) -> Decimal | None:
    if part is None or not total:
        return None
    return (Decimal(part) * 100 / total).quantize(Decimal("0.1"))


def months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return day.replace(year=year, month=month, day=28)


def session_checks(c: Congress, women_staff_share: Decimal | None) -> list[Advice]:
    """Quorum and the shares of the delegates (DOMAIN.md), for one session."""
    url = _url("congresses", c)
    out = []
    if not c.quorate:
        out.append(
            Advice(
                _(
                    "%(name)s: %(present)s of %(total)s delegates present, fewer than two thirds: "
                    "no resolution can pass."
                )
                % {"name": c, "present": c.delegates_present, "total": c.delegates_total},
                "danger",
                url,
            )
        )
    managers = percent(c.management_delegates, c.delegates_total)
    if managers is not None and managers > rules.MANAGEMENT_MAX_SHARE:
        out.append(
            Advice(
                _("%(name)s: managers are %(share)s%% of the delegates, more than %(max)s%%.")
                % {"name": c, "share": managers, "max": rules.MANAGEMENT_MAX_SHARE},
                "warning",
                url,
            )
        )
    front = percent(c.frontline_delegates, c.delegates_total)
    if front is not None and front < rules.FRONTLINE_MIN_SHARE:
        out.append(
            Advice(
                _("%(name)s: frontline workers are %(share)s%% of the delegates, less than %(min)s%%.")
                % {"name": c, "share": front, "min": rules.FRONTLINE_MIN_SHARE},
                "warning",
                url,
            )
        )
    women = percent(c.women_delegates, c.delegates_total)
    if (
        women is not None
        and women_staff_share is not None
        and women < women_staff_share - rules.WOMEN_SHARE_TOLERANCE
    ):
        out.append(
            Advice(
                _("%(name)s: women are %(share)s%% of the delegates but %(staff)s%% of the staff.")
                % {"name": c, "share": women, "staff": women_staff_share},
                "warning",
                url,
            )
        )
    return out


def women_staff_shares(ids: list[int], year: int) -> dict[int, Decimal | None]:
    rows = EmployerYear.objects.filter(organization_id__in=ids, year__lte=year).order_by(
        "organization_id", "year"
    )
    out: dict[int, Decimal | None] = {}
    for e in rows:  # the latest year up to ``year`` wins
        out[e.organization_id] = percent(e.women_employees, e.employees or 0)
    return out


def contract_advice(c: CollectiveContract, day: dt.date, renewed: bool) -> list[Advice]:
    url = _url("collective-contracts", c)
    out = []
    if (
        c.in_force(day)
        and c.effective_to
        and c.effective_to <= months_later(day, rules.CONTRACT_RENEWAL_MONTHS)
    ):
        out.append(
            Advice(
                _("%(name)s expires on %(end)s: start the renewal talks.")
                % {"name": c, "end": c.effective_to},
                "warning",
                url,
            )
        )
    elif c.effective_to and c.effective_to < day and not renewed and c.status == ContractStatus.SIGNED:
        out.append(
            Advice(
                _("%(name)s expired on %(end)s and has not been renewed.")
                % {"name": c, "end": c.effective_to},
                "danger",
                url,
            )
        )
    if c.in_force(day) and not c.approved_on:
        out.append(Advice(_("%(name)s has no congress approval on record.") % {"name": c}, "warning", url))
    if c.signed_on and not c.filed_on and day > c.signed_on + dt.timedelta(days=rules.CONTRACT_FILING_DAYS):
        out.append(
            Advice(
                _("%(name)s was signed on %(day)s but its filing with the labour bureau is not on record.")
                % {"name": c, "day": c.signed_on},
                "info",
                url,
            )
        )
    return out


def _unions(orgs: QuerySet) -> list[int]:
    return list(orgs.filter(org_type__in=UNION_TYPES).values_list("pk", flat=True))


@advice(yearly=True)
def congress_checks(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    """A congress and an affairs disclosure in the twelve months to ``day`` (the home page's year,
    as of its last day): the messages name the day, so they never contradict that year's figures."""
    ids = _unions(orgs)
    if not ids:
        return {}
    year_ago = day - dt.timedelta(days=rules.CONGRESS_MAX_GAP_DAYS)
    latest: dict[int, Congress] = {}
    for c in Congress.objects.filter(organization_id__in=ids, held_on__lte=day).order_by("held_on", "pk"):
        latest[c.organization_id] = c
    shares = women_staff_shares(ids, day.year)
    disclosed = set(
        Disclosure.objects.filter(organization_id__in=ids, disclosed_on__gt=year_ago, disclosed_on__lte=day)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    out: dict[int, list[Advice]] = {}
    for org in ids:
        items: list[Advice] = []
        c = latest.get(org)
        if c is None or c.held_on <= year_ago:
            items.append(
                Advice(
                    _("No congress session in the twelve months to %(day)s: hold one at least once a year.")
                    % {"day": day},
                    "warning",
                )
            )
        else:
            items += session_checks(c, shares.get(org))
        if org not in disclosed:
            items.append(
                Advice(_("No affairs disclosure in the twelve months to %(day)s.") % {"day": day}, "warning")
            )
        if items:
            out[org] = items
    return out


@advice
def democracy_checks(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    """Deadlines, judged today: proposals waiting for a reply, contracts expiring or expired."""
    ids = _unions(orgs)
    if not ids:
        return {}
    unreplied: dict[int, int] = {}
    late = day - dt.timedelta(days=rules.PROPOSAL_REPLY_DAYS)
    for org in Proposal.objects.filter(
        organization_id__in=ids,
        status=ProposalStatus.ACCEPTED,
        replied_on__isnull=True,
        congress__held_on__lt=late,
    ).values_list("organization_id", flat=True):
        unreplied[org] = unreplied.get(org, 0) + 1
    contracts = list(
        CollectiveContract.objects.filter(organization_id__in=ids).exclude(status=ContractStatus.NEGOTIATING)
    )
    in_force = {(c.organization_id, c.kind) for c in contracts if c.in_force(day)}
    by_org: dict[int, list[CollectiveContract]] = {}
    for k in contracts:
        by_org.setdefault(k.organization_id, []).append(k)
    out: dict[int, list[Advice]] = {}
    for org in ids:
        items: list[Advice] = []
        if unreplied.get(org):
            items.append(
                Advice(
                    _("%(n)s accepted proposals have had no reply for more than %(days)s days.")
                    % {"n": unreplied[org], "days": rules.PROPOSAL_REPLY_DAYS},
                    "warning",
                    reverse("records:list", kwargs={"rt": "proposals"}) + f"?org={org}&status=accepted",
                )
            )
        if not any((org, k) in in_force for k in ("comprehensive", "sector", "regional")):
            items.append(Advice(_("No collective contract is in force."), "warning"))
        mine = by_org.get(org, [])
        for k in mine:
            # Renewed: one of its kind is in force, or a later one of its kind exists.
            renewed = (org, k.kind) in in_force or any(
                o.kind == k.kind
                and o.effective_from
                and k.effective_from
                and o.effective_from > k.effective_from
                for o in mine
            )
            items += contract_advice(k, day, renewed)
        if items:
            out[org] = items
    return out
