"""Scoping cases of the reports' pack pages and endpoints (collected by tests/test_scoping.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.models import AuditEvent
from gonghui.reports.pack.models import PackSetting
from gonghui.reports.tests.pack_helpers import YEAR, seed

URL_CASES: list[str] = ["reports:pack", "reports:pack-download", "reports:pack-setting"]
API_CASES: list[tuple[str, str]] = [("/api/v1/reports/pack", "get")]


def _users(tree: Any, make_user: Any) -> list[Any]:
    """People of the city tree: union_a's chair and the city's federation admin."""
    return [make_user(Role.CHAIR, tree.union_a), make_user(Role.FEDERATION_ADMIN, tree.city)]


def test_pack_pages_refuse_the_other_tree(tree: Any, make_user: Any, login: Any) -> None:
    seed(tree.union_b)
    for user in _users(tree, make_user):
        c = login(user)
        for name in URL_CASES:
            for target in (tree.union_b, tree.county):
                url = f"{reverse(name)}?org={target.pk}&year={YEAR}"
                assert c.get(url).status_code == 404, (user, name, target)
        url = f"{reverse('reports:pack-setting')}?org={tree.county.pk}"
        assert c.post(url, {"ledger_set": "wubu-erce-yidang"}).status_code == 404
    assert not PackSetting.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["reports.pack", "reports.pack_set"]).exists()
    assert AuditEvent.objects.filter(action="scope.denied").exists()
    # Control: the county's own people reach them.
    admin = login(make_user(Role.FEDERATION_ADMIN, tree.county))
    assert admin.get(f"{reverse('reports:pack')}?org={tree.union_b.pk}").status_code == 200
    url = f"{reverse('reports:pack-download')}?org={tree.union_b.pk}&year={YEAR}"
    assert admin.get(url).status_code == 200
    setting = f"{reverse('reports:pack-setting')}?org={tree.county.pk}"
    assert admin.post(setting, {"ledger_set": "wubu-erce-yidang"}).status_code == 302
    assert PackSetting.objects.filter(organization=tree.county).count() == 1


def test_a_reader_without_org_manage_cannot_choose(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.VIEWER, tree.city))
    url = f"{reverse('reports:pack-setting')}?org={tree.city.pk}"
    assert c.get(url).status_code == 404
    assert c.post(url, {"ledger_set": "default"}).status_code == 404
    assert not PackSetting.objects.exists()


def test_pack_api_refuses_the_other_tree(tree: Any, make_user: Any) -> None:
    seed(tree.union_b)
    for user in _users(tree, make_user):
        _token, raw = token_create(user=user, name="t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        for target in (tree.union_b, tree.county):
            resp = api.get("/api/v1/reports/pack", {"org": target.pk, "year": YEAR})
            assert resp.status_code == 404, (user, target)
    assert not AuditEvent.objects.filter(action="reports.pack").exists()
    _token, raw = token_create(user=make_user(Role.CHAIR, tree.union_b), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/reports/pack", {"org": tree.union_b.pk, "year": YEAR}).status_code == 200
