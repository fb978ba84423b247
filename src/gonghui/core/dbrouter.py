"""Reads from a streaming replica, writes to the primary, and read-your-writes.

Active only when ``DATABASE_REPLICA_URL`` is set (settings add the ``replica`` alias, this
router and ``PrimaryAfterWriteMiddleware``); without it nothing here is installed.

Where reads go:

- outside a request (management commands, the task worker, shells): the primary, unless the
  code asks for the replica with ``read_from_replica()`` (a read-only report, say);
- in a safe request (GET, HEAD) of someone who has not written lately: the replica; that is
  every page, report and statistics page;
- in an unsafe request (POST...), after any write in the request, inside an atomic block on
  the primary, for ``select_for_update`` (Django routes it as a write) and for a few seconds
  (``REPLICA_PIN_SECONDS``) after that user's last write: the primary. The replica lags
  the primary by a little; the pin makes sure someone who just saved a record sees it.

The pin is a cookie holding its end time, not a session key: the session itself is read from
the replica, so a session marker could be the stale copy. A forged cookie only sends its
bearer's reads to the primary.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

from gonghui.core.middleware import SAFE_METHODS, set_time_cookie, time_cookie

REPLICA = "replica"
PIN_COOKIE = "gonghui_primary_until"


@dataclass
class Reads:
    """This request's (or block's) routing state."""

    replica: bool  # reads may go to the replica
    wrote: bool = False  # something was written: from now on, the primary


# None: no request and no read_from_replica() block, so the primary.
_reads: ContextVar[Reads | None] = ContextVar("gonghui_reads", default=None)


def current() -> Reads | None:
    return _reads.get()


@contextmanager
def reads(state: Reads) -> Iterator[Reads]:
    token = _reads.set(state)
    try:
        yield state
    finally:
        _reads.reset(token)


@contextmanager
def read_from_replica() -> Iterator[Reads]:
    """Marks read-only work outside a request (a report built by a job) as fit for the replica."""
    with reads(Reads(replica=True)) as state:
        yield state


def replica_alias() -> str | None:
    return REPLICA if REPLICA in settings.DATABASES else None


def in_transaction() -> bool:
    """An atomic block of our code is open on the primary (the test case's own ones aside,
    as Django's ``durable`` check does)."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class ReplicaRouter:
    """Django database router: the replica for reads when allowed, the primary for everything else."""

    # The replica's alias; None: ``replica`` if settings define it (a subclass may name it).
    replica: str | None = None

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        replica = self.replica or replica_alias()
        state = _reads.get()
        if replica is None or state is None or not state.replica or state.wrote:
            return DEFAULT_DB_ALIAS
        if in_transaction():
            return DEFAULT_DB_ALIAS  # a transaction reads what it is about to change
        instance = hints.get("instance")
        if instance is not None and getattr(instance._state, "db", None) == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS  # related rows of an object read or saved on the primary
        return replica

    def db_for_write(self, model: type, **hints: Any) -> str:
        state = _reads.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None  # the replica follows the primary's schema


def pinned_until(request: HttpRequest) -> float:
    return time_cookie(request, PIN_COOKIE)


class PrimaryAfterWriteMiddleware:
    """Sends a request's reads to the replica unless it writes or its user wrote a moment ago.

    Goes first in MIDDLEWARE (before sessions and authentication read anything).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        unsafe = request.method not in SAFE_METHODS
        replica_ok = not unsafe and pinned_until(request) <= time.time()
        with reads(Reads(replica=replica_ok)) as state:
            response = self.get_response(request)
        if unsafe or state.wrote:
            seconds = int(getattr(settings, "REPLICA_PIN_SECONDS", 10))
            set_time_cookie(response, PIN_COOKIE, time.time() + seconds, seconds)
        return response
