from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core.formats import amount_text, money_text

register = template.Library()


@register.simple_tag(takes_context=True)
def query(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params: QueryDict = context["request"].GET.copy()
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = v
    return "?" + params.urlencode()


@register.filter
def show(value: Any) -> str:
    """A cell as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):  # kept in UTC, read in Beijing time
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i")
    if isinstance(value, dt.date):
        return date_format(value, "Y-m-d")
    if isinstance(value, Decimal | float):
        return amount_text(value)
    return str(value)


@register.filter
def warnings_for(form: Any, name: str) -> list[str]:
    """The warnings a check before commit gave ``form``'s field ``name`` (core/precheck.py)."""
    return list(getattr(form, "warnings", {}).get(name, []))


@register.filter
def money(value: Any) -> str:
    """An amount of money: 12,345.60 元 (``core.formats.money_text``)."""
    return money_text(value)


@register.inclusion_tag("core/_org_trail.html")
def org_trail(org: Any) -> dict[str, Any]:
    # The ancestors the reader may see, root first: treebeard's query, through the scoped manager.
    return {"ancestors": list(type(org).objects.get_ancestors(org)), "org": org}


@register.filter
def type_badge(org_type: str) -> str:
    return {
        "federation": "text-bg-danger",
        "township": "text-bg-warning",
        "grassroots": "text-bg-primary",
        "joint": "text-bg-info",
        "branch": "text-bg-secondary",
        "group": "text-bg-light border",
    }.get(org_type, "text-bg-secondary")


@register.filter
def next_sort(name: str, current: str) -> str:
    """Clicking a column sorts by it, then reverses."""
    return f"-{name}" if current == name else name
