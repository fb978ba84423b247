"""Turning a record's fields into what a person reads: one function for pages and exports.

Every value passes the sensitivity policy (``core/sensitivity.py``): a sensitive field, or a
column reaching one through a relation (``member__id_number``), comes out masked unless the
reader holds its permission on the record's union (and, for on-demand fields, asked to reveal).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from gonghui.core.records import Column, RecordType
from gonghui.core.sensitivity import Sensitive, Viewer, rule_at, viewer_for


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


def _viewer(request: Any, viewer: Viewer | None) -> Viewer:
    return viewer if viewer is not None else viewer_for(request)


def column_value(
    obj: Any, col: Column, rt: RecordType | None = None, request: Any = None, viewer: Viewer | None = None
) -> Any:
    """One cell of a list or an export, as the reader may see it."""
    shown = col.value(obj) if col.value is not None else field_value(obj, col.name)
    return _viewer(request, viewer).path_value(obj, col.name, shown)


def row_values(
    objs: Sequence[Any], cols: Sequence[Column], request: Any = None, viewer: Viewer | None = None
) -> list[tuple[Any, list[Any]]]:
    """A page of rows: the records' unions are read once for the page, never once per row."""
    v = _viewer(request, viewer)
    v.prepare(objs)
    return [(obj, [column_value(obj, c, viewer=v) for c in cols]) for obj in objs]


def detail_rows(
    rt: RecordType, obj: Any, request: Any = None, viewer: Viewer | None = None
) -> list[tuple[str, Any]]:
    v = _viewer(request, viewer)
    return [
        (rt.field_label(name), v.path_value(obj, name, field_value(obj, name)))
        for name in rt.detail_fields_or_form()
    ]


def reached_rules(rt: RecordType, cols: Sequence[Column]) -> list[Sensitive]:
    """The sensitive fields these columns show (through relations too): what an export carries."""
    return [rule for c in cols if (rule := rule_at(rt.model, c.name)) is not None]
