"""Every page is scoped: a user of one tree gets nothing of another.

``test_every_url_has_a_scoping_case`` walks the URL configuration: a new URL
without a case fails the suite. Record-type URLs are covered for every
registered type through ``record_factories``; an app's own pages are covered by
its ``tests/test_scoping.py``, which lists them in ``URL_CASES``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.accounts.access import get_access
from gonghui.accounts.models import ApiToken, RoleGrant
from gonghui.accounts.roles import ROLE_PERMS, Role
from gonghui.core.discovery import app_modules
from gonghui.core.forms import form_class
from gonghui.core.models import Attachment
from gonghui.core.records import record_create, registry
from gonghui.core.tests.record_factories import (
    RECORD_FACTORIES,
    create_cases,
    create_places,
    creator,
    form_post,
    make_record,
    record_values,
)

PUBLIC = {"accounts:login", "set_language"}
# Pages about the user's own account; tested for touching only the caller in accounts/tests.
OWN_ACCOUNT = {"accounts:logout", "accounts:password"}

RECORD_OBJECT_URLS = [
    "records:detail",
    "records:update",
    "records:delete",
    "records:history",
    "records:attachment-upload",
]
RECORD_LIST_URLS = ["records:list", "records:export", "records:create"]
ORG_OBJECT_URLS = ["orgs:move", "orgs:dissolve", "orgs:reactivate", "orgs:tree-children"]
LIST_PAGES = ["home", "orgs:tree", "orgs:switch", "accounts:grants", "accounts:tokens"]
OBJECT_MISC = ["records:attachment", "records:attachment-delete", "accounts:revoke"]
CASES = set(RECORD_OBJECT_URLS + RECORD_LIST_URLS + ORG_OBJECT_URLS + LIST_PAGES + OBJECT_MISC)
APP_CASES = {name for m in app_modules("tests.test_scoping") for name in getattr(m, "URL_CASES", ())}


def walk(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names.extend(walk(p, ns))
        elif isinstance(p, URLPattern) and p.name:
            names.append(prefix + p.name)
    return names


def test_every_url_has_a_scoping_case() -> None:
    names = {n for n in walk(get_resolver()) if not n.startswith("api:")}
    missing = names - PUBLIC - OWN_ACCOUNT - CASES - APP_CASES
    assert not missing, f"URLs without a scoping test: {sorted(missing)}"


def test_every_record_type_has_a_factory() -> None:
    missing = {rt.slug for rt in registry} - set(RECORD_FACTORIES)
    assert not missing, f"record types without a factory in record_factories.py: {sorted(missing)}"


@pytest.fixture(params=["chair", "federation_admin"])
def outsider(request: Any, tree: Any, make_user: Any, login: Any) -> Any:
    """A user of the city tree: the chair of union A, or the city's federation admin."""
    if request.param == "chair":
        user = make_user(Role.CHAIR, tree.union_a)
    else:
        user = make_user(Role.FEDERATION_ADMIN, tree.city)
    client = login(user)
    # The outsider's own records are the control; a type its role may not read at all
    # (hardship files for a federation admin) is only checked for hiding the other tree.
    client.perms = ROLE_PERMS[request.param]
    return client


def _attachment(org: Any, record: Any) -> Attachment:
    att = Attachment(
        organization=org,
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        original_name="secret-乙.pdf",
        mime_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    att.file.save("secret.pdf", ContentFile(b"%PDF-1.4"), save=False)
    att.save()
    return att


@pytest.mark.parametrize("slug", [rt.slug for rt in registry])
@pytest.mark.parametrize("url_name", RECORD_OBJECT_URLS)
def test_record_object_pages_refuse_other_tree(outsider: Any, tree: Any, slug: str, url_name: str) -> None:
    theirs = make_record(slug, tree.union_b)
    ours = make_record(slug, tree.union_a)
    url = reverse(url_name, kwargs={"rt": slug, "pk": theirs.pk})
    codes = {outsider.get(url).status_code, outsider.post(url, {}).status_code}
    assert 404 in codes and codes <= {404, 405}
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    # Control: the same page for the user's own record is there.
    if registry.get(slug).view_perm in outsider.perms:
        url = reverse(url_name, kwargs={"rt": slug, "pk": ours.pk})
        assert outsider.get(url).status_code != 404 or outsider.post(url).status_code != 404


@pytest.mark.parametrize("slug", [rt.slug for rt in registry])
def test_record_lists_and_exports_hide_other_tree(outsider: Any, tree: Any, slug: str) -> None:
    theirs = make_record(slug, tree.union_b)
    ours = make_record(slug, tree.union_a)
    rt = registry.get(slug)
    for params in ({}, {"org": tree.union_b.pk}, {"org": tree.county.pk}, {"q": str(theirs)[:4]}):
        page = outsider.get(reverse("records:list", kwargs={"rt": slug}), params).content.decode()
        assert f"/{slug}/{theirs.pk}/" not in page
    page = outsider.get(
        reverse("records:list", kwargs={"rt": slug}), {"org": tree.union_a.pk}
    ).content.decode()
    assert (f"/{slug}/{ours.pk}/" in page) == (rt.view_perm in outsider.perms)
    export_url = reverse("records:export", kwargs={"rt": slug})
    assert (
        outsider.get(export_url, {"format": "csv", "org": tree.county.pk}).status_code == 404
    )  # requested_org
    export = b"".join(outsider.get(export_url, {"format": "csv"}).streaming_content).decode()
    assert str(theirs) not in export


@pytest.mark.parametrize(("slug", "where"), create_cases())
def test_record_create_refuses_other_unions(
    tree: Any, make_user: Any, login: Any, slug: str, where: str
) -> None:
    """Complete, valid data for another union is refused, on the owner alone, by the page and by
    the service behind it (which checks the right itself); the same data is created in the
    user's own union (the control: nothing else was wrong with it)."""
    rt = registry.get(slug)
    home, refused = create_places(slug, where, tree)
    user = creator(slug, where, tree, make_user)
    client = login(user)
    data = form_post(record_values(slug, home))
    url = reverse("records:create", kwargs={"rt": slug})
    form = form_class(rt)(data=data)
    assert form.is_valid(), form.errors
    before = rt.model.objects.count()
    for label, org in refused.items():
        resp = client.post(url, {**data, "owner": org.pk})
        assert resp.status_code == 400, (label, resp.status_code)
        errors = resp.context["form"].errors
        assert list(errors) == ["owner"], (label, errors)  # the owner, and nothing else, is wrong
        with pytest.raises(PermissionDenied):
            record_create(rt, access=get_access(user), organization=org, data=dict(form.cleaned_data))
        assert rt.model.objects.count() == before, label
    resp = client.post(url, {**data, "owner": home.pk})
    assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp.status_code
    assert rt.model.objects.count() == before + 1


@pytest.mark.parametrize("url_name", ORG_OBJECT_URLS)
def test_org_actions_refuse_other_tree(outsider: Any, tree: Any, url_name: str) -> None:
    url = reverse(url_name, kwargs={"pk": tree.union_b.pk})
    codes = {
        outsider.get(url).status_code,
        outsider.post(url, {"new_parent": tree.city.pk, "on": "2025-01-01"}).status_code,
    }
    assert 404 in codes and codes <= {404, 405}
    tree.refresh()
    assert tree.union_b.is_active and tree.union_b.path.startswith(tree.county.path)
    assert outsider.get(reverse(url_name, kwargs={"pk": tree.group_a1.pk})).status_code != 404


def test_list_pages_hide_other_tree(outsider: Any, tree: Any, make_user: Any) -> None:
    other = make_user(Role.CHAIR, tree.union_b, username="bob_other")
    ApiToken.objects.create(user=other, name="乙的令牌", prefix="abcdefgh", key_hash="x" * 64)
    for name, params in [
        ("home", {}),
        ("orgs:tree", {}),
        ("orgs:switch", {"q": "乙"}),
        ("accounts:grants", {}),
        ("accounts:grants", {"q": "bob"}),
        ("accounts:tokens", {}),
    ]:
        resp = outsider.get(reverse(name), params)
        assert resp.status_code in (200, 403), name
        text = resp.content.decode()
        for secret in ("乙乡工会", "乙县总工会", "乙一小组", "bob_other", "乙的令牌"):
            assert secret not in text, (name, secret)
    # Switching to an organization of the other tree is refused.
    assert outsider.post(reverse("orgs:switch"), {"org": tree.union_b.pk}).status_code == 404


def test_misc_objects_refuse_other_tree(outsider: Any, tree: Any, make_user: Any) -> None:
    other = make_user(Role.CHAIR, tree.union_b)
    grant = RoleGrant.objects.get(user=other)
    att = _attachment(tree.union_b, tree.union_b)
    assert outsider.get(reverse("records:attachment", kwargs={"pk": att.pk})).status_code == 404
    assert outsider.post(reverse("records:attachment-delete", kwargs={"pk": att.pk})).status_code == 404
    assert outsider.post(reverse("accounts:revoke", kwargs={"pk": grant.pk})).status_code == 404
    assert Attachment.objects.filter(pk=att.pk).exists()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    mine = _attachment(tree.union_a, tree.union_a)
    assert outsider.get(reverse("records:attachment", kwargs={"pk": mine.pk})).status_code == 200
