"""Change history of a record as a person reads it: who, when, which field from what to what.

Each change passes the sensitivity policy: an old or new value of a sensitive field comes out
masked unless the reader sees that field of the record (``Viewer.sees``), as on every other page.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gonghui.core.scope import unscoped
from gonghui.core.sensitivity import Viewer, mask, policy_of

HIDDEN_FIELDS = {"path", "depth", "numchild"}


def _display(field: models.Field, value: Any, cache: dict) -> Any:
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ForeignKey):
        key = (field.related_model, value)
        if key not in cache:
            with unscoped("a change names what it pointed to, in any union"):
                obj = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
            cache[key] = str(obj) if obj is not None else f"#{value}"
        return cache[key]
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    return value


def history_entries(
    obj: models.Model, limit: int = 200, viewer: Viewer | None = None
) -> list[dict[str, Any]]:
    """Newest first: each entry has time, user, kind and the changed fields.

    ``viewer``: who reads (``sensitivity.viewer_for(request)``); without one every sensitive
    value is masked.
    """
    viewer = viewer if viewer is not None else Viewer(None)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]  # type: ignore[attr-defined]
    )
    model = type(obj)
    cache: dict = {}
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries = []
    for i, rec in enumerate(records[:limit]):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes: list[dict[str, Any]] = []
        if prev is not None and rec.history_type == "~":
            for change in rec.diff_against(prev).changes:
                if change.field in HIDDEN_FIELDS:
                    if change.field == "path":
                        changes.append({"field": _("Position in the tree"), "old": _("moved"), "new": ""})
                    continue
                f = cast(models.Field, model._meta.get_field(change.field))
                rule = policy_of(model, change.field)
                if rule is not None and not viewer.sees(obj, change.field):
                    old, new = mask(change.old, rule.mask) or "—", mask(change.new, rule.mask) or "—"
                else:
                    old, new = _display(f, change.old, cache), _display(f, change.new, cache)
                changes.append({"field": capfirst(f.verbose_name), "old": old, "new": new})
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
