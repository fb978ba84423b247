"""Democratic evaluation of officers (民主评议干部): the staff rate the union's or the employer's
officers, usually at the workers' congress, as good, fair or poor."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.scope import OrgScopedManager


class OfficerReview(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date of the evaluation"))
    officers = models.CharField(
        _("officers evaluated"),
        max_length=300,
        help_text=_("Names and posts of the officers evaluated, e.g. 张三（厂长）、李四（工会主席）."),
    )
    congress = models.ForeignKey(
        "democracy.Congress",
        verbose_name=_("held at the session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer_reviews",
    )
    participants = models.PositiveIntegerField(pgettext_lazy("officer review", "participants"))
    rated_good = models.PositiveIntegerField(_("rated good"), default=0)
    rated_fair = models.PositiveIntegerField(_("rated fair"), default=0)
    rated_poor = models.PositiveIntegerField(_("rated poor"), default=0)
    note = models.TextField(_("note"), blank=True, help_text=_("Main opinions and how they are followed up."))

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("democratic evaluation of officers")
        verbose_name_plural = _("democratic evaluations of officers")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rated_good__lte=F("participants") - F("rated_fair") - F("rated_poor")),
                name="officer_review_ratings_lte_participants",
                violation_error_message=_("More ratings than participants."),
            )
        ]

    def __str__(self) -> str:
        return _("Evaluation of officers of %(day)s") % {"day": self.held_on}

    @property
    def good_rate(self) -> Decimal | None:
        """Share of the ratings given that are "good" (优秀/满意率), or None without ratings."""
        total = self.rated_good + self.rated_fair + self.rated_poor
        if not total:
            return None
        return (Decimal(self.rated_good) * 100 / total).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def clean(self) -> None:
        counts = (self.rated_good, self.rated_fair, self.rated_poor)
        if self.participants is not None and None not in counts:
            total = sum(c for c in counts if c is not None)
            if total > self.participants:
                raise ValidationError(
                    {
                        "rated_good": _(
                            "The ratings (%(total)s) cannot exceed the %(participants)s participants."
                        )
                        % {"total": total, "participants": self.participants}
                    }
                )
