from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()

BADGES = {
    "not_started": "text-bg-secondary",
    "self_assessing": "text-bg-info",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "under_review": "text-bg-primary",
    "accepted": "text-bg-success",
    "open": "text-bg-warning",
    "in_progress": "text-bg-info",
    "done": "text-bg-success",
    "cancelled": "text-bg-secondary",
}


@register.filter
def status_badge(status: str) -> str:
    return BADGES.get(status, "text-bg-secondary")


@register.filter
def pts(value: Any) -> str:
    """Points as a person writes them: 6, 5.5, 3.33 (no trailing zeros)."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value))
    text = format(d.normalize(), "f")
    return "0" if text == "-0" else text


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def percent_of(part: Any, whole: Any) -> int:
    try:
        return round(100 * float(part) / float(whole)) if whole else 0
    except (TypeError, ValueError):
        return 0
