"""The finance pages and endpoints of our own see nothing of another tree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.finance.models import Category, Voucher, VoucherStatus
from gonghui.finance.tests.factories import voucher, voucher_line

URL_CASES = {
    "finance:voucher-post",
    "finance:voucher-reverse",
    "finance:ledger",
    "finance:ledger-export",
    "finance:dues-calculator",
}
API_CASES = {
    ("/api/v1/vouchers/{pk}/post", "post"),
    ("/api/v1/vouchers/{pk}/reverse", "post"),
    ("/api/v1/vouchers/ledger", "get"),
    ("/api/v1/dues-records/calculate", "get"),
}

ROLES = {"finance": Role.FINANCE, "chair": Role.CHAIR, "federation_admin": Role.FEDERATION_ADMIN}


@pytest.fixture(params=list(ROLES))
def insider(request: Any, tree: Any, make_user: Any) -> Any:
    """A user of the city tree: union A's finance officer or chair, or the city's admin."""
    org = tree.city if request.param == "federation_admin" else tree.union_a
    return make_user(ROLES[request.param], org)


def _books(union: Any, description: str) -> Voucher:
    """A posted voucher with one line (posted directly: the services are tested elsewhere)."""
    v = voucher(union, description=description)
    voucher_line(union, voucher=v, category=Category.DUES, amount=Decimal("777.77"))
    v.status, v.number, v.income_total = VoucherStatus.POSTED, 1, Decimal("777.77")
    v.save()
    return v


def test_pages_refuse_the_other_tree(tree: Any, insider: Any, login: Any) -> None:
    theirs = _books(tree.union_b, "乙乡收会费")
    ours = _books(tree.union_a, "甲局收会费")
    c = login(insider)
    for name in ("finance:voucher-post", "finance:voucher-reverse"):
        url = reverse(name, kwargs={"pk": theirs.pk})
        assert c.get(url).status_code == 404
        assert c.post(url, {"reason": "错", "on": "2025-06-01"}).status_code == 404
        assert c.get(reverse(name, kwargs={"pk": ours.pk})).status_code in (200, 403)
    assert not Voucher.objects.filter(reverses=theirs).exists()
    for name in ("finance:ledger", "finance:ledger-export", "finance:dues-calculator"):
        assert c.get(reverse(name), {"org": tree.union_b.pk, "year": 2025}).status_code == 404
        assert c.get(reverse(name), {"org": tree.county.pk, "year": 2025}).status_code == 404
    page = c.get(reverse("finance:ledger"), {"org": tree.union_a.pk, "year": 2025})
    assert page.status_code == 200
    text = page.content.decode()
    assert "777.77" in text and "乙乡" not in text
    export = c.get(reverse("finance:ledger-export"), {"org": tree.union_a.pk, "year": 2025})
    assert export.status_code == 200
    calc = c.get(reverse("finance:dues-calculator"), {"org": tree.union_a.pk, "wage": "4567"})
    assert calc.status_code == 200 and "22.80" in calc.content.decode()


def test_endpoints_refuse_the_other_tree(tree: Any, insider: Any) -> None:
    theirs = _books(tree.union_b, "乙乡收会费")
    draft = voucher(tree.union_b, description="乙乡草稿")
    voucher_line(tree.union_b, voucher=draft)
    _books(tree.union_a, "甲局收会费")
    _token, raw = token_create(user=insider, name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert c.post(f"/api/v1/vouchers/{draft.pk}/post").status_code == 404
    resp = c.post(f"/api/v1/vouchers/{theirs.pk}/reverse", {"reason": "错"}, content_type="application/json")
    assert resp.status_code == 404
    draft.refresh_from_db()
    assert draft.status == VoucherStatus.DRAFT and not Voucher.objects.filter(reverses=theirs).exists()
    assert c.get("/api/v1/vouchers/ledger", {"org": tree.union_b.pk}).status_code == 404
    assert (
        c.get("/api/v1/dues-records/calculate", {"org": tree.union_b.pk, "wage": "5000"}).status_code == 404
    )
    mine = c.get("/api/v1/vouchers/ledger", {"org": tree.union_a.pk, "year": 2025}).json()
    assert mine["income_total"] == "777.77" and mine["balanced"] is True
    calc = c.get("/api/v1/dues-records/calculate", {"org": tree.union_a.pk, "wage": "4567.89"}).json()
    assert calc["dues"] == "22.80" and calc["counted_wage"] == "4560.00"
