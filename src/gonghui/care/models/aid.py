"""Aid cases (帮扶救助): application → review → public notice with objections → approval → payment."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm
from gonghui.care.models.common import FundSource, clean_person, money_field
from gonghui.core.opinions import WithOpinions
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive
from gonghui.members.choices import IdType
from gonghui.members.validators import validate_mobile


class AidKind(models.TextChoices):
    HARDSHIP = "hardship", _("Hardship aid")
    SERIOUS_ILLNESS = "serious_illness", _("Serious-illness mutual aid")
    STUDY = "study", _("Golden-autumn study aid")
    WARMTH = "warmth", _("Sending warmth")
    TEMPORARY = "temporary", _("Temporary relief")
    FUNERAL = "funeral", _("Funeral help")


class AidStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("aid status", "Applied")
    IN_NOTICE = "in_notice", pgettext_lazy("aid status", "Public notice")
    APPROVED = "approved", pgettext_lazy("aid status", "Approved")
    PAID = "paid", pgettext_lazy("aid status", "Paid")
    REJECTED = "rejected", pgettext_lazy("aid status", "Rejected")


NON_MEMBER_FIELDS = (
    "non_member_name",
    "non_member_id_type",
    "non_member_id_number",
    "non_member_mobile",
    "non_member_identity",
)


class AidCase(WithOpinions):
    """An application for aid; it carries the opinions of the party organization, the
    administration and the higher union, as the paper form does (``WithOpinions``)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    case_no = models.CharField(
        _("case number"), max_length=30, blank=True, help_text=_("Left empty, a number is given.")
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_cases",
        help_text=_("Leave empty for someone not on the roster, and fill in the non-member's details."),
    )
    # Someone off the roster (a migrant worker, a retired worker of a closed unit): named and
    # identified as a member would be, so that the exclusive-aid rule and the audit still hold.
    non_member_name = models.CharField(_("non-member's name"), max_length=50, blank=True)
    non_member_id_type = models.CharField(
        _("non-member's ID type"), max_length=20, choices=IdType.choices, blank=True
    )
    non_member_id_number = models.CharField(_("non-member's ID number"), max_length=30, blank=True)
    non_member_mobile = models.CharField(
        _("non-member's mobile phone"), max_length=20, blank=True, validators=[validate_mobile]
    )
    non_member_identity = models.CharField(
        _("non-member's identity"), max_length=100, blank=True, help_text=_("E.g. 农民工, 困难退休职工.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AidKind.choices)
    hardship_file = models.ForeignKey(
        "care.HardshipFile",
        verbose_name=_("hardship file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_cases",
    )
    beneficiary = models.CharField(
        _("beneficiary"), max_length=50, blank=True, help_text=_("If not the member: e.g. the child's name.")
    )
    applied_on = models.DateField(_("application date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False, db_index=True)
    amount_requested = money_field(_("amount requested (yuan)"))
    situation = models.TextField(_("reasons and situation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AidStatus.choices, default=AidStatus.APPLIED, editable=False
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_on = models.DateField(_("review date"), null=True, editable=False)
    review_note = models.TextField(_("review opinion"), blank=True, editable=False)
    notice_start = models.DateField(_("public notice from"), null=True, editable=False)
    notice_end = models.DateField(_("public notice until"), null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("aid", "approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_on = models.DateField(pgettext_lazy("aid", "approval date"), null=True, editable=False)
    approved_amount = models.DecimalField(
        _("approved amount (yuan)"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    rejected_on = models.DateField(_("rejection date"), null=True, editable=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)
    # Filled in by the member on the member pages (/m/care/), not typed in by an officer.
    submitted_online = models.BooleanField(_("submitted online"), default=False, editable=False)

    # The household's story and the hardship file behind it are for hardship officers only; a
    # non-member's ID number and phone are masked as a member's are (members.Member).
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "situation": Sensitive(Perm.HARDSHIP, Mask.TEXT),
        "hardship_file": Sensitive(Perm.HARDSHIP, Mask.TEXT),
        "non_member_id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
        "non_member_mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
    }

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aid case")
        verbose_name_plural = _("aid cases")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "case_no"],
                condition=~models.Q(case_no=""),
                name="care_aid_case_no_unique",
                violation_error_message=_("This case number is already used in this union."),
            )
        ]
        indexes = [
            models.Index(fields=["member", "kind", "year"]),
            models.Index(fields=["non_member_id_number", "kind", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.case_no or self.pk} {self.applicant_name} {self.get_kind_display()}"

    @property
    def applicant_name(self) -> str:
        return self.member.name if self.member_id else self.non_member_name

    def clean(self) -> None:
        if self.member_id is not None:
            filled = [f for f in NON_MEMBER_FIELDS if f != "non_member_id_type" and getattr(self, f)]
            if filled:
                raise ValidationError(
                    {f: _("A member is chosen: leave the non-member's details empty.") for f in filled}
                )
            self.non_member_id_type = ""
            return
        self.non_member_id_type = self.non_member_id_type or IdType.RESIDENT
        clean_person(self, "non_member_id_type", "non_member_id_number", "non_member_mobile")
        errors = {}
        if not self.non_member_name.strip():
            errors["member"] = _("Choose the member, or fill in the name and ID number of a non-member.")
        elif not self.non_member_id_number:
            errors["non_member_id_number"] = _("Aid to a non-member needs their ID number.")
        if self.hardship_file_id is not None:
            errors["hardship_file"] = _("A hardship file is a member's: a non-member's case links none.")
        if errors:
            raise ValidationError(errors)


class AidObjection(models.Model):
    """An objection (异议) raised during the public notice period."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    aid_case = models.ForeignKey(
        AidCase, verbose_name=_("aid case"), on_delete=models.PROTECT, related_name="objections"
    )
    raised_on = models.DateField(_("date raised"))
    raised_by = models.CharField(
        _("raised by"), max_length=50, blank=True, help_text=_("May stay anonymous.")
    )
    content = models.TextField(_("objection"))
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolution date"), null=True, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return str(_("Objection of %(date)s") % {"date": self.raised_on})

    def clean(self) -> None:
        errors = {}
        if self.resolved and not self.resolution.strip():
            errors["resolution"] = _("Say how the objection was resolved.")
        if self.resolved and self.resolved_on is None:
            errors["resolved_on"] = _("Enter the resolution date.")
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            errors["resolved_on"] = _("The resolution date lies before the objection.")
        if errors:
            raise ValidationError(errors)


class AidDisbursement(models.Model):
    """One payment of an approved aid; together they never exceed the approved amount."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    aid_case = models.ForeignKey(
        AidCase, verbose_name=_("aid case"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = money_field(_("amount (yuan)"))
    source = models.CharField(_("source of funds"), max_length=20, choices=FundSource.choices)
    paid_on = models.DateField(_("payment date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aid payment")
        verbose_name_plural = _("aid payments")
        indexes = [models.Index(fields=["organization", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.paid_on} ¥{self.amount}"
