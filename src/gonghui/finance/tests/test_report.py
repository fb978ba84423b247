"""The ledger report: balances by category, budget against actual, the years chained, the Excel file."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.roles import Role
from gonghui.finance.models import Budget
from gonghui.finance.selectors import ledger_report
from gonghui.finance.services.ledger import voucher_reverse
from gonghui.finance.tests.conftest import access_of, make_draft

D = Decimal


def _books(tree: Any, officer: Any, post: Any) -> None:
    post([("dues", "5000.00")], day=dt.date(2024, 12, 1))
    post([("capital", "1234.56")], day=dt.date(2024, 12, 2))
    post([("allocated_funds", "10000.10"), ("dues", "999.90")], day=dt.date(2025, 1, 5))
    post([("rights_visits", "3000.00"), ("business_office", "0.01")], day=dt.date(2025, 2, 1))
    wrong = post([("publicity", "777.00")], day=dt.date(2025, 3, 1))
    voucher_reverse(access=access_of(officer), voucher=wrong, reason="错", on=dt.date(2025, 3, 2))
    make_draft(
        officer, tree.union_a, [("publicity", "888.00")], dt.date(2025, 4, 1)
    )  # a draft does not count
    Budget.objects.create(organization=tree.union_a, year=2025, category="rights_visits", amount=D("4000.00"))
    Budget.objects.create(organization=tree.union_a, year=2025, category="dues", amount=D("1000.00"))


def test_the_report_balances_to_the_cent_and_chains_the_years(tree: Any, officer: Any, post: Any) -> None:
    _books(tree, officer, post)
    r = ledger_report(tree.union_a, 2025)
    actual = {row.category: row.actual for row in [*r.income, *r.expenditure]}
    assert (
        actual["dues"] == D("999.90")
        and actual["publicity"] == D("0.00")
        and actual["business_office"] == D("0.01")
    )
    assert (r.opening, r.income_total, r.expenditure_total) == (D("3765.44"), D("11000.00"), D("3000.01"))
    assert r.closing == D("11765.43") and r.balanced and r.vouchers == 4
    visits = next(row for row in r.expenditure if row.category == "rights_visits")
    assert (visits.budget, visits.rate, visits.variance) == (D("4000.00"), D("75.00"), D("-1000.00"))
    assert r.expenditure_rate == D("75.00") and r.income_rate == D("1100.00")  # totals against totals
    assert ledger_report(tree.union_a, 2026).opening == r.closing


def test_the_report_page_and_its_excel_file(
    tree: Any, officer: Any, chair: Any, post: Any, login: Any
) -> None:
    _books(tree, officer, post)
    c = login(chair)  # the chair reads the finances
    page = c.get(reverse("finance:ledger"), {"org": tree.union_a.pk, "year": 2025}).content.decode()
    assert "维权支出—慰问" in page and "75.00%" in page and "11,765.43" in page and "精确到分" in page
    resp = c.get(reverse("finance:ledger-export"), {"org": tree.union_a.pk, "year": 2025})
    sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["年末结余"][3] == 11765.43 and rows["年初结余"][3] == 3765.44
    assert rows["维权支出—慰问"][2:6] == (4000, 3000, -1000, 75)
    api = c.get("/api/v1/vouchers/ledger", {"org": tree.union_a.pk, "year": 2025}).json()
    assert api["closing"] == "11765.43" and api["balanced"] is True


def test_a_user_without_a_union_gets_no_report(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user())
    assert c.get(reverse("finance:ledger")).status_code == 200  # nothing chosen, nothing shown
    assert c.get(reverse("finance:ledger-export")).status_code == 403


def test_the_union_page_shows_the_latest_books_to_finance_readers_only(
    tree: Any, officer: Any, post: Any, login: Any, make_user: Any
) -> None:
    post([("dues", "4321.00")], day=dt.date(2024, 5, 1))
    url = reverse("records:detail", kwargs={"rt": "orgs", "pk": tree.union_a.pk})
    page = login(officer).get(url).content.decode()
    assert "2024年经费情况" in page and "4,321.00" in page
    page = login(make_user(Role.GROUP_LEADER, tree.union_a)).get(url).content.decode()
    assert "经费情况" not in page
