"""Spending caps per federation subtree warn when a spend breaks them; they never refuse it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.advice import advice_of
from gonghui.finance.models import SpendingCap, Voucher, VoucherStatus
from gonghui.finance.services.ledger import voucher_post, voucher_reverse
from gonghui.finance.tests.conftest import access_of, make_draft

D = Decimal
GIFTS = "festival_gifts"


@pytest.fixture
def cap(tree: Any) -> SpendingCap:
    return SpendingCap.objects.create(
        organization=tree.city, purpose=GIFTS, per_person_year=D("1500.00"), valid_from=dt.date(2025, 1, 1)
    )


def test_posting_past_the_cap_warns_and_still_posts(tree: Any, officer: Any, cap: Any, post: Any) -> None:
    post([("rights_visits", "100000.00", GIFTS, 100)], day=dt.date(2025, 1, 20))  # 1,000 a head
    draft = make_draft(
        officer, tree.union_a, [("rights_visits", "60000.00", GIFTS, 100)], dt.date(2025, 9, 20)
    )
    voucher, warnings = voucher_post(access=access_of(officer), voucher=draft)
    assert voucher.status == VoucherStatus.POSTED
    assert (
        len(warnings) == 1
        and "1600.00" in warnings[0]
        and "1500.00" in warnings[0]
        and "甲市总工会" in warnings[0]
    )
    assert any("1600.00" in a.message for a in advice_of(tree.union_a, dt.date(2025, 10, 1)))
    # Reversing the second spend brings the union back under the cap.
    voucher_reverse(access=access_of(officer), voucher=voucher, reason="重复发放", on=dt.date(2025, 9, 21))
    assert not any("节日慰问品" in a.message for a in advice_of(tree.union_a, dt.date(2025, 10, 1)))


def test_the_warning_is_said_before_posting_and_posting_needs_a_confirmation(
    tree: Any, officer: Any, cap: Any, login: Any
) -> None:
    draft = make_draft(officer, tree.union_a, [("rights_visits", "2000.00", GIFTS, 1)], dt.date(2025, 2, 1))
    client, url = login(officer), reverse("finance:voucher-post", kwargs={"pk": draft.pk})
    limit = "超过甲市总工会规定的每人每年1500.00元限额"
    before = client.get(url)
    assert limit in before.content.decode() and "仍然保存" in before.content.decode()
    assert (
        limit
        in client.get(reverse("records:detail", kwargs={"rt": "vouchers", "pk": draft.pk})).content.decode()
    )
    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 200 and limit in unconfirmed.content.decode()
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.DRAFT
    resp = client.post(url, {"confirm_warnings": before.context["warnings_digest"]}, follow=True)
    assert "已记账" in resp.content.decode() and limit in resp.content.decode()
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.POSTED


def test_a_voucher_under_the_cap_posts_without_a_question(
    tree: Any, officer: Any, cap: Any, login: Any
) -> None:
    draft = make_draft(officer, tree.union_a, [("rights_visits", "1000.00", GIFTS, 1)], dt.date(2025, 2, 1))
    login(officer).post(reverse("finance:voucher-post", kwargs={"pk": draft.pk}))
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.POSTED


def test_the_line_form_warns_of_the_cap_before_the_line_is_saved(tree: Any, officer: Any, login: Any) -> None:
    SpendingCap.objects.create(
        organization=tree.city, purpose=GIFTS, per_person_year=D("1800.00"), valid_from=dt.date(2025, 1, 1)
    )
    draft = make_draft(officer, tree.union_a, [], dt.date(2025, 9, 1))
    client = login(officer)
    url = reverse("records:create", kwargs={"rt": "voucher-lines"}) + f"?voucher={draft.pk}"
    data = {
        "owner": tree.union_a.pk,
        "voucher": draft.pk,
        "category": "rights_visits",
        "amount": "10000.00",
        "summary": "中秋慰问品",
        "purpose": GIFTS,
        "persons": "1",
    }
    first = client.post(url, data)
    page = first.content.decode()
    assert first.status_code == 200 and "节日慰问品" in page and "1800.00" in page and "仍然保存" in page
    assert not draft.lines.exists()
    saved = client.post(url, {**data, "confirm_warnings": first.context["warnings_digest"]})
    assert saved.status_code == 302 and draft.lines.count() == 1
    # Through the API, posting waits for confirm=true.
    api = f"/api/v1/vouchers/{draft.pk}/post"
    refused = client.post(api)
    assert refused.status_code == 409 and "1800.00" in refused.json()["warnings"][0]
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.DRAFT
    assert client.post(api + "?confirm=true").status_code == 200
    assert Voucher.objects.get(pk=draft.pk).status == VoucherStatus.POSTED


def test_caps_hold_only_in_their_subtree_and_validity(tree: Any, cap: Any, post: Any, make_user: Any) -> None:
    b_officer = make_user(Role.FINANCE, tree.union_b)
    assert not voucher_post_warnings(
        post([("rights_visits", "5000.00", GIFTS, 1)], union=tree.union_b, user=b_officer)
    )
    assert not voucher_post_warnings(post([("rights_visits", "5000.00", GIFTS, 1)], day=dt.date(2024, 6, 1)))
    cap.valid_to = dt.date(2025, 6, 30)
    cap.save()
    assert not voucher_post_warnings(post([("rights_visits", "5000.00", GIFTS, 1)], day=dt.date(2025, 7, 1)))
    SpendingCap.objects.create(
        organization=tree.county, purpose=GIFTS, per_person_year=D("100.00"), valid_from=dt.date(2025, 1, 1)
    )
    assert voucher_post_warnings(
        post(
            [("rights_visits", "200.00", GIFTS, 1)],
            union=tree.union_b,
            user=b_officer,
            day=dt.date(2025, 8, 1),
        )
    )


def voucher_post_warnings(voucher: Voucher) -> list[str]:
    from gonghui.finance.rules import cap_warnings

    return cap_warnings(voucher)


def test_capped_purpose_needs_persons_and_an_expenditure(tree: Any, officer: Any) -> None:
    with pytest.raises(ValidationError) as e:
        make_draft(officer, tree.union_a, [("rights_visits", "10.00", GIFTS, 0)])
    assert "persons" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        make_draft(officer, tree.union_a, [("dues", "10.00", GIFTS, 3)])
    assert "purpose" in e.value.error_dict
