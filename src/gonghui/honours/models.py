"""Honours (荣誉) awarded to a union, to one of its union groups or to a member."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager


class HonourLevel(models.IntegerChoices):
    """The level of the awarding body, ranked: a higher number is a higher honour, so the best
    honour of a union is ``Max("level")``."""

    NATIONAL = 6, _("National level")
    PROVINCIAL = 5, _("Provincial level")
    CITY = 4, _("City level")
    COUNTY = 3, _("County level")
    TOWNSHIP = 2, _("Township level")
    SECTOR = 1, _("Within the system or industry")


class RecipientKind(models.TextChoices):
    UNION = "union", _("The union itself")
    GROUP = "group", _("A union group")
    MEMBER = "member", _("A member")


class Honour(models.Model):
    """One honour: who received it, from whom, at which level, under which document (文号)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("honour"), max_length=150, help_text=_("E.g. 模范职工之家, 工人先锋号."))
    level = models.PositiveSmallIntegerField(_("level"), choices=HonourLevel.choices)
    awarded_by = models.CharField(_("awarded by"), max_length=150)
    awarded_on = models.DateField(_("awarded on"))
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    recipient_kind = models.CharField(
        _("recipient"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.UNION
    )
    group = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("union group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"org_type": "group"},
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_name = models.CharField(
        _("recipient's name"),
        max_length=150,
        blank=True,
        help_text=_("Left empty, the union's, the group's or the member's name is taken."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recipient_kind="group") | Q(group__isnull=False),
                name="honour_group_recipient_named",
                violation_error_message=_("Choose the union group that received the honour."),
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind="member") | Q(member__isnull=False),
                name="honour_member_recipient_named",
                violation_error_message=_("Choose the member who received the honour."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=6),
                name="honour_level_known",
                violation_error_message=_("Choose the level of the honour."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.title}" if self.recipient_name else self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        kind = self.recipient_kind
        if kind == RecipientKind.GROUP:
            if self.group is None:
                errors["group"] = _("Choose the union group that received the honour.")
            elif self.group.org_type != "group" or not self._inside(self.group.path):
                errors["group"] = _("Choose a union group of this union.")
        elif self.group_id:
            errors["group"] = _("A union group is named only when a group received the honour.")
        if kind == RecipientKind.MEMBER:
            if not self.member_id:
                errors["member"] = _("Choose the member who received the honour.")
        elif self.member_id:
            errors["member"] = _("A member is named only when a member received the honour.")
        if not errors and not self.recipient_name.strip():
            self.recipient_name = self._default_recipient_name()
        if errors:
            raise ValidationError(errors)

    def _inside(self, path: str) -> bool:
        return self.organization_id is not None and path.startswith(self.organization.path)

    def _default_recipient_name(self) -> str:
        if self.recipient_kind == RecipientKind.GROUP and self.group is not None:
            return self.group.name
        if self.recipient_kind == RecipientKind.MEMBER and self.member is not None:
            return self.member.name
        return self.organization.name if self.organization_id else ""
