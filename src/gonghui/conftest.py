"""Shared fixtures: two separate trees (city and county) and users holding roles in them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from gonghui.accounts.models import RoleGrant, User
from gonghui.core.scope import unscoped
from gonghui.orgs.models import Organization, OrgType
from gonghui.orgs.services import org_create


@pytest.fixture(autouse=True)
def _unscoped_test_body() -> Iterator[None]:
    """Test bodies read and write freely; requests still run inside their user's scope."""
    with unscoped("test bodies set up and check every union"):
        yield


def make_org(
    parent: Organization | None, code: str, org_type: str = OrgType.GRASSROOTS, **kw: Any
) -> Organization:
    return org_create(
        parent=parent, data={"code": code, "name": kw.pop("name", f"{code} 工会"), "org_type": org_type, **kw}
    )


class Tree:
    """city ─ union_a ─ group_a1, group_a2 ; city ─ union_c ;  county ─ union_b ─ group_b1"""

    def __init__(self) -> None:
        self.city = make_org(None, "CITY", OrgType.FEDERATION, name="甲市总工会")
        self.union_a = make_org(self.city, "UA", name="甲局工会")
        self.group_a1 = make_org(self.union_a, "UA-G1", OrgType.GROUP, name="甲一小组")
        self.group_a2 = make_org(self.union_a, "UA-G2", OrgType.GROUP, name="甲二小组")
        self.union_c = make_org(self.city, "UC", name="丙厂工会")
        self.county = make_org(None, "COUNTY", OrgType.FEDERATION, name="乙县总工会")
        self.union_b = make_org(self.county, "UB", name="乙乡工会")
        self.group_b1 = make_org(self.union_b, "UB-G1", OrgType.GROUP, name="乙一小组")

    def refresh(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, Organization):
                setattr(self, name, Organization.objects.get(pk=value.pk))


@pytest.fixture
def tree(db: Any) -> Tree:
    return Tree()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str | None = None, org: Organization | None = None, **kw: Any) -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            username=kw.pop("username", f"user{counter['n']}"),
            password=kw.pop("password", "pass-word-123"),
            **kw,
        )
        if role is not None and org is not None:
            RoleGrant.objects.create(user=user, organization=org, role=role)
        return user

    return make


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return do


@pytest.fixture(scope="module")
def demo_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo loaded once for a test module, inside a transaction rolled back at its end (the
    demo takes a minute: modules that only read it share one load)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", "--quiet")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
