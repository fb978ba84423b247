"""Users, role grants and API tokens: one function per use case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import ApiToken, RoleGrant, User, hash_token
from gonghui.accounts.roles import ROLE_PERMS, Perm, Role
from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent

# Permissions a granter may hand to SOMEONE ELSE without holding them: the powers of the people a
# federation appoints (a chair reads ID numbers and hardship files and self-assesses, an inspector
# reviews, a finance officer keeps the books, an auditor audits). Without them nobody but the
# superuser could appoint a union chair. Every other permission a granted role carries (managing
# organizations, granting roles, editing records, the audit log...) the granter must hold on that
# node. What keeps a federation admin from reading ID numbers is that nobody grants themselves,
# nor such a role to an account they created themselves (whose first password they set).
APPOINTABLE: frozenset[str] = frozenset(
    {
        Perm.PERSONAL_DATA,
        Perm.HARDSHIP,
        Perm.ASSESS_SELF,
        Perm.ASSESS_REVIEW,
        Perm.FINANCE_EDIT,
        Perm.AUDIT_EDIT,
    }
)


def _beyond_granter(access: Any, organization: Any, role: str) -> bool:
    """Whether ``role`` carries a permission ``access`` could not hand over on ``organization``."""
    return bool(ROLE_PERMS[role] - access.perms_on(organization) - APPOINTABLE)


def _created_by(user: User, granter: Any) -> bool:
    """Whether ``granter`` created ``user``'s account (and so set its first password).

    Read from the audit log, which ``user_create`` writes in the same transaction as the user.
    """
    return (
        AuditEvent.objects.unscoped("who created the user is recorded whichever union logged it")
        .filter(action="accounts.user.create", object_id=str(user.pk), user=granter)
        .exists()
    )


def _peer_grantor(access: Any, organization: Any, role: str) -> bool:
    """A role that itself grants roles, given at the granter's own level: only a grant above may."""
    return Perm.ORG_GRANT in ROLE_PERMS[role] and not access.can_above(Perm.ORG_GRANT, organization)


def grant_refusals(access: Any, *, user: User, organization: Any, role: str) -> dict[str, list[str]]:
    """Every reason ``access`` may not give ``role`` on ``organization`` to ``user`` ({} if none).

    All reasons at once, by field, so the form shows them together. At most two queries: who
    created the account (only for a role beyond the granter's rights) and whether it is held already.
    """
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if user.pk == access.user.pk:
        refuse("user", _("You cannot grant a role to yourself: ask an administrator above you."))
    if not access.can(Perm.ORG_GRANT, organization):
        refuse("organization", _("You may grant roles only inside the organizations of your own role."))
    elif not organization.is_active:
        refuse("organization", _("%(org)s is dissolved.") % {"org": organization.name})
    if role not in Role.values:
        refuse("role", _("Unknown role."))
    elif access.can(Perm.ORG_GRANT, organization):
        label = Role(role).label
        if _beyond_granter(access, organization, role):
            refuse(
                "role",
                _("%(role)s carries rights you do not hold in %(org)s: you cannot grant it.")
                % {"role": label, "org": organization.name},
            )
        elif (
            user.pk != access.user.pk
            and ROLE_PERMS[role] - access.perms_on(organization)
            and _created_by(user, access.user)
        ):
            # An account one created (its password one set) is as good as oneself: rights beyond
            # one's own go to it only from another granter (four eyes), as they never go to oneself.
            refuse(
                "user",
                _(
                    "You created the account of %(user)s: a role with rights beyond your own must be "
                    "granted to it by another administrator."
                )
                % {"user": user},
            )
        if _peer_grantor(access, organization, role):
            refuse(
                "role",
                _("%(role)s can grant roles itself: it is given only by an administrator above %(org)s.")
                % {"role": label, "org": organization.name},
            )
    if not errors and (
        RoleGrant.objects.unscoped("a duplicate grant is refused whatever the granter sees")
        .filter(user=user, organization=organization, role=role)
        .exists()
    ):
        refuse("user", _("%(user)s already holds this role there.") % {"user": user})
    return errors


def revoke_refusal(access: Any, grant: RoleGrant) -> str:
    """Why ``access`` may not revoke ``grant`` ("" if it may).

    Anyone may give up their own role. Someone else's only a person who could have granted it:
    the right to grant there, no right in it beyond theirs, and a granting role only from above.
    """
    if grant.user_id == access.user.pk:
        return ""
    org = grant.organization
    if not access.can(Perm.ORG_GRANT, org):
        return _("You may revoke roles only inside the organizations of your own role.")
    if grant.role not in ROLE_PERMS:
        return ""  # a role no longer known: any granter there may clear it
    if _beyond_granter(access, org, grant.role) or _peer_grantor(access, org, grant.role):
        return _("You could not grant this role there, so you cannot revoke it: ask an administrator above.")
    return ""


def _refused(access: Any, action: str, organization: Any, detail: dict[str, Any]) -> None:
    """A refused grant or revocation is a security event: audit it, outside any write."""
    audit_log(f"accounts.{action}.refused", user=access.user, organization=organization, detail=detail)


@transaction.atomic
def user_create(*, access: Any, username: str, display_name: str, password: str, phone: str = "") -> User:
    """A new user with no role and no staff or superuser flag: a granter creates no powers here.

    Powers come only from grants, which follow the rules of ``grant_role``; a superuser is made
    on the server (``gonghui createsuperuser``), never through a page or the API.
    """
    if not access.has_anywhere(Perm.ORG_GRANT):
        raise PermissionDenied
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    user = User(username=username, display_name=display_name, phone=phone, is_staff=False, is_superuser=False)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_log("accounts.user.create", user=access.user, obj=user, detail={"username": user.username})
    return user


def grant_role(*, access: Any, user: User, organization: Any, role: str) -> RoleGrant:
    """Give ``user`` the ``role`` on ``organization``'s subtree, by the rules of ``grant_refusals``."""
    detail = {"user": user.username, "role": role}
    errors = grant_refusals(access, user=user, organization=organization, role=role)
    if errors:
        reasons = [m for ms in errors.values() for m in ms]
        _refused(access, "grant", organization, {**detail, "reasons": reasons})
        raise DomainError(errors)
    try:
        with transaction.atomic():
            grant = RoleGrant(user=user, organization=organization, role=role, granted_by=access.user)
            grant._history_user = access.user  # type: ignore[attr-defined]
            grant.save()
            audit_log("accounts.grant", user=access.user, organization=organization, obj=grant, detail=detail)
    except IntegrityError as e:  # the same grant written a moment ago by someone else
        raise DomainError({"user": _("%(user)s already holds this role there.") % {"user": user}}) from e
    return grant


def revoke_role(*, access: Any, grant: RoleGrant) -> None:
    """Take a role back (or give up one's own); the history keeps who revoked it and when."""
    detail = {"user": grant.user.username, "role": grant.role, "own": grant.user_id == access.user.pk}
    reason = revoke_refusal(access, grant)
    if reason:
        _refused(access, "revoke", grant.organization, {**detail, "reasons": [reason]})
        raise DomainError(reason)
    with transaction.atomic():
        audit_log(
            "accounts.revoke", user=access.user, organization=grant.organization, obj=grant, detail=detail
        )
        grant._history_user = access.user  # type: ignore[attr-defined]
        grant.delete()


def token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token valid for ``days`` (default API_TOKEN_DEFAULT_DAYS, at most
    API_TOKEN_MAX_DAYS); the raw key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise DomainError({"name": _("Give the token a name, such as the program that will use it.")})
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(
            {"days": _("A token is valid for 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[3:11],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=days),
        password_tag=ApiToken.tag_for(user),
    )
    return token, raw


def token_revoke(*, user: User, token_id: int) -> None:
    ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
