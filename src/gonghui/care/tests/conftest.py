"""Fixtures of the care tests: a union with members, a local line, users in every role."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.accounts.roles import Role
from gonghui.care.tests.helpers import make_member, make_standard


@pytest.fixture
def care(tree: Any, make_user: Any) -> Any:
    """union_a under the city (低保线 750 in 2025), its people, and users of each role."""

    class Care:
        pass

    c = Care()
    c.tree = tree
    c.standard = make_standard(tree.city, 2025, "750")
    c.member = make_member(tree.union_a, "张伟")
    c.other = make_member(tree.union_a, "李娜")
    c.member_b = make_member(tree.union_b, "王芳")
    c.chair = make_user(Role.CHAIR, tree.union_a, username="chair_a")
    c.finance = make_user(Role.FINANCE, tree.union_a, username="finance_a")
    c.auditor = make_user(Role.AUDITOR, tree.union_a, username="auditor_a")
    c.leader = make_user(Role.GROUP_LEADER, tree.group_a1, username="leader_a1")
    # Roles are data: a group leader's role granted on the union itself still lacks care.hardship.
    c.leader_union = make_user(Role.GROUP_LEADER, tree.union_a, username="leader_ua")
    c.viewer = make_user(Role.VIEWER, tree.city, username="viewer_city")
    c.admin = make_user(Role.FEDERATION_ADMIN, tree.city, username="admin_city")
    c.chair_b = make_user(Role.CHAIR, tree.union_b, username="chair_b")
    return c


@pytest.fixture
def access_of() -> Any:
    from gonghui.accounts.access import Access, load_grants

    return lambda user: Access(user, load_grants(user))
