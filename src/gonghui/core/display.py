"""Turning a record's fields into what a person reads: one function for pages and exports."""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.records import Column, RecordType


def field_value(obj: Any, path: str) -> Any:
    """The display value of a field path such as ``organization__name``."""
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    last = parts[-1]
    display = getattr(obj, f"get_{last}_display", None)
    if callable(display):
        return display()
    value = getattr(obj, last, None)
    if isinstance(value, models.Manager):
        return "、".join(str(v) for v in value.all())
    return value


def column_value(obj: Any, col: Column, rt: RecordType | None = None, request: Any = None) -> Any:
    if rt is not None and col.name in rt.display:
        return rt.display[col.name](obj, request)
    return col.value(obj) if col.value is not None else field_value(obj, col.name)


def detail_rows(rt: RecordType, obj: Any, request: Any = None) -> list[tuple[str, Any]]:
    def value(name: str) -> Any:
        return rt.display[name](obj, request) if name in rt.display else field_value(obj, name)

    return [(rt.field_label(name), value(name)) for name in rt.detail_fields_or_form()]
