"""Fixtures of the skills tests (shared with protection, voice and activities): members, form posts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.members.models import Member
from gonghui.orgs.models import Organization


@pytest.fixture
def make_member(db: Any) -> Callable[..., Member]:
    counter = {"n": 0}

    def make(union: Organization, name: str = "", **kw: Any) -> Member:
        counter["n"] += 1
        n = counter["n"]
        return Member.objects.create(
            organization=union,
            name=name or f"会员{n}",
            gender=kw.pop("gender", "F"),
            id_number=f"TEST{union.pk:04d}{n:06d}",
            **kw,
        )

    return make


@pytest.fixture
def post_record(tree: Any, make_user: Any, login: Any) -> Callable[..., Any]:
    """Post the create form of a record type as the chair of union A (or ``role`` at ``org``)."""

    def post(
        slug: str, data: dict[str, Any], *, org: Organization | None = None, role: str = Role.CHAIR
    ) -> Any:
        client: Client = login(make_user(role, org or tree.union_a))
        return client.post(reverse("records:create", kwargs={"rt": slug}), {"owner": tree.union_a.pk, **data})

    return post


@pytest.fixture
def api(tree: Any, make_user: Any) -> Callable[..., Client]:
    """An API client with a token of ``role`` at ``org`` (the chair of union A by default)."""
    from gonghui.accounts.services import token_create

    def make(org: Organization | None = None, role: str = Role.CHAIR) -> Client:
        _token, raw = token_create(user=make_user(role, org or tree.union_a), name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make
