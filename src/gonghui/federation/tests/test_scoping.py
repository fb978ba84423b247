"""Scoping of the federation's pages: the collection of annual returns (the record type's pages
and API are covered by core's shared scoping tests through ``factories.py``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.federation.models import AnnualReturn
from gonghui.federation.tests.test_collect import _page, _town_admin, _xlsx

URL_CASES = ["federation:returns", "federation:returns-year", "federation:returns-template"]


def test_only_the_federation_s_managers_open_the_page(
    tree: Any, town: Any, make_user: Any, login: Any
) -> None:
    rows = [["工会代码", "会员人数"], ["T1", 10]]
    # A county admin asking for the town: 404, and nothing filed.
    client = login(make_user(Role.FEDERATION_ADMIN, tree.county))
    assert client.get(_page(org=town.town)).status_code == 404
    assert client.get(_page(org=town.town, name="federation:returns-template")).status_code == 404
    assert client.post(_page(org=town.town), {"file": _xlsx(rows)}).status_code == 404
    # A viewer of the town may read it but not manage it: refused.
    client = login(make_user(Role.VIEWER, town.town))
    assert client.get(_page(org=town.town)).status_code in (403, 404)
    assert client.post(_page(org=town.town), {"file": _xlsx(rows)}).status_code in (403, 404)
    # A union's chair manages its union, which collects no returns: 404.
    client = login(make_user(Role.CHAIR, town.union_t1))
    assert client.get(_page(org=town.union_t1)).status_code == 404
    assert not AnnualReturn.objects.exists()
    # The town's admin sees the page; the menu's link opens on last year's returns.
    client = _town_admin(town, make_user, login)
    assert client.get(_page(org=town.town)).status_code == 200
    assert client.get(reverse("federation:returns") + f"?org={town.town.pk}").status_code == 200
