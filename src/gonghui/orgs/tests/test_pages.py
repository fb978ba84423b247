"""Organization pages: tree browser, create, edit, move, dissolve, switcher, home."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.conftest import make_org
from gonghui.orgs.models import Organization, OrgType


def test_federation_admin_sees_exactly_its_subtree(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    page = c.get("/orgs/", {"org": tree.city.pk}).content.decode()
    for name in ("甲市总工会", "甲局工会", "甲一小组", "丙厂工会"):
        assert name in page
    for name in ("乙县总工会", "乙乡工会"):
        assert name not in page
    rows = c.get(reverse("orgs:tree-children", kwargs={"pk": tree.city.pk})).content.decode()
    assert "甲局工会" in rows and "丙厂工会" in rows and "甲一小组" not in rows


def _tree_counts(html: str) -> dict[str, dict[str, int]]:
    """Each row of the tree browser: the organization's name → the units and groups it shows."""
    rows = {}
    for item in html.split('<li class="list-group-item py-1"')[1:]:
        name = re.search(r'<a href="[^"]*"[^>]*>([^<]+)</a>', item)
        shown = re.search(r'<small class="ms-auto text-muted">(.*?)</small>', item, re.S)
        assert name and shown, item
        counts = {}
        for n, kind in re.findall(r"(\d+) 个(单位|小组)", shown.group(1)):
            counts["units" if kind == "单位" else "groups"] = int(n)
        rows[name.group(1)] = counts
    return rows


def test_tree_browser_shows_counts(tree: Any, make_user: Any, login: Any) -> None:
    make_org(tree.union_a, "UA-G3", OrgType.GROUP, name="甲三小组")
    make_org(tree.county, "UB2", name="乙二厂工会")  # another tree: counted nowhere here
    c = login(make_user(Role.VIEWER, tree.city))
    page = c.get(reverse("orgs:tree")).content.decode()
    # Below the city: union A and union C (two units), union A's three groups.
    assert _tree_counts(page) == {"甲市总工会": {"units": 2, "groups": 3}}
    assert reverse("orgs:tree-children", kwargs={"pk": tree.city.pk}) in page
    children = c.get(reverse("orgs:tree-children", kwargs={"pk": tree.city.pk}))
    assert _tree_counts(children.content.decode()) == {"甲局工会": {"groups": 3}, "丙厂工会": {}}
    groups = c.get(reverse("orgs:tree-children", kwargs={"pk": tree.union_a.pk}))
    assert _tree_counts(groups.content.decode()) == {"甲一小组": {}, "甲二小组": {}, "甲三小组": {}}


def test_chair_adds_a_group_but_cannot_move_or_dissolve_own_union(
    tree: Any, make_user: Any, login: Any
) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    resp = c.post(
        reverse("records:create", kwargs={"rt": "orgs"}),
        {"owner": tree.union_a.pk, "code": "UA-G3", "name": "甲三小组", "org_type": OrgType.GROUP},
    )
    assert resp.status_code == 302
    group = Organization.objects.get(code="UA-G3")
    assert group.path.startswith(tree.union_a.path)
    assert c.get(reverse("orgs:move", kwargs={"pk": tree.union_a.pk})).status_code == 403
    assert (
        c.post(reverse("orgs:dissolve", kwargs={"pk": tree.union_a.pk}), {"on": "2025-01-01"}).status_code
        == 403
    )
    # ...but may dissolve a group under it.
    resp = c.post(reverse("orgs:dissolve", kwargs={"pk": group.pk}), {"on": "2025-01-01", "reason": "合并"})
    assert resp.status_code == 302
    assert Organization.objects.get(pk=group.pk).status == "dissolved"


def test_create_with_bad_input_shows_field_errors_and_writes_nothing(
    tree: Any, make_user: Any, login: Any
) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    before = Organization.objects.count()
    resp = c.post(
        reverse("records:create", kwargs={"rt": "orgs"}),
        {
            "owner": tree.union_a.pk,
            "code": "UA",
            "name": "",
            "org_type": OrgType.FEDERATION,
            "contact_phone": "123",
        },
    )
    assert resp.status_code == 400
    form = resp.context["form"]
    assert {"name", "contact_phone"} <= set(form.errors)
    assert Organization.objects.count() == before
    # With the fields right, the tree rules speak: a federation cannot sit under a grassroots union.
    resp = c.post(
        reverse("records:create", kwargs={"rt": "orgs"}),
        {"owner": tree.union_a.pk, "code": "NEWF", "name": "新总工会", "org_type": OrgType.FEDERATION},
    )
    assert resp.status_code == 400 and "org_type" in resp.context["form"].errors
    assert Organization.objects.count() == before


def test_move_page_moves_and_refuses_cycles(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    url = reverse("orgs:move", kwargs={"pk": tree.union_c.pk})
    assert c.get(url).status_code == 200
    cycle = c.post(reverse("orgs:move", kwargs={"pk": tree.union_a.pk}), {"new_parent": tree.group_a1.pk})
    assert cycle.status_code == 400
    resp = c.post(url, {"new_parent": tree.union_a.pk})
    assert resp.status_code == 400  # a grassroots union cannot sit under a grassroots union
    tree.refresh()
    assert tree.union_c.depth == 2


def test_edit_records_history_with_the_user(tree: Any, make_user: Any, login: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    c = login(user)
    resp = c.post(
        reverse("records:update", kwargs={"rt": "orgs", "pk": tree.union_a.pk}),
        {
            "code": "UA",
            "name": "甲局工会（新）",
            "org_type": OrgType.GRASSROOTS,
            "contact_phone": "13800000000",
        },
    )
    assert resp.status_code == 302
    rec = Organization.objects.get(pk=tree.union_a.pk).history.first()
    assert rec.history_user == user and rec.name == "甲局工会（新）"
    page = c.get(reverse("records:history", kwargs={"rt": "orgs", "pk": tree.union_a.pk})).content.decode()
    assert "甲局工会（新）" in page and "甲局工会" in page


def test_switcher_changes_the_current_org(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    assert "甲市总工会" in c.get("/").content.decode()
    results = c.get(reverse("orgs:switch"), {"q": "甲局"}).content.decode()
    assert "甲局工会" in results and "乙" not in results
    resp = c.post(reverse("orgs:switch"), {"org": tree.union_a.pk, "next": "https://evil.example/"})
    assert resp.status_code == 302 and resp["Location"] == "/"
    home = c.get("/").content.decode()
    assert "甲一小组" in home  # the union's groups are listed on its home page
    # Lists default to the current organization's subtree.
    listing = c.get("/orgs/").content.decode()
    assert "丙厂工会" not in listing and "甲一小组" in listing


def test_anonymous_is_sent_to_login(client: Any, tree: Any) -> None:
    for url in ("/", "/orgs/", f"/orgs/{tree.union_a.pk}/", reverse("orgs:tree")):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith("/accounts/login/")


def test_home_shows_key_figures_of_the_work_year(tree: Any, make_user: Any, login: Any) -> None:
    from gonghui.orgs.models import EmployerYear

    EmployerYear.objects.create(organization=tree.union_a, year=2024, employer_name="甲局", employees=150)
    EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=321)
    c = login(make_user(Role.CHAIR, tree.union_a))
    resp = c.get("/")
    assert resp.context["year"] == 2025
    figures = {f["name"]: f["value"] for f in resp.context["figures"]}
    assert figures["employees"] == "321" and figures["union_group_count"] == "2"
    figures = {f["name"]: f["value"] for f in c.get("/", {"year": 2024}).context["figures"]}
    assert figures["employees"] == "150"
    assert c.get("/", {"year": "abc"}).status_code == 200
