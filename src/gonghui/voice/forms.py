"""The member pages' forms: the questionnaire of an online round and a new suggestion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.voice.models import SatisfactionSurvey, Verdict
from gonghui.voice.services import Answers

OPINION_MAX = 2000


class QuestionnaireForm(forms.Form):
    """One required verdict per question of the round, and an optional opinion."""

    def __init__(self, *args: Any, survey: SatisfactionSurvey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for q in self.questions:
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=Verdict.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Choose an answer.")},
            )
        self.fields["opinion"] = forms.CharField(
            label=_("Your opinions and suggestions (optional)"),
            required=False,
            max_length=OPINION_MAX,
            widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        )

    def answers(self) -> Answers:
        return Answers(
            verdicts={q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions},
            opinion=self.cleaned_data.get("opinion", ""),
        )


class SuggestionForm(forms.Form):
    title = forms.CharField(
        label=_("suggestion title"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Give the suggestion a title.")},
    )
    content = forms.CharField(
        label=_("content"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        error_messages={"required": _("Write what you suggest.")},
    )
