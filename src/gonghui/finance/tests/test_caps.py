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


def test_the_warning_is_shown_on_the_page_when_posting(tree: Any, officer: Any, cap: Any, login: Any) -> None:
    draft = make_draft(officer, tree.union_a, [("rights_visits", "2000.00", GIFTS, 1)], dt.date(2025, 2, 1))
    resp = login(officer).post(reverse("finance:voucher-post", kwargs={"pk": draft.pk}), follow=True)
    text = resp.content.decode()
    assert "已记账" in text and "超过甲市总工会规定的每人每年1500.00元限额" in text
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
