"""Affairs disclosure (厂务公开 / 局务公开): what was made public, how and when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager


class DisclosureCategory(models.TextChoices):
    MAJOR_DECISION = "major_decision", _("Major decisions (plans, investments, budgets, restructuring)")
    FINANCE = "finance", _("Income and expenditure")
    HOSPITALITY_PHONE = "hospitality_phone", _("Leaders' hospitality and phone costs")
    PROMOTION = "promotion", _("Selection, promotion and appraisal of managers")
    HIRING = "hiring", _("Hiring and employment")
    WAGES = "wages", _("Wages and bonuses")
    WELFARE = "welfare", _("Social insurance and welfare")
    LABOUR_PROTECTION = "labour_protection", _("Labour protection and safety")
    TRAINING = "training", _("Staff training")
    TITLES = "titles", _("Professional titles")
    REWARDS = "rewards", _("Rewards, penalties and dismissals")
    ADMISSIONS = "admissions", _("Party membership and study admissions")
    RETIREMENT = "retirement", _("Retirements")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    CONGRESS = "congress", _("Workers' congress")
    NOTICE_BOARD = "notice_board", _("Notice board")
    INTRANET = "intranet", _("Intranet")
    MEETING = "meeting", _("Staff meeting")
    DOCUMENT = "document", _("Circular or document")
    OTHER = "other", _("Other")


class Disclosure(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.CharField(_("disclosed item"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=DisclosureCategory.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    disclosed_on = models.DateField(_("date"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    congress = models.ForeignKey(
        "democracy.Congress",
        verbose_name=_("congress session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
        help_text=_("When disclosed to a congress session."),
    )
    content = models.TextField(_("content"), blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("affairs disclosures")
        ordering = ["-disclosed_on", "pk"]
        indexes = [models.Index(fields=["organization", "disclosed_on"])]

    def __str__(self) -> str:
        return self.item

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period covered cannot end before it starts.")
        if self.congress_id and self.channel != Channel.CONGRESS:
            errors["channel"] = _("Disclosed to a congress session: choose the workers' congress as channel.")
        if self.congress_id and self.disclosed_on and self.disclosed_on != self.congress.held_on:
            errors["disclosed_on"] = _("Disclosed to the session of %(day)s: use that date.") % {
                "day": self.congress.held_on
            }
        if errors:
            raise ValidationError(errors)
