"""Fixtures of the federation tests: a township below the city with unions of its own."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.conftest import make_org
from gonghui.orgs.models import OrgType
from gonghui.skills.tests.conftest import api  # noqa: F401


class Town:
    """city ─ town ─ union_t1, union_t2 (─ branch_t2) ; city ─ union_a (the tree's, with groups)."""

    def __init__(self, tree: Any) -> None:
        self.town = make_org(tree.city, "TOWN", OrgType.TOWNSHIP, name="丁镇总工会")
        self.union_t1 = make_org(self.town, "T1", name="丁镇一厂工会")
        self.union_t2 = make_org(self.town, "T2", OrgType.JOINT, name="丁镇联合工会")
        self.branch_t2 = make_org(self.union_t2, "T2-B", OrgType.BRANCH, name="丁镇联合工会一分会")


@pytest.fixture
def town(tree: Any) -> Town:
    return Town(tree)
