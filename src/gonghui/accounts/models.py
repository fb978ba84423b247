from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm, Role
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive


class User(AbstractUser):
    """A person who logs in. What they may see comes only from their role grants."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    # An account belongs to no union: only a superuser reads its phone in full.
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {"phone": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE)}

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role held by a user on an organization node and its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="uniq_grant_user_org_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} @ {self.organization}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class ApiToken(models.Model):
    """A bearer token for the REST API; only its hash is stored.

    It works until it expires, is revoked, or its user's password changes: ``password_tag`` is a
    keyed digest of the password hash the user had when the token was made (as Django ties a
    session to the password), so any way of changing the password (page, admin, command) ends
    every token of that user at once, with no signal to forget.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)
    password_tag = models.CharField(max_length=64, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "gh_" + secrets.token_urlsafe(32)

    @staticmethod
    def tag_for(user: Any) -> str:
        return salted_hmac(
            "gonghui.accounts.ApiToken.password", user.password, algorithm="sha256"
        ).hexdigest()

    def refusal(self, now: datetime.datetime | None = None) -> str:
        """Why this token no longer works (a sentence for the caller), or "" while it does."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return gettext("This API token was revoked.")
        if not self.user.is_active:
            return gettext("The API token is not valid.")
        if not constant_time_compare(self.password_tag, self.tag_for(self.user)):
            return gettext("This API token stopped working when the password was changed: create a new one.")
        if self.expires_at <= now:
            return gettext("This API token expired on %(date)s: create a new one on the API tokens page.") % {
                "date": timezone.localdate(self.expires_at).isoformat()
            }
        return ""

    @property
    def status(self) -> str:
        """The token's state for its owner's list."""
        if self.revoked_at is not None:
            return gettext("Revoked")
        if not constant_time_compare(self.password_tag, self.tag_for(self.user)):
            return gettext("Ended by a password change")
        if self.expires_at <= timezone.now():
            return gettext("Expired")
        return gettext("Valid")
