"""The one scoping mechanism for union data.

Every model that belongs to a union uses ``OrgScopedManager``: its default manager
raises ``ScopeError`` unless a scope is active, and inside a scope it filters to
the organizations the scope allows (a subquery over subtree path ranges, never a
list of ids). The leaf ``core.scope`` defines these; the scope is entered in
``accounts.middleware.ScopeMiddleware`` for every request from the user's role
grants. This module adds the lookups that log and audit (``get_in_scope``) and
keeps the scope across a streamed response (``in_this_scope``).

Code that must cross unions (commands, the demo, tree maintenance, metrics over a
federation, a transfer between two unions) has one way to say so, with its reason:
``with unscoped("why"):`` for a block, ``Model.objects.unscoped("why")`` for a lazy
queryset (``core/scope.py``). ``core/tests/test_code_rules.py`` refuses every other way
(``_base_manager``, django-scopes' own names) and lists the reasons for review.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404

from gonghui.core.audit import audit_log
from gonghui.core.scope import PATH_UPPER, OrgScopedManager, get_scope, scope, subtree_q, unscoped

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = [
    "PATH_UPPER",
    "OrgScopedManager",
    "get_in_scope",
    "in_this_scope",
    "scope",
    "subtree_q",
    "unscoped",
]

T = TypeVar("T")

security_log = logging.getLogger("gonghui.security")


def get_in_scope(queryset: models.QuerySet, request: HttpRequest | None = None, **lookup: Any) -> Any:
    """Fetch one object inside the active scope, or 404.

    Missing and forbidden answer alike; a hit outside the scope is logged as an
    access attempt so that probing is visible.
    """
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        pass
    with unscoped("is the miss a record of another union: then it is logged"):
        try:
            exists = queryset.model._default_manager.filter(**lookup).exists()
        except (ValueError, TypeError):
            exists = False
    if exists:
        user = getattr(request, "user", None)
        security_log.warning(
            "out-of-scope access user=%s model=%s lookup=%s",
            getattr(user, "pk", None),
            queryset.model._meta.label,
            lookup,
        )
        audit_log(
            "scope.denied",
            request=request,
            detail={"model": queryset.model._meta.label, "lookup": {k: str(v) for k, v in lookup.items()}},
        )
    raise Http404


def in_this_scope(items: Iterable[T]) -> Iterator[T]:
    """``items`` produced, to the last one, inside the scope in force now.

    A streaming response is iterated after the view has returned and the middleware's
    scope has closed: its generator is wrapped here while the request's scope holds,
    and every step re-enters that scope (a scoped query in it then sees what the
    request may see, instead of raising ``ScopeError`` halfway through the stream).
    """
    captured = dict(get_scope())

    def run() -> Iterator[T]:
        iterator = iter(items)
        while True:
            with scope(**captured):  # entered per step: the stream may be paused between rows
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    return run()
