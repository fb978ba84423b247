"""Thresholds of DOMAIN.md that the advisory checks use (defaults; scoring uses the standards' own data)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

DEFAULTS = {
    # Rationalization suggestions: standards ask an adoption rate of at least 70%.
    "suggestion_adoption_min": Decimal("70"),
    # Members' evaluation of the union (会员评家): standards ask 80–85% satisfied.
    "satisfaction_min": Decimal("80"),
    # Activists (积极分子): at least 25% of staff.
    "activist_share_min": Decimal("25"),
}


def threshold(name: str) -> Decimal:
    """The deployment's value (settings.GONGHUI_THRESHOLDS) or the DOMAIN.md default."""
    return Decimal(str(getattr(settings, "GONGHUI_THRESHOLDS", {}).get(name, DEFAULTS[name])))
