"""The request as our views see it: what the middleware adds, typed.

Django hands every view its own ``HttpRequest``; the middleware then sets ``access`` (the
user's grants, ``accounts``), ``htmx`` (django-htmx), ``request_id`` (``core.requestid``) and
``api_token`` (``accounts.middleware``). Views and API handlers annotate their parameter
``request: AuthedRequest`` so the type checker (mypy in ``make lint``) knows those attributes
instead of each use saying ``# type: ignore``. Nothing is an ``AuthedRequest`` at run time:
the class is only an annotation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:  # core imports no app at run time
    from django_htmx.middleware import HtmxDetails

    from gonghui.accounts.access import Access
    from gonghui.accounts.models import User


class AuthedRequest(HttpRequest):
    access: Access
    user: User  # views behind a login; the middleware has replaced an API token by its user
    htmx: HtmxDetails
    request_id: str
    api_token: Any  # the ApiToken that authenticated an API call, or None
