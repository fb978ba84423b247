"""What the care record types share: the unions they belong to, masking of restricted fields."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import OrgType

UNION_TYPES = [t for t in OrgType.values if t != OrgType.GROUP]
RESTRICTED = _("(restricted)")


def masked(field: str, perm: str) -> Any:
    """Show ``field`` only to those holding ``perm`` on the record's union (hardship details)."""

    def show(obj: Any, request: Any) -> Any:
        access = getattr(request, "access", None)
        if access is not None and access.can(perm, obj.organization):
            return getattr(obj, field)
        return str(RESTRICTED) if getattr(obj, f"{field}_id", getattr(obj, field, None)) else ""

    return show
