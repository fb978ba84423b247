from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MobileForm(forms.Form):
    mobile = forms.CharField(
        label=_("mobile phone"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "13800000000"}
        ),
    )


class CodeForm(forms.Form):
    mobile = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(
        label=_("verification code"),
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class BindForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class CardPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("photo"),
        help_text=_("A clear photo of your face: JPEG, PNG or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
