"""Audit events: who did what sensitive thing, when, from where."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gonghui.core.models import AuditEvent
from gonghui.core.scope import org_of_instance
from gonghui.core.sensitivity import mask_digits

if TYPE_CHECKING:
    from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def masked_detail(value: Any) -> Any:
    """``value`` with ID and phone digits masked in every string, at any depth (numbers stay)."""
    if isinstance(value, str):
        return mask_digits(value)
    if isinstance(value, dict):
        return {k: masked_detail(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked_detail(v) for v in value]
    return value


def audit_log(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    organization: Any = None,
    obj: Any = None,
    detail: dict | None = None,
) -> None:
    """Write one audit event. ``action`` is a namespaced code such as ``scope.denied``.

    ``detail`` is kept with its digits masked (a search typed into an export's query, a
    lookup): the audit log says what was done, never which ID or phone number was typed.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    AuditEvent.objects.create(
        action=action,
        user=user,
        organization=organization,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=masked_detail(detail or {}),
        ip=client_ip(request),
    )


def audit_reveal(request: Any, obj: Any, fields: Iterable[str], action: str = "sensitive.reveal") -> None:
    """Record that ``fields`` of ``obj`` reached the reader in full (who, which record, when)."""
    names = sorted(set(fields))
    if not names:
        return
    audit_log(
        action,
        request=request,
        organization=org_of_instance(obj),
        obj=obj,
        detail={"fields": names, "model": obj._meta.label_lower},
    )
