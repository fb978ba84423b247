"""A large federation's figures, kept for a few minutes.

A federation's home page and dashboard add up everything below it. Under a province of
100,000 unions that is some twenty queries of about 100 ms each, however they are written,
every time the page opens. Above ``ROLLUP_MIN_ORGS`` organizations below it, those pages keep
what they computed for ``ROLLUP_SECONDS`` in the cache (Redis when ``REDIS_URL`` is set, else
each process's memory) and say how old it is, with a link that computes it again. Smaller
organizations, every union among them, are always computed live.

An entry is the viewer's own: its key holds their user, their grants and the language, so it
never shows what their grants would not (a changed grant is a new key). It is dropped when
the viewer has written anything since it was kept (``WritesMiddleware`` marks the time in a
cookie, which every process reads): an officer sees their own writes at once, others' within
``ROLLUP_SECONDS`` or on asking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from gonghui.core.middleware import SAFE_METHODS, set_time_cookie, time_cookie
from gonghui.core.scope import subtree_q

T = TypeVar("T")
WROTE_COOKIE = "gonghui_wrote_at"
FRESH_PARAM = "fresh"


@dataclass
class Kept(Generic[T]):
    value: T
    # When it was computed, if it came from (or went to) the cache; None: computed live.
    as_of: dt.datetime | None


def seconds() -> int:
    return int(getattr(settings, "ROLLUP_SECONDS", 600))


def is_large(org: Any) -> bool:
    """``ROLLUP_MIN_ORGS`` or more organizations below ``org`` (their count is kept too)."""
    if not getattr(org, "numchild", 0):
        return False  # a union, a group, an empty federation: nothing to add up
    key = f"rollup:size:{org.pk}"
    size = cache.get(key)
    if size is None:
        size = type(org).objects.filter(subtree_q(org.path)).count() - 1  # core names no domain app
        cache.set(key, size, seconds())
    return size >= int(getattr(settings, "ROLLUP_MIN_ORGS", 1000))


def _viewer(request: HttpRequest) -> str:
    access = request.access  # type: ignore[attr-defined]
    grants = sorted(repr(g) for g in access.grants)
    digest = hashlib.sha256("|".join([str(access.is_superuser), *grants]).encode()).hexdigest()[:16]
    return f"{request.user.pk}:{digest}:{get_language()}"


def wants_fresh(request: HttpRequest) -> bool:
    return request.GET.get(FRESH_PARAM) == "1"


def kept(request: HttpRequest, part: str, org: Any, make: Callable[[], T]) -> Kept[T]:
    """``make()`` for ``org``'s page ``part`` (which names everything else it depends on, the
    year say), from the cache when ``org`` is large and the viewer has not written since."""
    if not is_large(org):
        return Kept(make(), None)
    key = f"rollup:{part}:{org.pk}:{_viewer(request)}"
    hit = None if wants_fresh(request) else cache.get(key)
    if hit is not None and hit[0] > time_cookie(request, WROTE_COOKIE):
        return Kept(hit[1], dt.datetime.fromtimestamp(hit[0], tz=dt.UTC))
    now = time.time()
    value = make()
    cache.set(key, (now, value), seconds())
    return Kept(value, dt.datetime.fromtimestamp(now, tz=dt.UTC))


def note(request: HttpRequest, *parts: Kept[Any]) -> dict[str, Any]:
    """The page's note on kept figures: the oldest part's time and the link that recomputes."""
    times = [p.as_of for p in parts if p.as_of is not None]
    if not times:
        return {}
    query = request.GET.copy()
    query[FRESH_PARAM] = "1"
    return {
        "rollup_as_of": timezone.localtime(min(times)),
        "rollup_minutes": max(1, seconds() // 60),
        "rollup_fresh_url": f"{request.path}?{query.urlencode()}",
    }


class WritesMiddleware:
    """Marks when a signed-in user last sent a write (any unsafe request), so that the figures
    kept for them are computed again. A cookie, not the session or the cache: every process
    reads it whatever the cache is. A forged one only costs its bearer a recomputation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        browser = getattr(request, "api_token", None) is None  # a token's client keeps no cookie
        if request.method not in SAFE_METHODS and browser and user is not None and user.is_authenticated:
            set_time_cookie(response, WROTE_COOKIE, time.time(), seconds())
        return response
