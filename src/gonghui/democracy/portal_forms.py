"""The representative's proposal form on the member pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import style_widgets
from gonghui.democracy.models import ProposalCategory


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ProposalForm(forms.Form):
    congress = SessionChoice(
        label=_("congress session"),
        queryset=None,  # set per member
        empty_label=None,
        error_messages={
            "required": _("Choose a congress session."),
            "invalid_choice": _("This session is not collecting proposals from you now."),
        },
    )
    title = forms.CharField(
        label=_("proposal title"),
        max_length=200,
        error_messages={"required": _("Give the proposal a title.")},
    )
    category = forms.ChoiceField(
        label=_("category"),
        choices=[("", "—"), *ProposalCategory.choices],
        error_messages={"required": _("Choose a category.")},
    )
    content = forms.CharField(
        label=_("reasons and proposed measures"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Why you propose it, and the measures you propose."),
        error_messages={"required": _("Describe the reasons and the measures you propose.")},
    )

    def __init__(self, *args: Any, sessions: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["congress"]
        field.queryset = sessions  # type: ignore[attr-defined]
        if sessions.count() == 1:
            field.initial = sessions.first()
        style_widgets(self)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise forms.ValidationError(_("The title is too short: say what the proposal is about."))
        return title

    def clean_content(self) -> str:
        content = self.cleaned_data["content"].strip()
        if len(content) < 10:
            raise forms.ValidationError(_("Say a little more: the reasons and the measures you propose."))
        return content
