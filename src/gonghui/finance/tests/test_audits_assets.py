"""Audits are written by auditors, assets by the finance officer; both validate their dates and disposal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.advice import advice_of
from gonghui.core.records import record_create, registry
from gonghui.finance.models import Asset, Audit, AuditPlan
from gonghui.finance.tests.conftest import access_of
from gonghui.finance.tests.factories import voucher

AUDIT = {
    "kind": "annual_review",
    "audit_date": "2025-12-20",
    "period_start": "2025-01-01",
    "period_end": "2025-11-30",
    "scope": "年度预决算审查",
    "auditors": "张伟、陈静",
}


def test_auditors_write_audits_but_not_vouchers(tree: Any, auditor: Any, officer: Any, login: Any) -> None:
    c = login(auditor)
    plan = c.post(
        reverse("records:create", kwargs={"rt": "audit-plans"}),
        {"owner": tree.union_a.pk, "year": 2025, "title": "经审工作计划"},
    )
    assert plan.status_code == 302
    plan = AuditPlan.objects.get()
    resp = c.post(
        reverse("records:create", kwargs={"rt": "audits"}) + f"?plan={plan.pk}",
        {"owner": tree.union_a.pk, "plan": plan.pk, **AUDIT},
    )
    assert resp.status_code == 302
    audit = Audit.objects.get()
    assert audit.plan == plan and audit.organization == tree.union_a
    assert c.get(reverse("records:create", kwargs={"rt": "vouchers"})).status_code == 403
    assert c.get(reverse("records:create", kwargs={"rt": "assets"})).status_code == 403
    # The finance officer keeps the books but does not audit them.
    assert login(officer).get(reverse("records:create", kwargs={"rt": "audits"})).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": "2024-12-31"}, "period_end"),
        ({"audit_date": "2024-12-01"}, "audit_date"),
        ({"rectified_on": "2025-12-01"}, "rectified_on"),
        ({"reported_on": "2025-12-01"}, "reported_on"),
    ],
)
def test_audit_dates_must_be_in_order(tree: Any, auditor: Any, login: Any, change: dict, field: str) -> None:
    resp = login(auditor).post(
        reverse("records:create", kwargs={"rt": "audits"}), {"owner": tree.union_a.pk, **AUDIT, **change}
    )
    assert resp.status_code == 400 and resp.context["form"].errors[field]
    assert not Audit.objects.exists()


def test_the_reminder_asks_for_a_yearly_audit(tree: Any, auditor: Any) -> None:
    assert any("尚无经费审查" in a.message for a in advice_of(tree.union_a, dt.date(2025, 11, 1)))
    assert not any("尚无经费审查" in a.message for a in advice_of(tree.group_a1, dt.date(2025, 11, 1)))
    record_create(
        registry.get("audits"),
        access=access_of(auditor),
        organization=tree.union_a,
        data={
            "kind": "regular",
            "audit_date": dt.date(2025, 7, 1),
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 6, 30),
            "scope": "上半年",
            "auditors": "张伟",
        },
    )
    assert not any("尚无经费审查" in a.message for a in advice_of(tree.union_a, dt.date(2025, 11, 1)))


ASSET = {
    "name": "标准篮球场",
    "category": "sports",
    "quantity": 1,
    "value": Decimal("168000.00"),
    "acquired_on": dt.date(2025, 5, 20),
    "funding_source": "special_fund",
    "funding_detail": "技协发展基金",
    "custodian": "职工俱乐部",
    "location": "俱乐部南侧",
    "status": "in_use",
}


def test_assets_record_their_funding_and_disposal(tree: Any, officer: Any) -> None:
    rt, access = registry.get("assets"), access_of(officer)
    bought = voucher(tree.union_a, description="球场工程款")
    asset = record_create(rt, access=access, organization=tree.union_a, data={**ASSET, "voucher": bought})
    assert asset.voucher == bought
    with pytest.raises(ValidationError) as e:
        record_create(rt, access=access, organization=tree.union_a, data={**ASSET, "funding_detail": ""})
    assert "funding_detail" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        record_create(rt, access=access, organization=tree.union_a, data={**ASSET, "status": "disposed"})
    assert {"disposed_on", "disposal_reason", "disposal_approval"} <= set(e.value.error_dict)
    with pytest.raises(ValidationError) as e:
        record_create(rt, access=access, organization=tree.union_a, data={**ASSET, "disposal_reason": "报废"})
    assert "status" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        record_create(
            rt,
            access=access,
            organization=tree.union_a,
            data={
                **ASSET,
                "status": "disposed",
                "disposed_on": dt.date(2025, 1, 1),
                "disposal_reason": "报废",
                "disposal_approval": "工会委员会",
            },
        )
    assert "disposed_on" in e.value.error_dict
    other = voucher(tree.union_b, description="乙乡凭证")
    with pytest.raises(ValidationError) as e:
        record_create(
            rt, access=access, organization=tree.union_a, data={**ASSET, "name": "x", "voucher": other}
        )
    assert "voucher" in e.value.error_dict
    assert Asset.objects.count() == 1


def test_negative_or_three_decimal_values_are_refused(tree: Any, officer: Any, login: Any) -> None:
    c = login(officer)
    base = {k: str(v) for k, v in ASSET.items()} | {"owner": tree.union_a.pk}
    for value, message in (("-1.00", "不能为负数"), ("1.005", "小数不超过 2 位")):
        resp = c.post(reverse("records:create", kwargs={"rt": "assets"}), {**base, "value": value})
        assert resp.status_code == 400
        assert message in " ".join(resp.context["form"].errors["value"])
    assert not Asset.objects.exists()
