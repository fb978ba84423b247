"""The roles granted on an organization, shown on its page (who may act there, and who said so)."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import Perm

REVOKED_SHOWN = 20


def grants_panel(request: Any, org: Any, access: Any) -> dict[str, Any] | None:
    """Grants held on ``org`` itself and its latest revocations.

    Shown to whoever grants roles there or reads its audit log (a union's chair sees who holds
    roles on the union). Revocations come from the grants' kept history (a deleted grant's last row names who
    revoked it and when); each grant and revocation is also in the audit log.
    """
    if not (access.can(Perm.ORG_GRANT, org) or access.can(Perm.AUDIT_LOG, org)):
        return None
    grants = (
        RoleGrant.objects.filter(organization=org)
        .select_related("user", "granted_by")
        .order_by("role", "user__username")
    )
    revoked = (
        RoleGrant.history.filter(organization_id=org.pk, history_type="-")
        .select_related("user", "granted_by", "history_user")
        .order_by("-history_date", "-history_id")[:REVOKED_SHOWN]
    )
    return {
        "org": org,
        "grants": list(grants),
        "revoked": list(revoked),
        "can_grant": access.can(Perm.ORG_GRANT, org) and org.is_active,
    }
