"""Audit events: who did what sensitive thing, when, from where."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def audit_log(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    organization: Any = None,
    obj: Any = None,
    detail: dict | None = None,
) -> None:
    """Write one audit event. ``action`` is a namespaced code such as ``scope.denied``."""
    from gonghui.core.models import AuditEvent

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
        detail=detail or {},
        ip=client_ip(request),
    )
