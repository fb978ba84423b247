"""Reads of union work: what a plan item's page shows beside its fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gonghui.core.metrics import Kind, Period, compute, registry
from gonghui.orgs.models import Organization
from gonghui.work.models import PlanItem


def _plain(value: Decimal) -> str:
    """A target as typed: 6 rather than 6.00, 95.5 rather than 95.50."""
    return format(value.normalize(), "f")


def target_progress(item: PlanItem) -> dict[str, Any] | None:
    """The item's target beside the metric's value now, for its union and its plan's year; None
    without a target. One union, one metric: fit for a detail page, not for a list."""
    if not item.target_metric or item.target_value is None or item.target_metric not in registry:
        return None
    m = registry.get(item.target_metric)
    orgs = Organization.objects.filter(pk=item.organization_id)
    value = compute(orgs, Period.year(item.plan.year), [m.name])[m.name].get(item.organization_id)
    target = item.target_value
    if m.kind == Kind.BOOL:
        met = bool(value) == bool(target)
        target_text = m.format(bool(target))
    else:
        met = value is not None and Decimal(value) >= target
        target_text = f"{_plain(target)}%" if m.kind == Kind.RATE else _plain(target)
    return {
        "label": m.label,
        "year": item.plan.year,
        "value": m.format(value),
        "target": target_text,
        "met": met,
    }


def plan_item_context(request: Any, item: PlanItem, access: Any) -> dict[str, Any]:
    return {
        "target_progress": target_progress(item),
        "continued_by": list(item.continued_by.select_related("plan").order_by("plan__year", "pk")),
    }
