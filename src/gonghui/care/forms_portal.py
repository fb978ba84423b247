"""Forms of the member pages: an application for aid and an insurance claim, with photos."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from gonghui.care.services.online import check_photos

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"
TEXT = {"class": "form-control"}


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """One to six files from the phone's camera roll; each is checked by the service."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", PhotosInput(attrs={"class": "form-control", "accept": ACCEPT, "multiple": True})
        )
        kwargs.setdefault("label", _("Photos of your documents"))
        kwargs.setdefault(
            "help_text",
            _("1 to 6 photos or PDF files: ID card, certificates, invoices, school notice."),
        )
        kwargs.setdefault("error_messages", {"required": _("Add at least one photo of your documents.")})
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return [single(None, initial)]  # raises "required"
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class WithPhotos(forms.Form):
    """Checks the photos with the other fields, so that every error shows at once (the service
    checks them again before it writes)."""

    def clean_photos(self) -> list[Any]:
        photos = self.cleaned_data["photos"]
        try:
            check_photos(photos)
        except ValidationError as e:
            raise forms.ValidationError(e.message_dict["photos"]) from None
        return photos


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=_("The amount must be above zero."))],
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "decimal", "step": "0.01", "min": "0"}),
    )


class AidApplicationForm(WithPhotos):
    situation = forms.CharField(
        label=_("Your situation and why you apply"),
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 5}),
    )
    amount_requested = _amount(_("Amount asked for (yuan)"))
    beneficiary = forms.CharField(
        label=_("For whom, if not yourself"),
        required=False,
        max_length=50,
        help_text=_("E.g. the name of your child at school."),
        widget=forms.TextInput(attrs=TEXT),
    )
    photos = PhotosField()


class ClaimForm(WithPhotos):
    enrollment = forms.ChoiceField(label=_("Plan"), widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(
        label=_("Illness or treatment"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    amount_claimed = _amount(_("Amount claimed (yuan)"))
    photos = PhotosField()

    def __init__(self, *args: Any, enrollments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrollments = {str(e.pk): e for e in enrollments}
        self.fields["enrollment"].choices = [
            (k, f"{e.plan.year} {e.plan.name}") for k, e in self.enrollments.items()
        ]

    def clean_enrollment(self) -> Any:
        return self.enrollments[self.cleaned_data["enrollment"]]
