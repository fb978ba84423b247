"""The draft page's forms: a block's text, a new block, a named version."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import StyledForm
from gonghui.reports.summary.drafts import TEXT_MAX
from gonghui.reports.summary.services import NAME_MAX, TITLE_MAX

KIND_CHOICES = [("p", _("Paragraph")), ("h1", _("Heading")), ("h2", _("Subheading"))]


class BlockTextForm(StyledForm):
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX["p"], widget=forms.Textarea(attrs={"rows": 6, "autofocus": True})
    )


class AddBlockForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, initial="p")
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX["p"], widget=forms.Textarea(attrs={"rows": 4, "autofocus": True})
    )


class SaveVersionForm(StyledForm):
    name = forms.CharField(label=_("Version name"), max_length=NAME_MAX)
    title = forms.CharField(label=_("Summary title"), max_length=TITLE_MAX)
