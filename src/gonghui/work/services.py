"""Writes of union work beyond the generic record saves: carrying a plan's open items over."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.services import save_validated
from gonghui.work.models import OPEN_STATUSES, PlanItem, WorkPlan


@dataclass(frozen=True)
class CarryOver:
    plan: WorkPlan  # next year's plan
    created: bool  # made by this run
    copied: int  # items copied by this run


def next_title(plan: WorkPlan) -> str:
    """Next year's title: this one with its year moved on, else a plain one."""
    year, following = str(plan.year), str(plan.year + 1)
    if year in plan.title:
        return plan.title.replace(year, following)
    return _("%(org)s work plan for %(year)s") % {"org": plan.organization.name, "year": following}


def items_to_carry(plan: WorkPlan) -> list[PlanItem]:
    """The plan's open items (not started, in progress) not yet carried into next year's plan."""
    carried = PlanItem.objects.filter(
        plan__organization_id=plan.organization_id, plan__year=plan.year + 1, continues__plan=plan
    ).values("continues")
    return list(plan.items.filter(status__in=OPEN_STATUSES).exclude(pk__in=carried).order_by("due_on", "pk"))


@transaction.atomic
def carry_open_items(plan: WorkPlan, actor: Any) -> CarryOver:
    """Copy ``plan``'s open items into the union's plan for the next year, made if missing.

    Each copy links back to the item it continues (``continues``) and keeps its person, target
    and status; its due date is left for the new year's plan to set. Running it again copies
    nothing twice. The old items stay as they are: that year's plan was not done in full.
    """
    if not get_access(actor).can(Perm.RECORDS_EDIT, plan.organization):
        raise PermissionDenied(_("You do not have the right to do this here."))
    # Locked: two runs at once would each find the items not yet carried.
    plan = WorkPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    following = WorkPlan.objects.filter(organization=plan.organization, year=plan.year + 1).first()
    created = following is None
    if following is None:
        following = WorkPlan(
            organization=plan.organization,
            year=plan.year + 1,
            title=next_title(plan),
            programme=plan.programme,
        )
        save_validated(following, actor=actor)
    items = items_to_carry(plan)
    for item in items:
        copy = PlanItem(
            organization=plan.organization,
            plan=following,
            content=item.content,
            responsible=item.responsible,
            member_id=item.member_id,
            target_metric=item.target_metric,
            target_value=item.target_value,
            status=item.status,
            continues=item,
        )
        save_validated(copy, actor=actor)
    audit_log(
        "work.plan_carried_over",
        user=actor,
        organization=plan.organization,
        obj=following,
        detail={"from_plan": plan.pk, "copied": len(items), "plan_created": created},
    )
    return CarryOver(following, created, len(items))
