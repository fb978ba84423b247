"""A list filter's empty choice reads 全部, never Django's "---------" (issue 18, item 11b)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.records import registry


@pytest.mark.parametrize("slug", ["hardship-files", "members", "disclosures", "aid-cases"])
def test_every_filter_offers_all_instead_of_dashes(tree: Any, make_user: Any, login: Any, slug: str) -> None:
    client = login(make_user(Role.CHAIR, tree.union_a))
    page = client.get(reverse("records:list", kwargs={"rt": slug}), {"org": tree.union_a.pk}).content.decode()
    assert "---------" not in page
    selects = re.findall(r"<select[^>]*>(.*?)</select>", page, re.S)
    filters = [s for s in selects if 'value=""' in s or 'value="unknown"' in s]
    assert filters, slug
    for s in filters:
        first = re.search(r"<option[^>]*>([^<]*)</option>", s)
        assert first and first.group(1) == "全部", (slug, s[:200])


def test_no_record_type_filter_shows_dashes(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    for rt in registry:
        page = client.get(reverse("records:list", kwargs={"rt": rt.slug})).content.decode()
        assert "---------" not in page and ">未知<" not in page, rt.slug
