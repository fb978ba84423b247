"""The one way a service saves a row: same-union references, full validation, the actor in the history.

Every write of the generic machinery (``core.records``) and of the apps' own services ends in
``save_validated``. It does not open a transaction of its own: the service that calls it holds
one (``@transaction.atomic`` or ``with transaction.atomic()``), so the row, its many-to-many
values and whatever else the service writes are committed together or not at all, and a
``select_for_update`` taken before it still holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.scope import org_of_instance, unscoped


def _foreign_reference(target: Any, organization: Any) -> str | None:
    """Why ``target`` may not be referred to from ``organization``'s record, or None."""
    target_org = org_of_instance(target) if target is not None else None
    if target_org is None or target_org is organization:
        return None
    a, b = target_org.path, organization.path
    if a.startswith(b) or b.startswith(a):
        return None
    if target_org is target:  # an organization (a team, a group): name the one that holds it
        parent = target.parent_path
        with unscoped("name the union that holds another union's group in the refusal"):
            holder = type(target).objects.filter(path=parent).first() if parent else None
        target_org = holder or target
    return _("%(target)s belongs to %(org)s, not to this union.") % {"target": target, "org": target_org.name}


def check_references(obj: models.Model, organization: Any, m2m: dict[str, Any] | None = None) -> None:
    """Refuse a record that points at another union's rows (a member, a group, a parent).

    A reference may go up or down one line of the tree (a group's record may name its
    union's member), never sideways into another union. ``m2m`` holds the many-to-many
    values about to be set (participants, attendees): each is checked the same way.
    """
    errors: dict[str, str] = {}
    for f in obj._meta.concrete_fields:
        if not f.is_relation or f.name == "organization" or not f.many_to_one:
            continue
        reason = _foreign_reference(getattr(obj, f.name, None), organization)
        if reason:
            errors[f.name] = reason
    for name, values in (m2m or {}).items():
        reason = next((r for v in values or () if (r := _foreign_reference(v, organization))), None)
        if reason:
            errors[name] = reason
    if errors:
        raise DomainError(errors)


def _gathered(errors: dict[str, Any], check: Callable[..., Any], *args: Any) -> dict[str, Any]:
    """``errors`` with those of ``check(*args)`` added: every field's errors are shown at once."""
    try:
        check(*args)
    except ValidationError as e:
        return e.update_error_dict(errors)
    return errors


def save_validated(
    obj: models.Model,
    *,
    actor: Any,
    m2m: dict[str, Any] | None = None,
    update_fields: list[str] | None = None,
    validators: Sequence[Callable[[Any], None]] = (),
) -> None:
    """Check, validate and save ``obj`` as ``actor``, then set its many-to-many values.

    In order: ``actor`` becomes the history entry's user; every reference (and each value of
    ``m2m``) must lie on the line of the tree of the row's own union, or a ``DomainError``
    names the field; ``full_clean()`` and, for a model that has it,
    ``clean_many_to_many(m2m)`` run and their errors are raised together as one
    ``ValidationError``; then the row is saved (``update_fields`` passed on) and each
    many-to-many value set. ``validators`` (a record type's rules that read other rows: seats
    already filled, an overlapping validity) run once the row itself is valid, before the save.
    Nothing is written when a check fails.

    No transaction is opened here: call it inside the service's own (see the module's note).
    """
    obj._history_user = actor  # type: ignore[attr-defined]
    org = org_of_instance(obj)
    if org is not None:
        check_references(obj, org, m2m)
    errors = _gathered({}, obj.full_clean)
    # model.clean() cannot see many-to-many values (they are set after the save): a model
    # that checks them (a head count against the people listed) says clean_many_to_many().
    clean_m2m = getattr(obj, "clean_many_to_many", None)
    if callable(clean_m2m):
        errors = _gathered(errors, clean_m2m, m2m or {})
    if errors:
        raise ValidationError(errors)
    for check in validators:  # rules reading other rows: only once the row itself is valid
        errors = _gathered(errors, check, obj)
    if errors:
        raise ValidationError(errors)
    obj.save(update_fields=update_fields)
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
