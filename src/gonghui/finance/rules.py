"""Which federation rule holds for a union on a day, and whether its spends break the caps.

Rules belong to federations above the union, outside the union user's own scope; reading
the rules of one's own ancestors is the only thing these lookups do across the scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.core.scope import unscoped
from gonghui.finance.models import FundsRule, SpendingCap, SpendPurpose, Voucher, VoucherLine, VoucherStatus
from gonghui.finance.money import ZERO, cents, yuan
from gonghui.orgs.models import Organization


def ancestor_paths(path: str) -> list[str]:
    """The paths of a node and of every node above it."""
    step = Organization.steplen
    return [path[: i * step] for i in range(1, len(path) // step + 1)]


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def funds_rule_for(org: Organization, day: dt.date) -> FundsRule:
    """The split table valid for ``org`` on ``day``: the deepest one above it, else the defaults."""
    with unscoped("a rule set by a union above applies below"):
        rule = (
            FundsRule.objects.filter(_valid_on(day), organization__path__in=ancestor_paths(org.path))
            .select_related("organization")
            .order_by("-organization__depth", "-valid_from")
            .first()
        )
    return rule if rule is not None else FundsRule()


def cap_for(org: Organization, purpose: str, day: dt.date) -> SpendingCap | None:
    with unscoped("a cap set by a union above applies below"):
        return (
            SpendingCap.objects.filter(
                _valid_on(day), purpose=purpose, organization__path__in=ancestor_paths(org.path)
            )
            .select_related("organization")
            .order_by("-organization__depth", "-valid_from")
            .first()
        )


def per_person_spend(org_id: int, purpose: str, year: int, *, besides: int | None = None) -> Decimal:
    """What one person received for ``purpose`` in ``year``: Σ amount ÷ persons over posted lines
    (those of the voucher ``besides`` left out: it is counted as it stands by the caller)."""
    with unscoped("the union's own lines, asked for by its id"):
        rows = VoucherLine.objects.filter(
            organization_id=org_id,
            purpose=purpose,
            voucher__status=VoucherStatus.POSTED,
            voucher__year=year,
            persons__gt=0,
        )
        if besides is not None:
            rows = rows.exclude(voucher_id=besides)
        return cents(
            sum((amount / persons for amount, persons in rows.values_list("amount", "persons")), ZERO)
        )


@dataclass(frozen=True)
class CapBreach:
    purpose: str
    spent: Decimal
    cap: SpendingCap
    year: int

    @property
    def message(self) -> str:
        return _(
            "%(purpose)s: %(spent)s yuan per person in %(year)s, above the cap of %(cap)s yuan "
            "per person and year set by %(federation)s."
        ) % {
            "purpose": SpendPurpose(self.purpose).label,
            "spent": yuan(self.spent),
            "year": self.year,
            "cap": yuan(self.cap.per_person_year),
            "federation": self.cap.organization.name,
        }


def breaches(
    org: Organization,
    year: int,
    purposes: Iterable[str],
    day: dt.date,
    *,
    besides: int | None = None,
    adding: dict[str, Decimal] | None = None,
) -> list[CapBreach]:
    """The caps broken by the posted spends of ``year`` (the voucher ``besides`` left out) plus
    ``adding`` (per person, by purpose): what a voucher's lines would make of them."""
    out = []
    for purpose in sorted(set(purposes)):
        cap = cap_for(org, purpose, day)
        if cap is None:
            continue
        spent = per_person_spend(org.pk, purpose, year, besides=besides) + (adding or {}).get(purpose, ZERO)
        if cents(spent) > cap.per_person_year:
            out.append(CapBreach(purpose, cents(spent), cap, year))
    return out


def voucher_breaches(voucher: Voucher, lines: Iterable[VoucherLine] | None = None) -> list[CapBreach]:
    """THE cap rule of a voucher: the caps its purposes break with it counted — the year's other
    posted spends plus its own ``lines`` (by default its lines as saved). The same before the
    voucher is posted (to warn while it can be changed) and after (on its page)."""
    per_person: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in voucher.lines.all() if lines is None else lines:
        if line.purpose and line.persons and line.amount is not None:
            per_person[line.purpose] += line.amount / line.persons
    if not per_person:
        return []
    return breaches(
        voucher.organization, voucher.year, per_person, voucher.date, besides=voucher.pk, adding=per_person
    )


def cap_warnings(voucher: Voucher, lines: Iterable[VoucherLine] | None = None) -> list[str]:
    """The cap rule's warnings about ``voucher`` (never an error): said before and after posting."""
    return [b.message for b in voucher_breaches(voucher, lines)]


def breaches_for(orgs: Iterable[Organization], year: int, day: dt.date) -> dict[int, list[CapBreach]]:
    """Cap breaches of many unions at once: one query for the spends, one for the caps."""
    orgs = list(orgs)
    with unscoped("the given unions' lines and the caps above them"):
        rows = VoucherLine.objects.filter(
            organization__in=[o.pk for o in orgs],
            voucher__status=VoucherStatus.POSTED,
            voucher__year=year,
            persons__gt=0,
        ).exclude(purpose="")
        spent: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        for org_id, purpose, amount, persons in rows.values_list(
            "organization_id", "purpose", "amount", "persons"
        ):
            spent[(org_id, purpose)] += amount / persons
        if not spent:
            return {}
        caps = list(SpendingCap.objects.filter(_valid_on(day)).select_related("organization"))
    by_pk = {o.pk: o for o in orgs}
    out: dict[int, list[CapBreach]] = {}
    for (org_id, purpose), total in sorted(spent.items()):
        path = by_pk[org_id].path
        matching = [c for c in caps if c.purpose == purpose and path.startswith(c.organization.path)]
        if not matching:
            continue
        cap = max(matching, key=lambda c: (c.organization.depth, c.valid_from))
        total = cents(total)
        if total > cap.per_person_year:
            out.setdefault(org_id, []).append(CapBreach(purpose, total, cap, year))
    return out
