"""Users, role grants and API tokens: one function per use case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import ApiToken, RoleGrant, User, hash_token
from gonghui.accounts.roles import Perm, Role
from gonghui.core.errors import DomainError
from gonghui.core.records import require


@transaction.atomic
def user_create(*, access: Any, username: str, display_name: str, password: str, phone: str = "") -> User:
    if not access.has_anywhere(Perm.ORG_GRANT):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    user = User(username=username, display_name=display_name, phone=phone)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def grant_role(*, access: Any, user: User, organization: Any, role: str) -> RoleGrant:
    require(access, Perm.ORG_GRANT, organization)
    if role not in Role.values:
        raise DomainError({"role": _("Unknown role.")})
    if not organization.is_active:
        raise DomainError({"organization": _("%(org)s is dissolved.") % {"org": organization.name}})
    grant, created = RoleGrant.objects.with_scopes_disabled().get_or_create(
        user=user, organization=organization, role=role, defaults={"granted_by": access.user}
    )
    if not created:
        raise DomainError(_("%(user)s already holds this role there.") % {"user": user})
    return grant


@transaction.atomic
def revoke_role(*, access: Any, grant: RoleGrant) -> None:
    require(access, Perm.ORG_GRANT, grant.organization)
    if grant.user_id == access.user.pk:
        raise DomainError(_("You cannot revoke your own role; ask an administrator above you."))
    grant._history_user = access.user  # type: ignore[attr-defined]
    grant.delete()


def token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token valid for ``days`` (default API_TOKEN_DEFAULT_DAYS, at most
    API_TOKEN_MAX_DAYS); the raw key is returned once and never stored."""
    from django.conf import settings

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
