"""Visits (慰问), the union's charitable donations (捐款捐物) and the migrant-worker survey (摸底调查)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm
from gonghui.care.models.common import CodeListField, FundSource, clean_person, money_field
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive
from gonghui.members.choices import IdType
from gonghui.members.validators import validate_mobile


class Occasion(models.TextChoices):
    """Why the visit happens: the festival or season, or the event in a worker's life."""

    NEW_YEAR = "new_year", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    SUMMER_COOLING = "summer_cooling", _("Summer cooling")
    HOSPITAL = "hospital", _("Hospital stay")
    BEREAVEMENT = "bereavement", _("Bereavement")
    BIRTH = "birth", _("Birth of a child")
    RETIREMENT = "retirement", pgettext_lazy("visit", "Retirement")
    ROUTINE = "routine", _("Regular visit")
    OTHER = "other", _("Other")


FESTIVAL_OCCASIONS = [Occasion.NEW_YEAR, Occasion.SPRING_FESTIVAL]


class TargetGroup(models.TextChoices):
    """Whom the visit goes to."""

    FRONTLINE = "frontline", _("Frontline workers")
    RETIREES = "retirees", _("Retirees")
    LONG_TERM_SICK = "long_term_sick", _("Long-term sick")
    HARDSHIP = "hardship", _("Families in hardship")
    PATIENTS = "patients", _("Workers in hospital")
    BEREAVED = "bereaved", _("Bereaved families")
    MODEL_WORKERS = "model_workers", _("Model workers")
    MIGRANT = "migrant", _("Migrant workers")
    ALL_STAFF = "all_staff", _("All staff")
    OTHER = "other", _("Other")


class Visit(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    occasion = models.CharField(pgettext_lazy("visit", "occasion"), max_length=20, choices=Occasion.choices)
    # Several groups at once (一线职工、农民工): a code list; a single code is a list of one.
    target_group = CodeListField(_("visited"), options=TargetGroup)
    visited_on = models.DateField(_("date"))
    leaders = models.CharField(
        _("party and administration leaders"),
        max_length=300,
        blank=True,
        help_text=_("Names and posts, e.g. 党委书记李华、局长张强."),
    )
    union_officers = models.CharField(_("union officers"), max_length=300, blank=True)
    recipients = models.ManyToManyField(
        "members.Member", verbose_name=_("members visited"), blank=True, related_name="visits"
    )
    recipient_names = models.TextField(
        _("others visited"), blank=True, help_text=_("Names of people not on the roster, separated by 、")
    )
    recipient_count = models.PositiveIntegerField(
        _("people visited"), null=True, blank=True, help_text=_("Left empty, the names above are counted.")
    )
    cash_amount = money_field(_("cash (yuan)"), default=0)
    goods_value = money_field(_("value of goods (yuan)"), default=0)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    source = models.CharField(
        _("source of funds"), max_length=20, choices=FundSource.choices, default=FundSource.UNION
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["organization", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.title}"

    def get_target_group_display(self) -> str:
        return self._meta.get_field("target_group").labels(self.target_group)  # type: ignore[attr-defined]

    def clean(self) -> None:
        if not (self.leaders.strip() or self.union_officers.strip()):
            raise ValidationError({"union_officers": _("Name who made the visit.")})


class VisitRecipient(models.Model):
    """A person visited who is not on the roster (a migrant worker, a retired worker of a closed
    unit): named, identified and paid like a member, with the ID and phone masked like a member's."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="non_member_recipients"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[validate_mobile])
    identity = models.CharField(
        _("identity or reason"), max_length=100, blank=True, help_text=_("E.g. 农民工, 困难退休职工.")
    )
    amount = money_field(_("amount (yuan)"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    # The same masks and right as a member's ID number and phone (members.Member).
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
        "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
    }

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("non-member visited")
        verbose_name_plural = _("non-members visited")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        clean_person(self, "id_type", "id_number", "mobile")


class Donation(models.Model):
    """The union's own charity: money and goods given to a cause (抗旱保春耕, 关爱贫困老党员)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("cause"), max_length=100)
    donated_on = models.DateField(_("date"))
    recipient = models.CharField(_("given to"), max_length=100, blank=True)
    cash_amount = money_field(_("cash (yuan)"), default=0)
    goods_value = money_field(_("value of goods (yuan)"), default=0)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    donors = models.PositiveIntegerField(_("people who gave"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("charitable donation")
        verbose_name_plural = _("charitable donations")

    def __str__(self) -> str:
        return f"{self.donated_on} {self.title}"

    def clean(self) -> None:
        if not (self.cash_amount or self.goods_value):
            raise ValidationError({"cash_amount": _("Enter the cash or the value of the goods given.")})


class MigrantSurvey(models.Model):
    """A survey of the migrant workers of the union's area (农民工摸底调查): counts, not persons."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    surveyed_on = models.DateField(_("completed on"))
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    workers_surveyed = models.PositiveIntegerField(_("workers surveyed"))
    migrant_workers = models.PositiveIntegerField(_("of whom migrant workers"))
    migrant_members = models.PositiveIntegerField(_("migrant workers who are members"), default=0)
    in_hardship = models.PositiveIntegerField(_("migrant workers in hardship"), default=0)
    needs = models.TextField(_("main needs found"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("migrant-worker survey")
        verbose_name_plural = _("migrant-worker surveys")

    def __str__(self) -> str:
        return f"{self.surveyed_on} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.migrant_workers is not None and self.workers_surveyed is not None:
            if self.migrant_workers > self.workers_surveyed:
                errors["migrant_workers"] = _("More migrant workers than workers surveyed.")
            elif (self.migrant_members or 0) > self.migrant_workers:
                errors["migrant_members"] = _("More migrant members than migrant workers.")
            elif (self.in_hardship or 0) > self.migrant_workers:
                errors["in_hardship"] = _("More migrant workers in hardship than migrant workers.")
        if errors:
            raise ValidationError(errors)
