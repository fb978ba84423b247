"""Building blocks shared by the care models: money fields, funding sources, multi-choice codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import ChoiceCheckboxes
from gonghui.members.validators import id_facts, normalize_id, normalize_mobile

non_negative = MinValueValidator(Decimal("0"), message=_("Amounts cannot be negative."))
percentage = [
    MinValueValidator(Decimal("0"), message=_("A percentage lies between 0 and 100.")),
    MaxValueValidator(Decimal("100"), message=_("A percentage lies between 0 and 100.")),
]
year_validators = [
    MinValueValidator(2000, message=_("Enter a year between 2000 and 2100.")),
    MaxValueValidator(2100, message=_("Enter a year between 2000 and 2100.")),
]


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """Yuan with two decimals, never negative (Django refuses a third decimal itself)."""
    validators = [non_negative, *kwargs.pop("validators", [])]
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, validators=validators, **kwargs)


def percent_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, validators=percentage, **kwargs)


class FundSource(models.TextChoices):
    """Where the money of an aid or a visit comes from."""

    UNION = "union", pgettext_lazy("fund source", "Union funds")
    ADMINISTRATION = "administration", pgettext_lazy("fund source", "Administration")
    HIGHER_UNION = "higher_union", pgettext_lazy("fund source", "Higher union")
    DONATIONS = "donations", pgettext_lazy("fund source", "Donations")


class CodeListFormField(forms.MultipleChoiceField):
    """Several choices; the API may also send them as one comma-separated string."""

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return [v for v in value.split(",") if v]
        return value


class CodeListField(models.CharField):
    """Several codes of one code table, stored as "illness,disability" (portable, filterable).

    ``options`` is the TextChoices class; it is not a Django ``choices`` (the stored
    string is a list, not one choice), so each code is validated here.
    """

    def __init__(self, *args: Any, options: type[models.TextChoices] | None = None, **kwargs: Any) -> None:
        self.options = options
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs  # options are code, not schema

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ",".join(str(v) for v in value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(self.to_python(value))

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        known = set(self.options.values) if self.options else set()
        unknown = [v for v in (value or "").split(",") if v and v not in known]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(codes)s."), code="invalid_choice", params={"codes": ", ".join(unknown)}
            )

    def labels(self, value: str) -> str:
        names = dict(self.options.choices) if self.options else {}
        return "、".join(str(names.get(v, v)) for v in (value or "").split(",") if v)

    def formfield(self, **kwargs: Any) -> Any:
        return CodeListFormField(
            choices=self.options.choices if self.options else [],
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=ChoiceCheckboxes,
        )


def code_list_q(field: str, code: str) -> models.Q:
    """Rows whose code list ``field`` holds ``code`` exactly (not as part of a longer code)."""
    return (
        models.Q(**{field: code})
        | models.Q(**{f"{field}__startswith": f"{code},"})
        | models.Q(**{f"{field}__endswith": f",{code}"})
        | models.Q(**{f"{field}__contains": f",{code},"})
    )


def clean_person(obj: Any, id_type: str, id_number: str, mobile: str) -> None:
    """Normalize and check a non-member's ID number and phone (named by their fields on ``obj``),
    as the roster checks a member's: the same rules for a visit's recipient and an aid case."""
    setattr(obj, id_number, normalize_id(getattr(obj, id_number)))
    setattr(obj, mobile, normalize_mobile(getattr(obj, mobile)))
    if getattr(obj, id_number):
        try:
            id_facts(getattr(obj, id_type), getattr(obj, id_number))
        except ValidationError as e:
            raise ValidationError({id_number: e.messages}) from None
