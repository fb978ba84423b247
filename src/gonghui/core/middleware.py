"""Request-wide middleware: the language (Chinese first: the one a person chose, else zh-hans — not
the browser's), forwarded headers only from a trusted proxy, and the security headers."""

from __future__ import annotations

import contextlib
import ipaddress
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def time_cookie(request: HttpRequest, name: str) -> float:
    """A time (epoch seconds) the server wrote into cookie ``name``; 0 if absent or garbled."""
    try:
        return float(request.COOKIES.get(name, "0"))
    except ValueError:
        return 0.0


def set_time_cookie(response: Any, name: str, at: float, seconds: int) -> None:
    """Writes time ``at`` into cookie ``name`` for ``seconds``: for the server, never scripts."""
    response.set_cookie(
        name,
        f"{at:.3f}",
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
    )


class LanguageMiddleware(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request: HttpRequest, response: Any) -> Any:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


# Headers a client may set to claim another address, scheme or host: believed only from a proxy.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def parse_networks(values: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    try:
        return [ipaddress.ip_network(v, strict=False) for v in values]
    except ValueError as e:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {e}") from None


class ProxyMiddleware:
    """X-Forwarded-* count only when the request comes from a configured proxy (TRUSTED_PROXIES).

    From a proxy, REMOTE_ADDR becomes the client the proxy saw: the right-most address of
    X-Forwarded-For that is not itself a proxy (what a client writes there itself sits further
    left and is never taken). From anyone else the forwarded headers are removed, so neither
    SECURE_PROXY_SSL_HEADER, login throttling nor the audit can be told a made-up address.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self.proxies = parse_networks(getattr(settings, "TRUSTED_PROXIES", []))

    def _is_proxy(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in net for net in self.proxies)

    def __call__(self, request: HttpRequest) -> Any:
        meta = request.META
        if self.proxies and self._is_proxy(meta.get("REMOTE_ADDR", "")):
            hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            for hop in reversed(hops):
                if self._is_proxy(hop):
                    continue
                # Garbage (from the client's side): the proxy's own address stays.
                with contextlib.suppress(ValueError):
                    meta["REMOTE_ADDR"] = str(ipaddress.ip_address(hop))
                break
        else:
            for name in FORWARDED_HEADERS:
                meta.pop(name, None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; ``Cache-Control: no-store`` on every response to
    a signed-in user or API token (pages, API answers, exports, downloads carry personal data and
    must not stay in a shared browser's or proxy's cache)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        # Django's own debug pages (DEBUG only) are built of inline style and script.
        if policy and not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)  # set further in, by the session or an API token
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
