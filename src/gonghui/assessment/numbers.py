"""Numbers as a standard file writes them, and the error a rule raises (shared by the rules,
the measures and the reported fields, which the rules module itself reads)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


class RuleError(ValueError):
    """A rule is wrong; ``key`` names the part of the rule at fault (for the location)."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


def decimal_of(value: Any, key: str) -> Decimal:
    """A number from a file (int, float, "95%", "0.5"), or RuleError naming ``key``."""
    if isinstance(value, bool) or value is None:
        raise RuleError(_("%(key)s must be a number.") % {"key": key}, key)
    text = str(value).strip().rstrip("%").strip()
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise RuleError(
            _("%(key)s must be a number, not “%(value)s”.") % {"key": key, "value": value}, key
        ) from None
    if not d.is_finite():
        raise RuleError(_("%(key)s must be a number.") % {"key": key}, key)
    return d


def num_text(d: Decimal) -> str:
    """A canonical text for a number: 6, 0.5, 95.5 (no exponent, no trailing zeros)."""
    text = format(d.normalize(), "f")
    return text if text != "-0" else "0"
