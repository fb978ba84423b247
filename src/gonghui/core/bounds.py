"""The bounds of every value a query string carries, declared once for pages and API.

A value out of its bounds never reaches a query or a date computation (where it would
overflow a 64-bit column on PostgreSQL, or ``datetime.date``): the API answers 400 in the
project's error format (``{"detail", "errors"}``, Chinese), a page shows its list or figures
without that value and says why.

- years 1900–2100, dates 1900-01-01 to 2100-12-31;
- ids 1 to 2**63 - 1 (a signed 64-bit key);
- decimals finite, within the digits of the model field (or the schema) they are compared with;
- search text at most ``TEXT_MAX`` characters, no NUL;
- API lists: ``limit`` 1 to ``PAGE_SIZE_MAX`` (500), ``offset`` 0 to ``OFFSET_MAX``.

Pages use the bounded form fields (``YearField``, ``DayField``) and ``parse_id``, through the
list filters (``bound_filters``, applied by ``core.forms.filterset_class`` to every
record type's filter set) or ``query_value`` for a page's own parameter. The API uses
the annotated types (``Year``, ``Day``, ``Id``, ``Amount``, ``SearchText``) and
``BoundedPagination`` (the project's ``NINJA_PAGINATION_CLASS``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import django_filters
from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

YEAR_MIN, YEAR_MAX = 1900, 2100
DAY_MIN, DAY_MAX = dt.date(YEAR_MIN, 1, 1), dt.date(YEAR_MAX, 12, 31)
ID_MAX = 2**63 - 1
PAGE_SIZE_MAX = 500
OFFSET_MAX = 10_000_000
TEXT_MAX = 200
# Integers that are neither years nor keys (a month, a term number): the widest a column holds.
INT_MAX = ID_MAX


# ---- pages: bounded form fields ---------------------------------------------------
class YearField(forms.IntegerField):
    """A year from 1900 to 2100."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(**kwargs)

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except ValidationError as e:  # one message naming both ends, in the request's language
            raise ValidationError(
                _("Enter a year from %(min)s to %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
                code="out_of_range",
            ) from e


class DayField(forms.DateField):
    """A date from 1900-01-01 to 2100-12-31."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value not in validators.EMPTY_VALUES and not DAY_MIN <= value <= DAY_MAX:
            raise ValidationError(
                _("Enter a date from %(min)s to %(max)s.") % {"min": DAY_MIN, "max": DAY_MAX},
                code="out_of_range",
            )


def is_year(name: str) -> bool:
    return name == "year" or name.endswith(("_year", "__year"))


def _model_field(model: type[models.Model], path: str) -> models.Field | None:
    """The model field a filter compares with (through relations: ``voucher__year``)."""
    field = None
    current: Any = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return None
        current = getattr(field, "related_model", None) or current
    return field


def _bounded_number(name: str, field: models.Field | None, extra: dict[str, Any]) -> type[forms.Field]:
    """The form field class and its bounds for a number filter on ``field`` (None: a method filter)."""
    if is_year(name):
        extra.pop("min_value", None)
        extra.pop("max_value", None)
        return YearField
    if isinstance(field, models.DecimalField):
        extra.setdefault("max_digits", field.max_digits)
        extra.setdefault("decimal_places", field.decimal_places)
        return forms.DecimalField
    low, high = -INT_MAX, INT_MAX
    if isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        low = -INT_MAX if low is None else max(low, -INT_MAX)
        high = INT_MAX if high is None else min(high, INT_MAX)
    extra["min_value"] = max(extra.get("min_value", low), low)
    extra["max_value"] = min(extra.get("max_value", high), high)
    return forms.IntegerField


def bound_filters(filterset: type[django_filters.FilterSet], model: type[models.Model]) -> None:
    """Give every filter of a filter set class its bounds (done once per class).

    Numbers become integers within their column's range (years 1900–2100) or decimals
    within their column's digits; dates lie from 1900 to 2100; a record chosen by its key
    is looked up only for a key that fits 64 bits. An invalid value leaves the list
    unfiltered by it, and the form says why (``FilteredRecords``).
    """
    for name, f in filterset.base_filters.items():
        f.__dict__.pop("_field", None)  # a form field made before the bounds were set
        field = _model_field(model, f.field_name) if f.field_name else None
        if isinstance(f, django_filters.NumberFilter):
            f.field_class = _bounded_number(name, field, f.extra)
        elif isinstance(f, django_filters.DateFilter):
            f.field_class = DayField
        elif isinstance(f, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
            f.field_class = _bounded_choice(f.field_class)


_choice_classes: dict[type, type] = {}


def _bounded_choice(base: type[forms.Field]) -> type[forms.Field]:
    """``base`` (a model choice field) refusing a key that no 64-bit column holds before any query."""
    if getattr(base, "bounded", False):
        return base
    if base not in _choice_classes:

        class Bounded(base):  # type: ignore[misc, valid-type]
            bounded = True

            def _refuse_wide_keys(self, value: Any) -> None:
                pk = self.queryset.model._meta.pk
                if getattr(self, "to_field_name", None) or not isinstance(pk, models.IntegerField):
                    return  # chosen by another field, or keys that are not integers
                for v in value if isinstance(value, list | tuple) else [value]:
                    if v not in self.empty_values and parse_id(str(v)) is None:
                        raise ValidationError(
                            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": v}
                        )

            def clean(self, value: Any) -> Any:
                self._refuse_wide_keys(value)
                return super().clean(value)

        Bounded.__name__ = f"Bounded{base.__name__}"
        _choice_classes[base] = Bounded
    return _choice_classes[base]


def parse_id(raw: str | None) -> int | None:
    """A record key written in the query (ASCII digits, 1 to 2**63 - 1), or None."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= ID_MAX else None


def query_value(request: HttpRequest, name: str, field: forms.Field, default: Any = None) -> Any:
    """``?name=`` cleaned by a bounded form field, else ``default``.

    A value that does not pass is reported to the person (a message on the page) and
    the page goes on without it: it never reaches a query.
    """
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = field.clean(raw)
    except ValidationError as e:
        label = field.label or name
        messages.error(request, f"{label}：{' '.join(e.messages)}")
        return default
    return default if value in validators.EMPTY_VALUES else value


def clean_text(raw: str | None) -> str:
    """Search text from the query: NUL characters removed, at most ``TEXT_MAX`` characters."""
    return (raw or "").replace("\x00", "")[:TEXT_MAX]


# ---- API: bounded parameter types ------------------------------------------------
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Day = Annotated[dt.date, Field(ge=DAY_MIN, le=DAY_MAX)]
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
SearchText = Annotated[str, Field(max_length=TEXT_MAX, pattern=r"^[^\x00]*$")]


def Amount(max_digits: int = 14, decimal_places: int = 2) -> Any:  # noqa: N802 (a type)
    """A finite decimal with at most ``max_digits`` digits (a model field's, or a form's)."""
    return Annotated[
        Decimal, Field(allow_inf_nan=False, max_digits=max_digits, decimal_places=decimal_places)
    ]


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset paging with a capped page size: no request reads a whole roster at once."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=PAGE_SIZE_MAX)
        offset: int = Field(0, ge=0, le=OFFSET_MAX)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_limit", PAGE_SIZE_MAX)
        super().__init__(**kwargs)


# Pydantic's error types → the message a person reads (Django's own phrases where they exist).
def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}

    def limit(key: str) -> str:
        v = ctx.get(key)
        return v.isoformat() if isinstance(v, dt.date) else str(v)

    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value no greater than %(limit)s.") % {"limit": limit("le" if "le" in ctx else "lt")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value no less than %(limit)s.") % {"limit": limit("ge" if "ge" in ctx else "gt")}
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        return _("Enter a number.")
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return _("This number is too large.")
    if kind == "decimal_max_places":
        return _("This number has too many decimal places.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a valid date.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Enter at most %(limit)s characters.") % {"limit": limit("max_length")}
    if kind == "string_pattern_mismatch":
        return _("Null characters are not allowed.")
    return _("Enter a valid value.")


PARAM_LABELS = {
    "year": gettext_lazy("Year"),
    "as_of": gettext_lazy("Date"),
    "org": gettext_lazy("Organization"),
    "limit": gettext_lazy("Page size"),
    "offset": gettext_lazy("Offset"),
    "q": gettext_lazy("Search"),
}


def parameter_errors(errors: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Errors of query or path parameters as ``{"detail", "errors"}`` (Chinese), or None.

    None when any error concerns the request's body: those keep the schema's own answer.
    """
    if not errors or any(not e.get("loc") or e["loc"][0] not in ("query", "path") for e in errors):
        return None
    out: dict[str, list[str]] = {}
    for e in errors:
        name = str(e["loc"][-1]) if len(e["loc"]) > 1 else str(e["loc"][0])
        out.setdefault(name, []).append(_message(e))
    name, messages = next(iter(out.items()))
    return {"detail": f"{PARAM_LABELS.get(name, name)}：{messages[0]}", "errors": out}
