"""What a user may see and do: built once per request from the role grants."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import ROLE_PERMS, GrantInfo
from gonghui.core.scope import subtree_q
from gonghui.orgs.models import Organization, OrgType


class Access:
    """The role grants of one user, answering scope and permission questions."""

    def __init__(self, user: Any, grants: list[GrantInfo]) -> None:
        self.user = user
        self.grants = grants
        self.is_superuser = bool(getattr(user, "is_superuser", False) and user.is_active)

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    def _paths(self, perm: str | None = None) -> list[str]:
        paths = sorted({g.path for g in self.grants if perm is None or perm in g.perms})
        # Drop paths inside another granted subtree: the OR stays short.
        kept: list[str] = []
        for p in paths:
            if not kept or not p.startswith(kept[-1]):
                kept.append(p)
        return kept

    def org_q(self, perm: str | None = None, field: str = "path") -> Q:
        """Q over organizations where the user holds ``perm`` (any grant if None)."""
        if self.is_superuser:
            return Q()
        paths = self._paths(perm)
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for p in paths:
            q |= subtree_q(p, field)
        return q

    def group_ids(self, perm: str | None = None) -> list[int]:
        """The granted union groups (with ``perm``) that no wider grant covers.

        A group's members belong to the union above it and only point at the group: these
        ids reach them (``core.scope.GROUPS``, ``group_q``). Empty for nearly everyone, so
        everyone else's queries keep their plain filter. No query: the grants are loaded.
        """
        if self.is_superuser:
            return []
        wider = self._paths(perm)
        return sorted(
            g.organization_id
            for g in self.grants
            if g.is_group and (perm is None or perm in g.perms) and g.path in wider
        )

    def visible_orgs(self) -> QuerySet[Organization]:
        """All organizations the user may read: the ambient request scope."""
        base = Organization.objects.unscoped("the scope itself is built from these organizations")
        if not self.is_authenticated:
            return base.none()
        return base.filter(self.org_q()).values("pk")

    def orgs_with(self, perm: str) -> QuerySet[Organization]:
        return Organization.objects.filter(self.org_q(perm))

    def perms_on(self, org: Organization) -> frozenset[str]:
        if self.is_superuser:
            return frozenset().union(*ROLE_PERMS.values())
        found: set[str] = set()
        for g in self.grants:
            if org.path.startswith(g.path):
                found |= g.perms
        return frozenset(found)

    def has_anywhere(self, perm: str) -> bool:
        """Whether any grant carries ``perm`` (to show a menu entry)."""
        return self.is_superuser or any(perm in g.perms for g in self.grants)

    def can(self, perm: str, org: Organization) -> bool:
        return perm in self.perms_on(org)

    def can_above(self, perm: str, org: Organization) -> bool:
        """Perm held through a grant strictly above ``org`` (to move or dissolve it)."""
        if self.is_superuser:
            return True
        return any(
            org.path.startswith(g.path) and g.path != org.path and perm in g.perms for g in self.grants
        )

    @cached_property
    def home_org_ids(self) -> list[int]:
        """The granted nodes themselves, shallowest first: where a user starts."""
        return [g.organization_id for g in sorted(self.grants, key=lambda g: (len(g.path), g.path))]


def load_grants(user: Any) -> list[GrantInfo]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    rows = (
        RoleGrant.objects.unscoped("a user's grants are read before any scope exists")
        .filter(user=user, organization__status="active")
        .values_list("organization_id", "organization__path", "role", "organization__org_type")
    )
    return [GrantInfo(org_id, path, role, org_type == OrgType.GROUP) for org_id, path, role, org_type in rows]


def get_access(user: Any) -> Access:
    """The Access of ``user``, cached on the user object for the request."""
    cached = getattr(user, "_gonghui_access", None)
    if cached is not None:
        return cached
    access = Access(user, load_grants(user))
    user._gonghui_access = access
    return access
