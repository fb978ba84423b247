"""Writes to the organization tree. Each function is one use case, one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.core.errors import DomainError
from gonghui.core.records import delete_or_explain
from gonghui.core.scope import unscoped
from gonghui.orgs.models import ALLOWED_PARENTS, Organization, OrgStatus, OrgType

# Fields a person edits; tree position and status change only through their own use cases.
EDITABLE_FIELDS = [
    "code",
    "name",
    "short_name",
    "org_type",
    "unit_kind",
    "joint_kind",
    "address",
    "contact_person",
    "contact_phone",
    "founded_on",
    "legal_person_cert_no",
    "legal_person_registered_on",
]

# Facts that decide which campaigns, statistics and rules cover an organization (a campaign
# covers the unions of its subtree by type): they change only through a grant strictly above
# the organization, never by its own chair. Its position (the parent) changes only by org_move.
COVERAGE_FIELDS = ("org_type", "unit_kind", "code")


def coverage_locked(access: Any, org: Organization) -> list[str]:
    """The coverage fields ``access`` may not change on ``org`` (all of them without a grant above)."""
    return [] if access.can_above(Perm.ORG_MANAGE, org) else list(COVERAGE_FIELDS)


def parent_of(org: Organization) -> Organization | None:
    """The parent node, read past the scope (a union chair's parent is a federation)."""
    if org.parent_path is None:
        return None
    return Organization.objects.unscoped("a union chair's parent is a federation").get(path=org.parent_path)


def check_placement(org_type: str, parent: Organization | None) -> None:
    """Refuse a type under a parent the hierarchy does not allow."""
    parent_type = parent.org_type if parent is not None else None
    if parent_type not in ALLOWED_PARENTS[org_type]:
        label = OrgType(org_type).label
        if parent is None:
            raise DomainError(
                {"org_type": _("A %(type)s must sit under a parent organization.") % {"type": label}}
            )
        raise DomainError(
            {
                "org_type": _("A %(type)s cannot sit under %(parent)s (%(parent_type)s).")
                % {"type": label, "parent": parent.name, "parent_type": parent.get_org_type_display()}
            }
        )
    if parent is not None and not parent.is_active:
        raise DomainError(
            _("%(parent)s is dissolved: it cannot receive organizations.") % {"parent": parent.name}
        )


def _check_code_unique(code: str, exclude_pk: int | None = None) -> None:
    qs = Organization.objects.unscoped("a code is unique in the whole tree").filter(code__iexact=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError(
            {"code": _("The code %(code)s is already used by another organization.") % {"code": code}}
        )


def _fresh(org: Organization) -> Organization:
    """Re-read tree fields: a caller's copy may predate other moves (paths and counts change)."""
    return Organization.objects.unscoped("tree upkeep re-reads the node it was given").get(pk=org.pk)


def _clean(org: Organization) -> None:
    org.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)


@transaction.atomic
def org_create(*, parent: Organization | None, data: dict[str, Any]) -> Organization:
    """Create an organization under ``parent`` (None: a new root federation)."""
    org = Organization(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    _clean(org)
    _check_code_unique(org.code)
    check_placement(org.org_type, parent)
    with unscoped("tree upkeep touches the parent above the scope"):
        if parent is None:
            return Organization.objects.add_root(instance=org)
        parent = Organization.objects.get(pk=parent.pk)
        return Organization.objects.add_child(parent, instance=org)


@transaction.atomic
def org_update(*, access: Any, org: Organization, data: dict[str, Any]) -> Organization:
    """Edit an organization's own facts; type, unit kind and code only from above, in the tree rules."""
    changed = [k for k in EDITABLE_FIELDS if k in data and getattr(org, k) != data[k]]
    if not changed:
        return org
    locked = set(coverage_locked(access, org))
    errors: dict[str, Any] = {
        k: _("Only an administrator above %(org)s may change its type, unit kind or code.")
        % {"org": org.name}
        for k in changed
        if k in locked
    }
    for k in changed:
        setattr(org, k, data[k])
    try:
        _clean(org)
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    if errors:
        raise DomainError(errors)
    if "code" in changed:
        _check_code_unique(org.code, exclude_pk=org.pk)
    if "org_type" in changed:
        check_placement(org.org_type, parent_of(org))
        with unscoped("tree upkeep checks every child"):
            children = Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1)
            for child in children:
                if org.org_type not in ALLOWED_PARENTS[child.org_type]:
                    raise DomainError(
                        {
                            "org_type": _("%(child)s (%(child_type)s) could no longer sit under this type.")
                            % {"child": child.name, "child_type": child.get_org_type_display()}
                        }
                    )
    org.save(update_fields=changed)
    return org


@transaction.atomic
def org_move(*, access: Any, org: Organization, new_parent: Organization) -> Organization:
    """Move ``org`` with its whole subtree under ``new_parent``.

    Only through a grant above ``org`` (its chair cannot move it), into a node one manages.
    """
    if not (access.can_above(Perm.ORG_MANAGE, org) and access.can(Perm.ORG_MANAGE, new_parent)):
        raise PermissionDenied(_("You do not have the right to do this here."))
    org, new_parent = _fresh(org), _fresh(new_parent)
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise DomainError(
            {"new_parent": _("An organization cannot move under itself or one of its own units.")}
        )
    check_placement(org.org_type, new_parent)
    if new_parent.path == org.parent_path:
        return org
    with unscoped("tree upkeep moves a node to a new parent"):
        node = Organization.objects.get(pk=org.pk)
        target = Organization.objects.get(pk=new_parent.pk)
        Organization.objects.move(node, target, "last-child")
        node.refresh_from_db()
        # move() rewrites paths with a queryset update; record the move in the history.
        node.save(update_fields=["path"])
    return node


def _require_above(access: Any, org: Organization) -> None:
    if not access.can_above(Perm.ORG_MANAGE, org):
        raise PermissionDenied(_("You do not have the right to do this here."))


@transaction.atomic
def org_dissolve(*, access: Any, org: Organization, on: date, reason: str = "") -> Organization:
    """Dissolve an organization and every unit under it (members keep their membership).

    Only through a grant above ``org``: a union does not dissolve itself.
    """
    _require_above(access, org)
    org = _fresh(org)
    if not org.is_active:
        raise DomainError(_("%(org)s is already dissolved.") % {"org": org.name})
    if org.founded_on and on < org.founded_on:
        raise DomainError({"on": _("The dissolution date cannot be before the founding date.")})
    with unscoped("tree upkeep dissolves the whole subtree"):
        subtree = Organization.objects.filter(path__startswith=org.path, status=OrgStatus.ACTIVE)
        for node in subtree:  # one save each so the history records every node
            node.status = OrgStatus.DISSOLVED
            node.dissolved_on = on
            node.dissolved_reason = reason
            node.save(update_fields=["status", "dissolved_on", "dissolved_reason"])
    org.refresh_from_db()
    return org


@transaction.atomic
def org_reactivate(*, access: Any, org: Organization) -> Organization:
    """Undo a dissolution of this node (its parent must be active), through a grant above it."""
    _require_above(access, org)
    if org.is_active:
        return org
    parent = parent_of(org)
    if parent is not None and not parent.is_active:
        raise DomainError(_("Reactivate %(parent)s first.") % {"parent": parent.name})
    org.status = OrgStatus.ACTIVE
    org.dissolved_on = None
    org.dissolved_reason = ""
    org.save(update_fields=["status", "dissolved_on", "dissolved_reason"])
    return org


@transaction.atomic
def org_delete(*, org: Organization) -> None:
    """Delete an organization entered by mistake; one that holds anything is refused."""
    org = _fresh(org)
    if org.numchild:
        raise DomainError(
            _("%(org)s has %(n)d units under it: move or delete them first, or dissolve it instead.")
            % {"org": org.name, "n": org.numchild}
        )
    with unscoped("tree upkeep finds every reference to the node"):
        delete_or_explain(org)
