"""Reads of accounts across unions, for the grants page (and any later endpoint)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import Perm

if TYPE_CHECKING:
    from gonghui.orgs.models import Organization


def grant_orgs(access: Any) -> QuerySet[Organization]:
    """The active organizations where ``access`` may grant roles."""
    return access.orgs_with(Perm.ORG_GRANT).filter(status="active")


def grants_managed(access: Any, q: str = "") -> QuerySet[RoleGrant]:
    """Grants on the organizations where ``access`` grants roles, searched by user name."""
    grants = RoleGrant.objects.filter(access.org_q(Perm.ORG_GRANT, "organization__path"))
    if q:
        grants = grants.filter(Q(user__username__icontains=q) | Q(user__display_name__icontains=q))
    return grants.select_related("user", "organization", "granted_by").order_by(
        "organization__path", "user__username"
    )
