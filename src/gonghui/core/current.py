"""The organization a user is working on: chosen with the switcher, kept in the session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gonghui.core.bounds import parse_id
from gonghui.core.scope import org_model

SESSION_KEY = "gonghui_current_org"


def current_org(request: HttpRequest) -> Any:
    """The current organization, always inside the user's scope (None if the user has none)."""
    cached = getattr(request, "_current_org", False)
    if cached is not False:
        return cached
    Organization = org_model()  # noqa: N806
    access = getattr(request, "access", None)
    org = None
    if access is not None and access.is_authenticated:
        org_id = request.session.get(SESSION_KEY)
        if org_id:
            org = Organization.objects.filter(pk=org_id).first()
        if org is None and access.home_org_ids:
            org = Organization.objects.filter(pk=access.home_org_ids[0]).first()
        if org is None and access.is_superuser:
            org = Organization.objects.filter(depth=1).first()
    request._current_org = org  # type: ignore[attr-defined]
    return org


def listed_org(request: HttpRequest) -> Any:
    """The organization a list was asked for (``?org=``, inside the scope), else the current one.

    Read once per request: the list and its filters (a union's groups) share it.
    """
    cached = getattr(request, "_listed_org", False)
    if cached is not False:
        return cached
    Organization = org_model()  # noqa: N806
    org = None
    org_id = parse_id(request.GET.get("org"))
    if org_id is not None:
        org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        org = current_org(request)
    request._listed_org = org  # type: ignore[attr-defined]
    return org


def set_current_org(request: HttpRequest, org: Any) -> None:
    request.session[SESSION_KEY] = org.pk
    request._current_org = org  # type: ignore[attr-defined]
