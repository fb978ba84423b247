"""Vouchers: numbering, posting, immutability after posting, reversal, bad amounts, who may do what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.core.errors import DomainError
from gonghui.core.records import record_delete, record_update, registry
from gonghui.finance.models import Voucher, VoucherLine, VoucherStatus
from gonghui.finance.selectors import category_balances, ledger_report
from gonghui.finance.services.ledger import voucher_post, voucher_reverse
from gonghui.finance.tests.conftest import access_of, make_draft

VOUCHERS = registry.get("vouchers")
LINES = registry.get("voucher-lines")


def test_posting_numbers_per_union_and_year_and_totals_the_lines(
    tree: Any, post: Any, make_user: Any
) -> None:
    a1 = post([("dues", "120.50"), ("rights_visits", "80.25")])
    a2 = post([("culture_sports", "10.00")], day=dt.date(2025, 5, 1))
    a_2024 = post([("dues", "1.00")], day=dt.date(2024, 12, 31))
    c_officer = make_user(Role.FINANCE, tree.union_c)
    c1 = post([("dues", "5.00")], union=tree.union_c, user=c_officer)
    assert (a1.year, a1.number, a2.number, a_2024.year, a_2024.number, c1.number) == (2025, 1, 2, 2024, 1, 1)
    assert (a1.income_total, a1.expenditure_total) == (Decimal("120.50"), Decimal("80.25"))
    assert a1.status == VoucherStatus.POSTED and a1.posted_by.username == "kuaiji"


def test_a_voucher_is_posted_once_and_never_without_lines(tree: Any, officer: Any, post: Any) -> None:
    empty = make_draft(officer, tree.union_a, [])
    with pytest.raises(DomainError, match="没有分录"):
        voucher_post(access=access_of(officer), voucher=empty)
    done = post([("dues", "10.00")])
    with pytest.raises(DomainError, match="已记账"):
        voucher_post(access=access_of(officer), voucher=done)
    assert Voucher.objects.get(pk=empty.pk).number is None


def test_posted_voucher_and_lines_cannot_be_changed_through_the_services(officer: Any, post: Any) -> None:
    v = post([("dues", "10.00")])
    line = v.lines.get()
    access = access_of(officer)
    with pytest.raises(DomainError, match="已记账的凭证不能修改或删除"):
        record_update(VOUCHERS, access=access, obj=v, data={"description": "改", "date": v.date})
    with pytest.raises(DomainError, match="已记账的凭证不能修改或删除"):
        record_delete(VOUCHERS, access=access, obj=v)
    with pytest.raises(DomainError, match="分录"):
        record_update(LINES, access=access, obj=line, data={"amount": Decimal("99.00")})
    with pytest.raises(DomainError, match="分录"):
        record_delete(LINES, access=access, obj=line)
    with pytest.raises(DomainError, match="已记账"):
        make_draft_line = {"voucher": v, "category": "dues", "amount": Decimal("1.00")}
        from gonghui.core.records import record_create

        record_create(LINES, access=access, organization=v.organization, data=make_draft_line)
    v.refresh_from_db()
    line.refresh_from_db()
    assert (v.description, line.amount, v.lines.count()) == ("凭证", Decimal("10.00"), 1)


def test_posted_voucher_edit_and_delete_are_refused_on_the_pages(officer: Any, post: Any, login: Any) -> None:
    v = post([("dues", "10.00")])
    c = login(officer)
    detail = c.get(reverse("records:detail", kwargs={"rt": "vouchers", "pk": v.pk})).content.decode()
    assert reverse("records:update", kwargs={"rt": "vouchers", "pk": v.pk}) not in detail
    assert reverse("records:delete", kwargs={"rt": "vouchers", "pk": v.pk}) not in detail
    assert (
        "已记账的凭证不能修改或删除" in detail
        and reverse("finance:voucher-reverse", kwargs={"pk": v.pk}) in detail
    )
    edit = reverse("records:update", kwargs={"rt": "vouchers", "pk": v.pk})
    resp = c.get(edit, follow=True)
    assert "已记账的凭证不能修改或删除" in resp.content.decode()
    resp = c.post(edit, {"date": "2025-03-01", "description": "改过"})
    assert resp.status_code == 400 and "不能修改或删除" in resp.content.decode()
    resp = c.post(reverse("records:delete", kwargs={"rt": "vouchers", "pk": v.pk}), follow=True)
    assert "已记账的凭证不能修改或删除" in resp.content.decode()
    line = v.lines.get()
    resp = c.post(
        reverse("records:update", kwargs={"rt": "voucher-lines", "pk": line.pk}),
        {"voucher": v.pk, "category": "dues", "amount": "99.00"},
    )
    assert resp.status_code == 400
    v.refresh_from_db()
    assert v.description == "凭证" and VoucherLine.objects.get(pk=line.pk).amount == Decimal("10.00")


def test_posted_voucher_edit_and_delete_are_refused_in_the_api(officer: Any, post: Any) -> None:
    from django.test import Client

    v = post([("dues", "10.00")])
    line = v.lines.get()
    _t, raw = token_create(user=officer, name="t")
    c = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = c.patch(f"/api/v1/vouchers/{v.pk}", {"description": "改"}, content_type="application/json")
    assert resp.status_code == 400 and "不能修改或删除" in resp.json()["detail"]
    resp = c.delete(f"/api/v1/vouchers/{v.pk}")
    assert resp.status_code == 400 and "不能修改或删除" in resp.json()["detail"]
    assert c.delete(f"/api/v1/voucher-lines/{line.pk}").status_code == 400
    resp = c.post(
        "/api/v1/voucher-lines/",
        {
            "organization": v.organization_id,
            "voucher_id": v.pk,
            "category": "dues",
            "amount": "1.00",
            "summary": "",
            "purpose": "",
        },
        content_type="application/json",
    )
    assert resp.status_code == 400 and "已记账" in resp.json()["detail"]
    assert Voucher.objects.filter(pk=v.pk, description="凭证").exists() and v.lines.count() == 1


def test_a_draft_can_be_changed_and_deleted_with_its_lines(tree: Any, officer: Any) -> None:
    draft = make_draft(officer, tree.union_a, [("dues", "10.00"), ("publicity", "3.00")])
    access = access_of(officer)
    record_update(VOUCHERS, access=access, obj=draft, data={"date": dt.date(2024, 6, 1), "description": "改"})
    assert Voucher.objects.get(pk=draft.pk).year == 2024
    record_delete(VOUCHERS, access=access, obj=Voucher.objects.get(pk=draft.pk))
    assert not Voucher.objects.filter(pk=draft.pk).exists() and not VoucherLine.objects.exists()


def test_reversal_negates_the_lines_links_the_vouchers_and_nets_to_zero(
    tree: Any, officer: Any, post: Any
) -> None:
    v = post([("dues", "300.00"), ("rights_aid", "120.33")])
    post([("dues", "50.00")])
    r = voucher_reverse(access=access_of(officer), voucher=v, reason="金额错误", on=dt.date(2025, 4, 1))
    assert r.reverses == v and r.status == VoucherStatus.POSTED and r.number == 3
    assert sorted(r.lines.values_list("amount", flat=True)) == [Decimal("-300.00"), Decimal("-120.33")]
    assert (r.income_total, r.expenditure_total) == (Decimal("-300.00"), Decimal("-120.33"))
    assert "2025-0001" in r.description and "金额错误" in r.description
    assert category_balances(tree.union_a, 2025) == {"dues": Decimal("50.00"), "rights_aid": Decimal("0.00")}
    report = ledger_report(tree.union_a, 2025)
    assert report.balanced and report.change == Decimal("50.00")


def test_reversal_is_refused_twice_for_a_reversal_for_a_draft_and_before_the_date(
    tree: Any, officer: Any, post: Any
) -> None:
    access = access_of(officer)
    v = post([("dues", "10.00")], day=dt.date(2025, 6, 1))
    with pytest.raises(DomainError) as e:
        voucher_reverse(access=access, voucher=v, reason="错", on=dt.date(2025, 5, 31))
    assert "on" in e.value.error_dict
    with pytest.raises(DomainError) as e:
        voucher_reverse(access=access, voucher=v, reason="  ")
    assert "reason" in e.value.error_dict
    r = voucher_reverse(access=access, voucher=v, reason="错", on=dt.date(2025, 6, 2))
    with pytest.raises(DomainError, match="已经冲销"):
        voucher_reverse(access=access, voucher=v, reason="再冲", on=dt.date(2025, 6, 3))
    with pytest.raises(DomainError, match="冲销凭证不能"):
        voucher_reverse(access=access, voucher=r, reason="冲冲销", on=dt.date(2025, 6, 3))
    draft = make_draft(officer, tree.union_a, [("dues", "1.00")])
    with pytest.raises(DomainError, match="草稿"):
        voucher_reverse(access=access, voucher=draft, reason="错")
    assert Voucher.objects.filter(reverses__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "大于零"),
        ("0", "大于零"),
        ("1.234", "小数不超过 2 位"),
        ("abc", "数字"),
        ("12345678901.00", "不超过"),
    ],
)
def test_bad_amounts_are_refused_with_a_chinese_message_and_nothing_written(
    tree: Any, officer: Any, login: Any, amount: str, message: str
) -> None:
    draft = make_draft(officer, tree.union_a, [])
    c = login(officer)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "voucher-lines"}) + f"?voucher={draft.pk}",
        {"owner": tree.union_a.pk, "voucher": draft.pk, "category": "dues", "amount": amount},
    )
    assert resp.status_code == 400
    errors = " ".join(str(e) for e in resp.context["form"].errors.get("amount", []))
    assert message in errors, errors
    _t, raw = token_create(user=officer, name="t")
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = api.post(
        "/api/v1/voucher-lines/",
        {"organization": tree.union_a.pk, "voucher_id": draft.pk, "category": "dues", "amount": amount},
        content_type="application/json",
    )
    assert resp.status_code == (422 if amount == "abc" else 400)  # not a number: refused by the schema
    assert not VoucherLine.objects.exists()


def test_who_may_do_what(tree: Any, officer: Any, auditor: Any, chair: Any, login: Any, post: Any) -> None:
    v = post([("dues", "10.00")])
    draft = make_draft(officer, tree.union_a, [("dues", "1.00")])
    detail = reverse("records:detail", kwargs={"rt": "vouchers", "pk": v.pk})
    for reader in (auditor, chair):
        c = login(reader)
        assert c.get(detail).status_code == 200
        assert "10.00" in c.get(reverse("records:list", kwargs={"rt": "vouchers"})).content.decode()
        assert c.get(reverse("records:create", kwargs={"rt": "vouchers"})).status_code == 403
        assert c.post(reverse("finance:voucher-post", kwargs={"pk": draft.pk})).status_code == 403
        assert (
            c.post(reverse("finance:voucher-reverse", kwargs={"pk": v.pk}), {"reason": "x"}).status_code
            == 403
        )
        with pytest.raises(PermissionDenied):
            voucher_post(access=access_of(reader), voucher=draft)
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.DRAFT
    c = login(officer)
    resp = c.post(reverse("finance:voucher-post", kwargs={"pk": draft.pk}))
    assert resp.status_code == 302 and Voucher.objects.get(pk=draft.pk).number == 2
    resp = c.post(
        reverse("finance:voucher-reverse", kwargs={"pk": v.pk}), {"reason": "错", "on": "2025-03-02"}
    )
    assert resp.status_code == 302 and Voucher.objects.filter(reverses=v).exists()


def test_group_leaders_see_no_finance(tree: Any, make_user: Any, login: Any, post: Any) -> None:
    v = post([("dues", "10.00")])
    c = login(make_user(Role.GROUP_LEADER, tree.union_a))
    assert c.get(reverse("records:detail", kwargs={"rt": "vouchers", "pk": v.pk})).status_code == 404
    assert c.get(reverse("finance:ledger"), {"org": tree.union_a.pk}).status_code == 404  # requested_org
    assert c.get(reverse("finance:ledger")).status_code == 403  # their own union, without the right
