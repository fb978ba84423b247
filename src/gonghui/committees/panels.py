"""Detail panels: the checks on a committee's and an election's page, the bodies on a union's page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.committees import advice as checks
from gonghui.committees.models import Committee, CommitteeKind, Election, Position
from gonghui.committees.selectors import (
    bodies,
    current_bodies,
    current_seats,
    head_of,
    metric_value,
    union_committees,
)
from gonghui.core.advice import Advice
from gonghui.core.metrics import Period


def committee_context(request: Any, obj: Committee, access: Any) -> dict[str, Any]:
    day = timezone.localdate()
    seats = current_seats([obj.pk], day).get(obj.pk, [])
    items: list[Advice] = []
    if obj.in_office(day):
        items += checks.term_advice(obj, day)
    elif obj.term_end and obj.term_end < day:
        items.append(Advice(_("The term ended on %(end)s.") % {"end": obj.term_end}, "secondary"))
    org = obj.organization
    if obj.kind == CommitteeKind.UNION:
        members = metric_value("member_count", type(org).objects.filter(pk=org.pk), Period.as_of(day))
        items += checks.size_advice(obj, len(seats), members.get(org.pk), org.unit_kind == "village")
    if obj.kind == CommitteeKind.FUNDS_REVIEW:
        union = union_committees([org.pk], day).get(org.pk)
        chair = head_of(current_seats([union.pk], day).get(union.pk, [])) if union is not None else None
        items += checks.reviewer_advice(
            obj, seats, chair if chair and chair.position == Position.CHAIR else None
        )
    return {
        "committee_summary": {
            "seats": len(seats),
            "full_time": sum(1 for s in seats if s.full_time),
            "part_time": sum(1 for s in seats if not s.full_time),
            "head": head_of(seats),
            "in_office": obj.in_office(day),
        },
        "committee_checks": items,
    }


def election_context(request: Any, obj: Election, access: Any) -> dict[str, Any]:
    candidates = list(obj.candidates.all())
    elected = [c for c in candidates if c.elected]
    items: list[Advice] = []
    if not obj.quorate:
        items.append(
            Advice(
                _(
                    "Only %(present)s of %(eligible)s entitled voters were present, fewer than two "
                    "thirds: the election is void."
                )
                % {"present": obj.present, "eligible": obj.eligible_voters},
                "danger",
            )
        )
    if obj.method == "competitive" and candidates and len(candidates) <= obj.seats:
        items.append(
            Advice(
                _("A competitive election needs more candidates (%(n)s) than seats (%(seats)s).")
                % {"n": len(candidates), "seats": obj.seats},
                "warning",
            )
        )
    if not obj.approved_on:
        items.append(Advice(_("The higher union's approval (批复) is not on record yet."), "warning"))
    return {
        "election_summary": {
            "quorate": obj.quorate,
            "votes_needed": obj.votes_needed,
            "candidates": len(candidates),
            "elected": len(elected),
        },
        "election_checks": items,
    }


def union_panel(request: Any, org: Any, access: Any) -> dict[str, Any] | None:
    """Committees and leading groups on a union's page."""
    if org.org_type == "group" or not access.can(Perm.RECORDS_VIEW, org):
        return None
    day = timezone.localdate()
    # The current body of each kind (earlier terms are history), and every leading group.
    current = current_bodies(
        [org.pk], day, [k for k in CommitteeKind.values if k != CommitteeKind.LEADING_GROUP]
    )
    groups = bodies([org.pk], day, [CommitteeKind.LEADING_GROUP]).order_by("established_on", "pk")
    order = {k: i for i, k in enumerate(CommitteeKind.values)}
    found = sorted(current.values(), key=lambda c: order[c.kind]) + list(groups)
    seats = current_seats([c.pk for c in found], day)
    rows = [
        {"body": c, "seats": len(seats.get(c.pk, [])), "head": head_of(seats.get(c.pk, []))} for c in found
    ]
    return {
        "rows": rows,
        "can_add": access.can(Perm.RECORDS_EDIT, org) and org.is_active,
        "org": org,
    }
