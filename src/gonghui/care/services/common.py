"""Helpers shared by the care services: saving a record like the generic machinery, lookups."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.accounts.access import get_access
from gonghui.care.models import CareStandard
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Organization


def standard_for(org: Any, year: int) -> CareStandard | None:
    """The local standard that applies to ``org`` in ``year``: the latest year, then the nearest node.

    A standard is set by a locality above the union (the city's 低保线), which the union's
    own scope does not reach: this public figure is read across the scope on purpose.
    """
    step = Organization.steplen
    prefixes = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    return (
        CareStandard.objects.unscoped("localities' public figures, above any scope")
        .filter(organization__path__in=prefixes, year__lte=year)
        .select_related("organization")
        .order_by("-year", "-organization__depth")
        .first()
    )


def require_cents(value: Decimal | None, field: str) -> None:
    """Amounts arriving outside a form: positive, at most two decimals."""
    if value is None:
        raise DomainError({field: _("Enter an amount.")})
    if value <= 0:
        raise DomainError({field: _("The amount must be above zero.")})
    if value != value.quantize(Decimal("0.01")):
        raise DomainError({field: _("Enter an amount with at most two decimals.")})


def can(actor: Any, perm: str, org: Any) -> bool:
    return get_access(actor).can(perm, org)
