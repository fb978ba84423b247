"""Forms of the workflow steps (review, decision, exit, enrolment); the services check the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import StyledForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> object:
    return timezone.localdate()


class ReviewForm(StyledForm):
    PASS, REJECT = "pass", "reject"
    decision = forms.ChoiceField(
        label=_("Review result"),
        choices=[(PASS, _("Passed: publish for public notice")), (REJECT, _("Not passed: reject"))],
    )
    on = forms.DateField(label=_("Review date"), widget=DATE, initial=_today)
    review_note = forms.CharField(
        label=_("Review opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notice_start = forms.DateField(label=_("Public notice from"), required=False, widget=DATE)
    notice_end = forms.DateField(label=_("Public notice until"), required=False, widget=DATE)
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(StyledForm):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, pgettext_lazy("aid step", "Approve")),
            (REJECT, pgettext_lazy("aid step", "Reject")),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    approved_amount = forms.DecimalField(
        label=_("Approved amount (yuan)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=_("The amount must be above zero."))],
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExitForm(StyledForm):
    on = forms.DateField(label=_("Exit date"), widget=DATE, initial=_today)
    exit_reason = forms.CharField(label=_("Exit reason"), max_length=200)


class EnrolForm(StyledForm):
    on = forms.DateField(label=_("Enrolment date"), widget=DATE, initial=_today)
