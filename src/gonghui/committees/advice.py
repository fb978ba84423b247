"""Advisory checks of committees (DOMAIN.md): warnings on the union's page, never errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.committees import rules
from gonghui.committees.models import ELECTED_KINDS, Committee, CommitteeKind, Election, Position
from gonghui.committees.selectors import current_bodies, current_seats, head_of, metric_value
from gonghui.core.advice import Advice, advice
from gonghui.core.metrics import Period

# Unions that keep committees: not federations' overviews, not union groups.
UNION_TYPES = ["grassroots", "joint", "township", "branch"]


def _url(c: Committee) -> str:
    return reverse("records:detail", kwargs={"rt": "committees", "pk": c.pk})


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return day.replace(year=year, month=month, day=28)


def size_advice(c: Committee, size: int, members: int | None, village: bool) -> list[Advice]:
    if not members:
        return [
            Advice(
                _("The member count is unknown: the size of %(name)s cannot be checked.") % {"name": c},
                "info",
                _url(c),
            )
        ]
    band = rules.size_band(members, village=village)
    out = []
    if band and not band[0] <= size <= band[1]:
        out.append(
            Advice(
                _(
                    "%(name)s has %(size)s members; with %(members)s union members it should have "
                    "%(low)s to %(high)s."
                )
                % {"name": c, "size": size, "members": members, "low": band[0], "high": band[1]},
                "warning",
                _url(c),
            )
        )
    if size and size % 2 == 0:
        out.append(
            Advice(
                _("%(name)s has an even number of members (%(size)s): elect an odd number.")
                % {"name": c, "size": size},
                "info",
                _url(c),
            )
        )
    return out


def term_advice(c: Committee, day: dt.date) -> list[Advice]:
    if c.kind not in ELECTED_KINDS or c.term_end is None:
        return []
    if c.term_end < day:
        return [
            Advice(
                _("The term of %(name)s ended on %(end)s: hold the re-election (换届) now.")
                % {"name": c, "end": c.term_end},
                "danger",
                _url(c),
            )
        ]
    if _months_before(c.term_end, rules.TERM_WARNING_MONTHS) <= day:
        return [
            Advice(
                _("The term of %(name)s ends on %(end)s: prepare the re-election (换届提醒).")
                % {"name": c, "end": c.term_end},
                "warning",
                _url(c),
            )
        ]
    return []


def reviewer_advice(review: Committee, reviewers: list[Any], chair: Any) -> list[Advice]:
    out = []
    for s in reviewers:
        same_person = chair is not None and (
            (s.member_id and s.member_id == chair.member_id) or s.person_name == chair.person_name
        )
        if same_person or s.is_finance_staff:
            out.append(
                Advice(
                    _("%(person)s sits on %(name)s but is the union chair or finance staff: not allowed.")
                    % {"person": s.person_name, "name": review},
                    "warning",
                    _url(review),
                )
            )
    return out


@advice
def committee_checks(orgs: QuerySet, day: dt.date) -> dict[int, list[Advice]]:
    unions = orgs.filter(org_type__in=UNION_TYPES)
    ids = list(unions.values_list("pk", flat=True))
    if not ids:
        return {}
    villages = set(unions.filter(unit_kind="village").values_list("pk", flat=True))
    bodies = current_bodies(ids, day, [k for k in CommitteeKind.values if k != CommitteeKind.LEADING_GROUP])
    seats = current_seats([c.pk for c in bodies.values()], day)
    period = Period.as_of(day)
    members = metric_value("member_count", unions, period)
    women = metric_value("women_member_count", unions, period)
    unapproved = set(
        Election.objects.filter(committee_id__in=[c.pk for c in bodies.values()], approved_on__isnull=True)
        .exclude(committee__elections__approved_on__isnull=False)
        .values_list("committee_id", flat=True)
    )
    out: dict[int, list[Advice]] = {}
    for org in ids:
        items: list[Advice] = []
        union = bodies.get((org, CommitteeKind.UNION))
        if union is None:
            items.append(Advice(_("No union committee is recorded: record it with its members."), "warning"))
        else:
            items += size_advice(union, len(seats.get(union.pk, [])), members.get(org), org in villages)
            if union.pk in unapproved:
                items.append(
                    Advice(
                        _("The election of %(name)s has no approval (批复) of the higher union on record.")
                        % {"name": union},
                        "warning",
                        _url(union),
                    )
                )
        for kind in (CommitteeKind.UNION, CommitteeKind.FUNDS_REVIEW, CommitteeKind.WOMEN):
            body = bodies.get((org, kind))
            if body is not None:
                items += term_advice(body, day)
        if (org, CommitteeKind.FUNDS_REVIEW) not in bodies:
            items.append(
                Advice(
                    _(
                        "No funds review committee (经费审查委员会) is recorded; a union under 25 members "
                        "may have a single funds reviewer."
                    ),
                    "warning",
                )
            )
        else:
            review = bodies[(org, CommitteeKind.FUNDS_REVIEW)]
            chair = head_of(seats.get(union.pk, [])) if union is not None else None
            if chair is not None and chair.position != Position.CHAIR:
                chair = None
            items += reviewer_advice(review, seats.get(review.pk, []), chair)
        count = women.get(org)
        if (
            count is not None
            and count >= rules.WOMEN_COMMITTEE_THRESHOLD
            and (org, CommitteeKind.WOMEN) not in bodies
        ):
            items.append(
                Advice(
                    _(
                        "The union has %(n)s women members: a women workers' committee (女职工委员会) "
                        "is required from %(threshold)s."
                    )
                    % {"n": count, "threshold": rules.WOMEN_COMMITTEE_THRESHOLD},
                    "warning",
                )
            )
        if items:
            out[org] = items
    return out
