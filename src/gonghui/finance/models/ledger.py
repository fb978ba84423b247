"""The funds ledger (工会经费账): vouchers with their lines, and budgets per category.

A voucher is drafted, given lines, then posted: posting numbers it per union and year and
freezes it. A posted voucher is never edited or deleted; a mistake is corrected by a
reversing voucher (红字冲销) whose lines carry the negated amounts, so every sum over
posted lines (balances, metrics, reports) nets the pair to zero without special cases.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager
from gonghui.finance.money import YEAR_VALIDATORS, money_field


class Direction(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENDITURE = "expenditure", _("Expenditure")


class Category(models.TextChoices):
    """Income and expenditure categories of the grassroots union accounts (DOMAIN.md)."""

    DUES = "dues", _("Membership dues income")
    ALLOCATED_FUNDS = "allocated_funds", _("Allocated funds income (retained share)")
    HIGHER_SUBSIDY = "higher_subsidy", _("Subsidy from the higher union")
    ADMIN_SUBSIDY = "admin_subsidy", _("Subsidy from the administration")
    OTHER_INCOME = "other_income", _("Other income")
    STAFF_EDUCATION = "staff_education", _("Staff education")
    CULTURE_SPORTS = "culture_sports", pgettext_lazy("ledger", "Culture and sports")
    PUBLICITY = "publicity", pgettext_lazy("ledger", "Publicity")
    RIGHTS_AID = "rights_aid", _("Rights protection: hardship aid")
    RIGHTS_VISITS = "rights_visits", _("Rights protection: visits")
    RIGHTS_OTHER = "rights_other", _("Rights protection: other")
    BUSINESS_TRAINING = "business_training", _("Business: training")
    BUSINESS_MEETINGS = "business_meetings", _("Business: meetings")
    BUSINESS_OFFICE = "business_office", _("Business: office")
    CAPITAL = "capital", _("Capital expenditure")
    OTHER_EXPENDITURE = "other_expenditure", _("Other expenditure")


INCOME_CATEGORIES = (
    Category.DUES,
    Category.ALLOCATED_FUNDS,
    Category.HIGHER_SUBSIDY,
    Category.ADMIN_SUBSIDY,
    Category.OTHER_INCOME,
)
EXPENDITURE_CATEGORIES = tuple(c for c in Category if c not in INCOME_CATEGORIES)


def direction_of(category: str) -> str:
    return Direction.INCOME if category in INCOME_CATEGORIES else Direction.EXPENDITURE


class SpendPurpose(models.TextChoices):
    """What a spend was for, where the province caps it per person and year."""

    FESTIVAL_GIFTS = "festival_gifts", _("Festival gifts")
    BIRTHDAY_GIFTS = "birthday_gifts", _("Birthday gifts")
    CULTURE_CARDS = "culture_cards", _("Cinema tickets and book cards")


class VoucherStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")


class Voucher(models.Model):
    """A bookkeeping voucher (记账凭证)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    description = models.CharField(pgettext_lazy("voucher", "description"), max_length=200)
    # Set by the services: the year of ``date``, the number given at posting (per union
    # and year), the status and the totals of the lines at posting.
    year = models.PositiveSmallIntegerField(_("year"), editable=False, db_index=True)
    number = models.PositiveIntegerField(_("voucher number"), null=True, blank=True, editable=False)
    status = models.CharField(
        pgettext_lazy("finance", "status"),
        max_length=10,
        choices=VoucherStatus.choices,
        default=VoucherStatus.DRAFT,
        editable=False,
    )
    income_total = money_field(_("income total"), signed=True, default=0, editable=False)
    expenditure_total = money_field(_("expenditure total"), signed=True, default=0, editable=False)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses voucher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        editable=False,
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True, editable=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-date", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="finance_voucher_number_per_union_year",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", number__isnull=True)
                | models.Q(status="posted", number__isnull=False),
                name="finance_voucher_posted_has_number",
            ),
        ]
        indexes = [models.Index(fields=["organization", "date"])]

    def __str__(self) -> str:
        if self.number is None:
            return f"{_('Draft')} · {self.description}"
        return f"{self.year}-{self.number:04d} {self.description}"

    @property
    def is_posted(self) -> bool:
        return self.status == VoucherStatus.POSTED

    @property
    def net(self):  # type: ignore[no-untyped-def]
        return self.income_total - self.expenditure_total


class VoucherLine(models.Model):
    """One line of a voucher: a category and an amount (negative only on a reversing voucher)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    voucher = models.ForeignKey(
        Voucher, verbose_name=_("voucher"), on_delete=models.CASCADE, related_name="lines"
    )
    category = models.CharField(pgettext_lazy("ledger", "category"), max_length=30, choices=Category.choices)
    amount = money_field(_("amount (yuan)"), signed=True)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    purpose = models.CharField(
        _("capped purpose"),
        max_length=30,
        choices=SpendPurpose.choices,
        blank=True,
        help_text=_("Only for spends the province caps per person and year, e.g. festival gifts."),
    )
    persons = models.PositiveIntegerField(
        _("persons covered"), null=True, blank=True, help_text=_("Needed with a capped purpose.")
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voucher line")
        verbose_name_plural = _("voucher lines")
        ordering = ["voucher", "pk"]
        indexes = [models.Index(fields=["organization", "category"])]

    def __str__(self) -> str:
        return f"{self.voucher} · {self.get_category_display()} {self.amount}"

    @property
    def direction(self) -> str:
        return direction_of(self.category)


class Budget(models.Model):
    """The budgeted amount of one category for one year (预算)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    category = models.CharField(pgettext_lazy("ledger", "category"), max_length=30, choices=Category.choices)
    amount = money_field(_("budget (yuan)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "category"],
                name="finance_budget_per_category",
                violation_error_message=_("This category already has a budget for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.year} {self.get_category_display()}"
