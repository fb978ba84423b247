"""The leaf of scoping: what every app needs from it, importing nothing of ours.

Models, managers and selectors import from here (``subtree_q``, ``OrgScopedManager``,
``unscoped``); the request's scope is entered by ``accounts.middleware.ScopeMiddleware``,
and ``core.scoping`` adds the lookups that log and audit (``get_in_scope``).

Crossing unions has ONE way, named and with its reason, so that grep and a test find
every place that does it: ``with unscoped("why"):`` for a block, or
``Model.objects.unscoped("why")`` for a lazy queryset (a form field's choices, a
subquery evaluated later). ``_base_manager``, ``scopes_disabled`` and
``with_scopes_disabled`` are used nowhere else (``core/tests/test_code_rules.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager, get_scope, scope, scopes_disabled

if TYPE_CHECKING:
    from gonghui.orgs.models import Organization

__all__ = [
    "GROUPS",
    "ORG_MODEL",
    "PATH_UPPER",
    "OrgScopedManager",
    "get_scope",
    "group_q",
    "org_model",
    "org_of_instance",
    "scope",
    "subtree_q",
    "unscoped",
]

# The model a scope is made of. Core has no domain and imports no app: it reaches the
# union tree through ``org_model()`` (as Django's own code reaches the user through
# ``get_user_model()``); foreign keys name it "orgs.Organization".
ORG_MODEL = "orgs.Organization"


def org_model() -> type[Organization]:
    """The organization (union tree) model, from the app registry."""
    return cast("type[Organization]", apps.get_model(ORG_MODEL))


def org_of_instance(obj: Any) -> Any:
    """The organization a row belongs to (itself for an organization), or None."""
    if isinstance(obj, org_model()):
        return obj
    return getattr(obj, "organization", None) if hasattr(type(obj), "organization") else None


# Materialized paths use the alphabet 0-9A-Z, all below "~": every path that
# starts with P lies in [P, P + "~"), so a subtree is one index range scan on
# both databases (the path column is binary-collated).
PATH_UPPER = "~"


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose ``field`` lies in the subtree rooted at ``path`` (inclusive)."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": path + PATH_UPPER})


def _checked(reason: str) -> str:
    if not isinstance(reason, str) or len(reason.strip()) < 3:
        raise ValueError("unscoped() needs the reason for crossing unions")
    return reason


@contextmanager
def unscoped(reason: str) -> Iterator[None]:
    """Run a block across every union (commands, tree upkeep, federation metrics)."""
    _checked(reason)
    with scopes_disabled():
        yield


class _Crossing(models.Manager):
    def unscoped(self, reason: str) -> Any:
        """This model's rows of every union, lazily: the scope is not read when evaluated."""
        _checked(reason)
        return self.with_scopes_disabled()  # type: ignore[attr-defined]  # added by ScopedManager


# The scope's second key: the granted group nodes (ids) whose members a user may read. A
# group holds no rows of its own: its members belong to the union above and only point at
# it (``Member.union_group``), so a grant on a group reaches them through that field.
GROUPS = "groups"


def OrgScopedManager(  # noqa: N802
    org_field: str = "organization",
    base: type[models.Manager] = models.Manager,
    *,
    group_field: str | None = None,
) -> Any:
    """A default manager filtered to the active scope through ``org_field``.

    ``group_field``: the row's union group (a member's ``union_group``): rows whose group is
    one of the scope's granted groups (``GROUPS``) are in scope too, and no other row of
    their union. Without granted groups the filter is the plain one (no OR, no join).
    """
    crossing = type(f"Crossing{base.__name__}", (_Crossing, base), {})
    manager = ScopedManager(_manager_class=crossing, organization=f"{org_field}__in")
    if group_field is None:
        return manager
    scoped = type(manager)

    class GroupAware(scoped):  # type: ignore[misc,valid-type]
        def get_queryset(self) -> Any:
            current = getattr(self, "_override_scope", None) or get_scope()
            groups = current.get(GROUPS) if current.get("_enabled", True) else None
            if not groups or current.get("organization") is None:
                return super().get_queryset()
            rows = super(scoped, self).get_queryset()  # the unfiltered rows: the OR is written here
            return rows.filter(
                Q(**{f"{org_field}__in": current["organization"]}) | Q(**{f"{group_field}__in": groups})
            )

    return GroupAware()


def group_q(groups: Any, group_field: str = "union_group") -> Q:
    """Rows whose union group is one of ``groups`` (the members a grant on a group reaches)."""
    return Q(**{f"{group_field}__in": groups}) if groups else Q(pk__in=[])
