"""Numbers as every page, panel and report shows them; a leaf module (Django only), so that
metrics, display helpers and template filters can all use it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _


def amount_text(value: Any) -> str:
    """A number with two decimals and thousands separators: 12,345.60 (as official tables write
    amounts, in both languages; Django's Chinese format would group by nothing)."""
    return f"{Decimal(str(value)):,.2f}"


def money_text(value: Any) -> str:
    """An amount of money as every page shows it: 12,345.60 元 ("—" when there is none)."""
    if value is None or value == "":
        return "—"
    return _("%(amount)s yuan") % {"amount": amount_text(value)}
