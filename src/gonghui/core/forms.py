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
    formfield = field.formfield(**kwargs)
    if isinstance(formfield, forms.ModelChoiceField):
        formfield.rescope = True  # type: ignore[attr-defined]
    return formfield


def rescope_choices(form: forms.BaseForm) -> None:
    """Take generated choice fields' rows from the current request's scope.

    A form class is built once and cached, and a scoped manager filters a queryset by the
    scope in force when the queryset is made: without this, every later form would offer
    (and accept) the rows of whoever happened to build the class.
    """
    for field in form.fields.values():
        if getattr(field, "rescope", False):
            qs = field.queryset.model._default_manager.all()
            limit = field.get_limit_choices_to()
            field.queryset = qs.complex_filter(limit) if limit else qs


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rescope_choices(self)
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


def limit_choices(
    form: forms.BaseForm, access: Any, org: Any, parent: Any = None, parent_field: str = ""
) -> None:
    """Offer only rows of the record's own union in every choice of another record.

    Choices come from the related type's scoped queryset, narrowed to ``org``'s subtree
    (the record's union; for a new record the parent's or the current organization).
    The service checks the same rule again (``check_references``): this only keeps
    the drop-downs short and relevant.
    """
    from gonghui.core.records import registry
    from gonghui.core.scoping import subtree_q
    from gonghui.orgs.models import Organization

    for name, field in form.fields.items():
        if name == "owner" or not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        if name == parent_field and parent is not None:
            field.queryset = field.queryset.filter(pk=parent.pk)
            continue
        if org is None:
            continue
        if model is Organization:
            field.queryset = field.queryset.filter(subtree_q(org.path))
            continue
        rt = registry.for_model(model)
        if rt is not None:
            field.queryset = rt.queryset(access, within=org)
