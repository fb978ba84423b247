"""Bearer-token identity for API clients, resolved before the scope is entered."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone


class TokenAuthenticationMiddleware:
    """``Authorization: Bearer gh_…`` on /api/ sets request.user from an API token."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        request.api_token = None  # type: ignore[attr-defined]
        if header.startswith("Bearer ") and request.path.startswith("/api/"):
            from gonghui.accounts.models import ApiToken, hash_token

            raw = header[7:].strip()
            token = (
                ApiToken.objects.select_related("user")
                .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
                .first()
            )
            if token is not None:
                request.user = token.user
                request.api_token = token  # type: ignore[attr-defined]
                now = timezone.now()
                if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
                    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return self.get_response(request)
