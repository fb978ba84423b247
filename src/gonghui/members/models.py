"""Members (会员花名册): one row per person, moving between unions by transfer, never duplicated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scoping import OrgScopedManager


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident ID card")
    HK_MACAO = "hk_macao", _("Hong Kong / Macao residence permit")
    TAIWAN = "taiwan", _("Taiwan residence permit")
    PASSPORT = "passport", _("Passport")


class EmploymentType(models.TextChoices):
    CONTRACT = "contract", _("Contract employee")
    DISPATCHED = "dispatched", _("Dispatched worker")
    MIGRANT = "migrant", _("Migrant worker")
    FLEXIBLE = "flexible", _("Flexible employment")
    REHIRED = "rehired", _("Re-employed retiree")
    CIVIL_SERVANT = "civil_servant", _("Civil servant / established staff")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Member")
    TRANSFERRING = "transferring", _("Transfer pending")
    RETAINED = "retained", _("Membership retained")
    LEFT = "left", _("Left")
    DECEASED = "deceased", _("Deceased")


# Statuses that count in the roster's member total (kept members count: they are members).
COUNTED_STATUSES = [MemberStatus.ACTIVE, MemberStatus.TRANSFERRING, MemberStatus.RETAINED]


class Member(models.Model):
    """A union member. ``organization`` is the union that holds the membership now."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="members"
    )
    union_group = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("union group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_members",
    )
    name = models.CharField(_("name"), max_length=50)
    # Precomputed for search: full spelling ("zhangsan") and initials ("zs"), lower case.
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_initials = models.CharField(max_length=50, blank=True, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    # Unique across the whole system: a person is a member of one union at a time.
    id_number = models.CharField(_("ID number"), max_length=30, unique=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    education = models.CharField(_("education"), max_length=20, blank=True)
    political_status = models.CharField(_("political status"), max_length=20, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.CONTRACT
    )
    job = models.CharField(_("job"), max_length=60, blank=True)
    join_date = models.DateField(_("join date"), null=True, blank=True)
    card_number = models.CharField(_("member card number"), max_length=30, blank=True, db_index=True)
    model_worker_level = models.CharField(_("model-worker title"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OrgScopedManager()
    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "updated_at"])

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organization", "name", "pk"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "join_date"]),
        ]

    def __str__(self) -> str:
        return self.name
