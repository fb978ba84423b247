"""Who the request is and what it may see: the API token's user, then the scope of their grants."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.access import get_access
from gonghui.accounts.models import ApiToken, hash_token
from gonghui.core.scope import GROUPS, scope

# The last use is written at most once a minute per token: an API client's every call is not a write.
LAST_USE_EVERY_SECONDS = 60


def _address(request: HttpRequest) -> str | None:
    """The client's address (a trusted proxy's forwarding already applied), if it is one."""
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def _refused(message: str) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=401)
    response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


class TokenAuthenticationMiddleware:
    """``Authorization: Bearer gh_…`` on /api/ sets request.user from an API token.

    A token that is unknown, revoked, expired or ended by a password change gets 401 with a
    sentence saying which, never the session's identity instead."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        request.api_token = None  # type: ignore[attr-defined]
        if header.startswith("Bearer ") and request.path.startswith("/api/"):
            raw = header[7:].strip()
            token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
            if token is None:
                return _refused(_("The API token is not valid."))
            now = timezone.now()
            refusal = token.refusal(now)
            if refusal:
                return _refused(refusal)
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            if (
                token.last_used_at is None
                or (now - token.last_used_at).total_seconds() >= LAST_USE_EVERY_SECONDS
            ):
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=_address(request))
        return self.get_response(request)


class ScopeMiddleware:
    """Enter the request user's scope for the whole request (after authentication)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        access = get_access(request.user)
        request.access = access  # type: ignore[attr-defined]
        with scope(organization=access.visible_orgs(), **{GROUPS: access.group_ids()}):
            return self.get_response(request)
