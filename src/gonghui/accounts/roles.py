"""Roles of BRIEF.md as sets of permissions.

A role is granted on an organization node and reaches its whole subtree. Views
and endpoints declare the permission they need; nothing checks role names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Perm:
    ORG_VIEW = "org.view"
    ORG_MANAGE = "org.manage"  # create, edit, move, dissolve organizations
    ORG_GRANT = "org.grant"  # grant and revoke roles
    RECORDS_VIEW = "records.view"
    RECORDS_EDIT = "records.edit"
    MEMBERS_VIEW = "members.view"
    MEMBERS_EDIT = "members.edit"
    PERSONAL_DATA = "members.personal"  # unmasked ID numbers and phones
    HARDSHIP = "care.hardship"  # hardship files
    FINANCE_VIEW = "finance.view"
    FINANCE_EDIT = "finance.edit"
    AUDIT_EDIT = "audit.edit"
    ASSESS_VIEW = "assessment.view"
    ASSESS_SELF = "assessment.self"
    ASSESS_REVIEW = "assessment.review"
    CAMPAIGN_MANAGE = "assessment.campaign"
    AUDIT_LOG = "audit.log"  # read the audit log


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Federation admin")
    INSPECTOR = "inspector", _("Inspector")
    CHAIR = "chair", _("Union chair / officer")
    FINANCE = "finance", _("Finance officer")
    AUDITOR = "auditor", _("Auditor")
    GROUP_LEADER = "group_leader", _("Group leader")
    VIEWER = "viewer", _("Viewer")


_READ = {Perm.ORG_VIEW, Perm.RECORDS_VIEW, Perm.MEMBERS_VIEW, Perm.FINANCE_VIEW, Perm.ASSESS_VIEW}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.FEDERATION_ADMIN: frozenset(
        _READ
        | {
            Perm.ORG_MANAGE,
            Perm.ORG_GRANT,
            Perm.RECORDS_EDIT,
            Perm.MEMBERS_EDIT,
            Perm.CAMPAIGN_MANAGE,
            Perm.AUDIT_LOG,
        }
    ),
    Role.INSPECTOR: frozenset(_READ | {Perm.ASSESS_REVIEW}),
    Role.CHAIR: frozenset(
        _READ
        | {
            Perm.ORG_MANAGE,
            Perm.RECORDS_EDIT,
            Perm.MEMBERS_EDIT,
            Perm.PERSONAL_DATA,
            Perm.HARDSHIP,
            Perm.ASSESS_SELF,
            Perm.AUDIT_LOG,
        }
    ),
    Role.FINANCE: frozenset(_READ | {Perm.FINANCE_EDIT}),
    Role.AUDITOR: frozenset(_READ | {Perm.AUDIT_EDIT}),
    Role.GROUP_LEADER: frozenset(
        {Perm.ORG_VIEW, Perm.RECORDS_VIEW, Perm.RECORDS_EDIT, Perm.MEMBERS_VIEW, Perm.MEMBERS_EDIT}
    ),
    Role.VIEWER: frozenset(_READ),
}


@dataclass(frozen=True)
class GrantInfo:
    """A role grant as the access check sees it (no ORM objects kept)."""

    organization_id: int
    path: str
    role: str
    # A grant on a union group: it reaches the members pointing at the group (core.scope.GROUPS).
    is_group: bool = False

    @property
    def perms(self) -> frozenset[str]:
        return ROLE_PERMS.get(self.role, frozenset())
