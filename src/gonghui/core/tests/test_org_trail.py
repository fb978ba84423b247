"""The breadcrumbs above a union: its ancestors that the reader may see, root first."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Role
from gonghui.core.scope import scope
from gonghui.core.templatetags.gonghui import org_trail


def _trail(user: Any, org: Any) -> list[str]:
    with scope(organization=get_access(user).visible_orgs()):
        return [a.code for a in org_trail(org)["ancestors"]]


def test_the_trail_shows_the_ancestors_in_scope_only(tree: Any, make_user: Any) -> None:
    federation = make_user(Role.FEDERATION_ADMIN, tree.city)
    chair = make_user(Role.CHAIR, tree.union_a)
    assert _trail(federation, tree.group_a1) == ["CITY", "UA"]
    assert _trail(chair, tree.group_a1) == ["UA"]  # the city above the chair's union stays hidden
    assert _trail(federation, tree.city) == []
