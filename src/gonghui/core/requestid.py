"""Every request gets an id: in its log lines, in the ``X-Request-ID`` header, on the error page.

A person who meets an error quotes the number the page shows; the log lines of that
request (traceback, user id) carry the same number. A proxy's id is taken over when it is
a short, safe token, so that its access log and ours agree; anything else is replaced.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from gonghui.core.sensitivity import mask_digits

HEADER = "X-Request-ID"
# Letters, digits and dashes (a UUID, a proxy's hex id): nothing a log could misread.
_SAFE = re.compile(r"[A-Za-z0-9-]{8,64}")

_current: ContextVar[HttpRequest | None] = ContextVar("gonghui_request", default=None)


def current_request() -> HttpRequest | None:
    """The request this thread is serving (for log records written without one)."""
    return _current.get()


def new_request_id() -> str:
    return secrets.token_hex(6)


def request_id_from(request: HttpRequest) -> str:
    """The proxy's id if it is a safe short token that carries no number worth masking, else a new one."""
    given = request.headers.get(HEADER, "")
    if _SAFE.fullmatch(given) and mask_digits(given) == given:
        return given
    return new_request_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE: the id exists before anything else can log or fail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_from(request)  # type: ignore[attr-defined]
        token = _current.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id  # type: ignore[attr-defined]
        return response


def error_detail(request_id: str) -> dict[str, str]:
    """The API's answer to an unexpected error: a Chinese message with the id to quote."""
    message = _("The server met an error; it has been logged. Request number: %(id)s") % {"id": request_id}
    return {"detail": message, "request_id": request_id}


@requires_csrf_token
def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """handler500: the plain error page with the request's id, rendered without context processors
    (whatever failed — the database, a template tag — must not fail the error page too). An API
    call that failed before the API took it (a middleware) gets the API's JSON answer."""
    request_id = getattr(request, "request_id", "") or ""
    if request.path.startswith("/api/"):
        return JsonResponse(error_detail(request_id), status=500, json_dumps_params={"ensure_ascii": False})
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": request_id}))
