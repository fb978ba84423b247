"""Change history of a record as a person reads it: who, when, which field from what to what."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

HIDDEN_FIELDS = {"path", "depth", "numchild"}


def _display(field: models.Field, value: Any, cache: dict) -> Any:
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ForeignKey):
        key = (field.related_model, value)
        if key not in cache:
            obj = field.related_model._base_manager.filter(pk=value).first()
            cache[key] = str(obj) if obj is not None else f"#{value}"
        return cache[key]
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    return value


def history_entries(obj: models.Model, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first: each entry has time, user, kind and the changed fields."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(obj)
    cache: dict = {}
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries = []
    for i, rec in enumerate(records[:limit]):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if prev is not None and rec.history_type == "~":
            for change in rec.diff_against(prev).changes:
                if change.field in HIDDEN_FIELDS:
                    if change.field == "path":
                        changes.append({"field": _("Position in the tree"), "old": _("moved"), "new": ""})
                    continue
                f = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": capfirst(f.verbose_name),
                        "old": _display(f, change.old, cache),
                        "new": _display(f, change.new, cache),
                    }
                )
        entries.append(
            {
                "date": rec.history_date,
                "user": rec.history_user,
                "kind": kinds.get(rec.history_type, rec.history_type),
                "type": rec.history_type,
                "changes": changes,
            }
        )
    return entries
