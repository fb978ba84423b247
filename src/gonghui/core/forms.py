"""Form helpers: Bootstrap widgets and date pickers for every generated form; sensitive fields
a reader may not see shown masked and kept as stored (``protect_sensitive``); each record
type's form and filter classes, generated once (``form_class``, ``filterset_class``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import filterset_factory

from gonghui.core.audit import audit_reveal
from gonghui.core.bounds import bound_filters
from gonghui.core.precheck import CONFIRM_FIELD, Warnings, digest
from gonghui.core.records import RecordType, registry
from gonghui.core.scope import org_model, subtree_q
from gonghui.core.sensitivity import Viewer, mask, policy_of, revealed_fields


@dataclass(frozen=True)
class Picker:
    """How every form picks rows of one model (the roster's members): a searching widget
    instead of a drop-down of all of them, and the refusal of a row outside the form's choices.

    ``widget(multiple)`` makes the widget; a widget with ``configure(access=, org=)`` is told
    by ``limit_choices`` whose form it serves and for which union (its search is scoped to it).
    """

    widget: Callable[[bool], forms.Widget]
    invalid_choice: Any


# Filled by the apps from AppConfig.ready (core imports no app): model label → its picker.
_pickers: dict[str, Picker] = {}


def register_picker(model_label: str, picker: Picker) -> None:
    _pickers[model_label] = picker


def picker_for(model: Any) -> Picker | None:
    return _pickers.get(model._meta.label) if model is not None else None


class ChoiceCheckboxes(forms.CheckboxSelectMultiple):
    """A few fixed choices, several allowed: a wrapping row of checkboxes (a phone's thumb can
    tick them), never a Ctrl-click list."""

    styled = True

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "choice-checks", **(attrs or {})}, choices)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"] = {**option["attrs"], "class": "form-check-input"}
        return option


def style_widgets(form: forms.BaseForm) -> None:
    for f in form.fields.values():
        w = f.widget
        if getattr(w, "styled", False):  # a widget that styles itself (a picker)
            continue
        if isinstance(w, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(w, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


def label_empty_choices(form: forms.BaseForm) -> None:
    """A filter's "any value" choice reads 全部 (All), not Django's "---------" or "Unknown"."""
    for f in form.fields.values():
        if isinstance(f.widget, forms.NullBooleanSelect):
            f.widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
        elif getattr(f, "empty_label", None) is not None:  # model choices, django-filter's choices
            f.empty_label = _("All")  # type: ignore[attr-defined]
            # The widget kept the old list.
            f.widget.choices = f.choices  # type: ignore[attr-defined]
        elif isinstance(f, forms.ChoiceField):
            choices: Any = f.choices
            f.choices = [("", _("All")) if value == "" else (value, label) for value, label in choices]


def formfield_for(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.DateTimeField):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
    elif isinstance(field, models.DateField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    elif isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    elif field.is_relation and field.related_model is not None:
        # No rows at class creation (a scoped manager cannot be read without a scope, and
        # a class outlives the request): every form takes them in scope (``rescope_choices``).
        kwargs.setdefault("queryset", field.related_model._default_manager.none())  # type: ignore[union-attr]
        picker = picker_for(field.related_model)
        if picker is not None:
            kwargs.setdefault("widget", picker.widget(bool(field.many_to_many)))
            kwargs.setdefault("error_messages", {"invalid_choice": picker.invalid_choice})
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
            field = cast(forms.ModelChoiceField, field)
            qs = field.queryset.model._default_manager.all()  # type: ignore[union-attr]
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
            if isinstance(self.fields.get(name), MaskedField):  # the stored value, kept as it is
                continue
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            try:
                field.run_validators(value)
            except ValidationError as e:
                self.add_error(name, e)


def errors_to_form(form: forms.BaseForm, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's refusal on ``form``: each message under its field when the form has
    that field, else on top of the form. ``rename`` maps a service's field name to the form's
    (``approved_on`` → ``on``)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        target = (rename or {}).get(name, name)
        form.add_error(target if target in form.fields else None, [m for e in errors for m in e.messages])


def add_unshown_errors(form: forms.BaseForm, errors: dict[str, list[str]]) -> None:
    """Add a trial save's field errors where the form has not refused the field already.

    A form whose fields are refused never reaches its service, so the record's own rules (an
    ID number's check digit, a date in the future) would come one round later: the views run a
    trial save of the fields that passed and show its errors too. Its errors of the whole form
    are left out: they may stem from the fields that are missing.
    """
    for name, messages in errors.items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, messages)


def show_warnings(form: forms.BaseForm, warnings: Warnings) -> dict[str, Any]:
    """Put ``warnings`` on ``form`` (under each field, by ``core/_form.html``) and return the
    context of ``core/_warnings.html``: every warning, labelled, and the confirmation's value."""
    form.warnings = warnings  # type: ignore[attr-defined]
    labelled = []
    for name, messages in warnings.items():
        field = form.fields.get(name)
        for m in messages:
            labelled.append(f"{field.label}: {m}" if field is not None and field.label else m)
    return {"warnings": labelled, "warnings_digest": digest(warnings), "confirm_field": CONFIRM_FIELD}


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def record_form_class(model: type[models.Model], fields: list[str]) -> type[forms.ModelForm]:
    return forms.modelform_factory(
        model,
        form=StyledModelForm,
        fields=fields,
        formfield_callback=formfield_for,  # type: ignore[arg-type]
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
    for name, field in form.fields.items():
        if name == "owner" or not isinstance(field, forms.ModelChoiceField):
            continue
        assert field.queryset is not None  # a ModelChoiceField always has one
        model = field.queryset.model
        if name == parent_field and parent is not None:
            field.queryset = field.queryset.filter(pk=parent.pk)
            continue
        if org is None:
            continue
        if model is org_model():
            field.queryset = field.queryset.filter(subtree_q(org.path))
            continue
        rt = registry.for_model(model)
        if rt is not None:
            field.queryset = rt.queryset(access, within=org)
        configure = getattr(field.widget, "configure", None)
        if configure is not None:
            configure(access=access, org=org)


class MaskedField(forms.Field):
    """A sensitive field the reader may not see: shown masked and disabled, the stored value kept.

    Django takes a disabled field's value from the form's initial data, never from what was
    posted; ``clean`` returns the record's own value (a related row as the row), so a save
    writes back exactly what was stored and nobody overwrites what they could not read.
    """

    widget = forms.TextInput

    def __init__(self, original: forms.Field, shown: str, kept: Any) -> None:
        super().__init__(
            label=original.label,
            required=False,
            disabled=True,
            help_text=_("Masked: you may not see this value, so it is kept as it is."),
        )
        self.shown = shown
        self.kept = kept

    def prepare_value(self, value: Any) -> Any:
        return self.shown

    def clean(self, value: Any) -> Any:
        return self.kept

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


def protect_sensitive(form: forms.BaseForm, access: Any, obj: Any, request: Any = None) -> list[str]:
    """Mask the sensitive fields of ``obj`` in its edit form for a reader without their permission.

    A holder gets the full values (the form must show what it saves); with ``request`` given
    (a page shown, not a submission), that reveal is written to the audit log. Returns the
    names of the fields masked.
    """
    if obj is None or obj.pk is None:
        return []
    viewer = Viewer(access, reveal=True)
    masked = []
    for name, field in list(form.fields.items()):
        rule = policy_of(type(obj), name)
        if rule is None:
            continue
        if not viewer.sees(obj, name):
            raw = getattr(obj, name + "_id", None) if getattr(field, "queryset", None) is not None else None
            shown = mask(raw if raw is not None else getattr(obj, name, None), rule.mask)
            masked_field = MaskedField(field, shown, getattr(obj, name, None))
            masked_field.widget.attrs["class"] = "form-control"
            form.fields[name] = masked_field
            masked.append(name)
    if request is not None:
        audit_reveal(request, obj, revealed_fields(viewer, obj, [n for n in form.fields if n not in masked]))
    return masked


# ---- generated classes (built once per type) ------------------------------
_class_cache: dict[tuple[str, str], Any] = {}


def form_class(rt: RecordType) -> Any:
    key = (rt.slug, "form")
    if key not in _class_cache:
        _class_cache[key] = rt.form_class or record_form_class(rt.model, list(rt.form_fields))
    return _class_cache[key]


def filterset_class(rt: RecordType) -> Any:
    key = (rt.slug, "filterset")
    if key not in _class_cache:
        given = rt.filterset  # a FilterSet, or a function making one here, in scope
        if given is not None and not isinstance(given, type):
            given = given()
        base = given or filterset_factory(rt.model, fields=list(rt.list_filters))

        class Styled(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                style_widgets(self.form)
                label_empty_choices(self.form)

        bound_filters(Styled, rt.model)  # every value within its bounds (core/bounds.py)
        _class_cache[key] = Styled
    return _class_cache[key]
