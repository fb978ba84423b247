"""Who signs in on the phone: a verified mobile number, and the roster record it is bound to."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.sensitivity import Mask, Sensitive


class MemberAccount(models.Model):
    """A person who signs in on the phone with a one-time code: no password and no roles.

    The account is the verified mobile number. It is bound to a person by the ID number (the
    person's current roster record is found through it on every request, so a transfer to
    another union follows the person); an applicant who is not a member yet has an account
    without one.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_account"
    )
    mobile = models.CharField(_("mobile phone"), max_length=20, unique=True)
    id_number = models.CharField(_("ID number"), max_length=30, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    bound_at = models.DateTimeField(_("bound at"), null=True, blank=True)
    # The photo on the e-member card, uploaded by the member themselves (JPEG, PNG or WebP).
    card_photo = models.FileField(
        _("card photo"), upload_to="portal/card-photos/", blank=True, max_length=200
    )
    card_photo_type = models.CharField(max_length=20, blank=True)

    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
        "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
    }

    class Meta:
        verbose_name = _("member account")
        verbose_name_plural = _("member accounts")

    def __str__(self) -> str:
        return f"{_('member account')} {self.pk}"


class SignInCode(models.Model):
    """A one-time code sent to a mobile number: kept as a keyed hash, expiring, with limited attempts."""

    mobile = models.CharField(_("mobile phone"), max_length=20)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
    }

    class Meta:
        indexes = [models.Index(fields=["mobile", "created_at"], name="portal_code_mobile_idx")]

    def __str__(self) -> str:
        return f"{_('sign-in code')} {self.pk}"
