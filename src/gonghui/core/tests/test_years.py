"""One rule for the year a page opens on: the latest year with data, never a future one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core.years import year_with_data
from gonghui.finance.models import Voucher
from gonghui.finance.tests.factories import voucher
from gonghui.orgs.models import EmployerYear


def test_the_latest_year_with_data_not_after_this_year(tree: Any) -> None:
    rows = EmployerYear.objects.filter(organization=tree.union_a)
    assert year_with_data(rows, today=dt.date(2026, 12, 6)) == 2026  # nothing: this year
    for year in (2024, 2025, 2027):
        EmployerYear.objects.create(organization=tree.union_a, year=year, employer_name="甲局", employees=10)
    assert year_with_data(rows, today=dt.date(2026, 12, 6)) == 2025  # 2027 is a plan, not data


def test_the_ledger_opens_on_the_last_year_with_books(tree: Any, make_user: Any, login: Any) -> None:
    last = timezone.localdate().year - 1
    voucher(tree.union_a, date=dt.date(last, 3, 1))
    assert Voucher.objects.filter(organization=tree.union_a, year=last).exists()
    c = login(make_user(Role.CHAIR, tree.union_a))
    assert c.get(reverse("finance:ledger"), {"org": tree.union_a.pk}).context["year"] == last
    # The API's ledger follows the same rule.
    assert c.get("/api/v1/vouchers/ledger", {"org": tree.union_a.pk}).json()["year"] == last


def test_the_home_page_opens_on_the_last_year_with_employer_facts(
    tree: Any, make_user: Any, login: Any
) -> None:
    last = timezone.localdate().year - 1
    EmployerYear.objects.create(organization=tree.union_a, year=last, employer_name="甲局", employees=10)
    EmployerYear.objects.create(organization=tree.union_a, year=last + 2, employer_name="甲局", employees=10)
    c = login(make_user(Role.CHAIR, tree.union_a))
    assert c.get(reverse("home")).context["year"] == last


def test_a_union_groups_home_opens_on_its_unions_year_without_employee_figures(
    tree: Any, make_user: Any, login: Any
) -> None:
    last = timezone.localdate().year - 1
    EmployerYear.objects.create(organization=tree.union_a, year=last, employer_name="甲局", employees=10)
    c = login(make_user(Role.GROUP_LEADER, tree.group_a1))
    # A group keeps no employer facts: its union's year, not an empty current one.
    assert c.get(reverse("home"), {"org": tree.group_a1.pk}).context["year"] == last
    figures = {f["name"] for f in c.get(reverse("home"), {"org": tree.group_a1.pk}).context["figures"]}
    assert "member_count" in figures and "enrollment_rate" not in figures and "employees" not in figures
