"""The organization a user is working on: chosen with the switcher, kept in the session."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from gonghui.core.audit import audit_log
from gonghui.core.bounds import parse_id
from gonghui.core.scope import org_model
from gonghui.core.scoping import get_in_scope

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


def requested_org(request: HttpRequest, perm: str | None = None) -> Any:
    """The organization a page was asked for with ``?org=``, with one behaviour everywhere.

    - ``?org=`` absent or empty: the current organization (``current_org``; None when the user
      has none). ``perm`` is not checked for it: the page decides what it shows without one.
    - ``?org=`` names an organization in the user's scope (and, with ``perm``, one where the
      user holds it): that organization.
    - anything else (outside the scope, without ``perm``, not a record key, no such row):
      404, as ``core.scoping.get_in_scope`` answers, so that missing and forbidden look alike;
      an organization that exists but is not the user's to see this way is written to the
      audit log (``scope.denied``), so that probing shows.

    Read once per request and ``perm``: a list and its filters (a union's groups) share it.
    """
    cache: dict[str | None, Any] = request.__dict__.setdefault("_requested_org", {})
    if perm in cache:
        return cache[perm]
    raw = request.GET.get("org", "").strip()
    if not raw:
        org = current_org(request)
    else:
        org = get_in_scope(org_model().objects.all(), request, pk=parse_id(raw))
        if perm is not None and not request.access.can(perm, org):  # type: ignore[attr-defined]
            audit_log(
                "scope.denied",
                request=request,
                organization=org,
                detail={"model": "orgs.Organization", "lookup": {"pk": raw}, "perm": perm},
            )
            raise Http404
    cache[perm] = org
    return org


def set_current_org(request: HttpRequest, org: Any) -> None:
    request.session[SESSION_KEY] = org.pk
    request._current_org = org  # type: ignore[attr-defined]
