"""Form helpers: Bootstrap widgets and date pickers for every generated form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


def style_widgets(form: forms.BaseForm) -> None:
    for f in form.fields.values():
        w = f.widget
        if isinstance(w, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(w, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


def formfield_for(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.DateTimeField):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
    elif isinstance(field, models.DateField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    elif isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    return field.formfield(**kwargs)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def _post_clean(self) -> None:
        # Whole-record validation (clean(), constraints) runs in the service, inside
        # its transaction, where the organization is known. Here each field's own
        # model validators run, so a person sees every field error at once.
        for name, value in list(self.cleaned_data.items()):
            if value in validators.EMPTY_VALUES:
                continue
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            try:
                field.run_validators(value)
            except ValidationError as e:
                self.add_error(name, e)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def record_form_class(model: type[models.Model], fields: list[str]) -> type[forms.ModelForm]:
    return forms.modelform_factory(
        model, form=StyledModelForm, fields=fields, formfield_callback=formfield_for
    )
