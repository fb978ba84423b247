"""Finance metrics: subtree roll-ups, reversals netted, evidence, a few queries for any number of unions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.roles import Role
from gonghui.conftest import make_org
from gonghui.core.metrics import Period, compute, registry
from gonghui.finance.models import Asset, Budget, FinancePolicy
from gonghui.finance.services.ledger import voucher_reverse
from gonghui.finance.tests.conftest import access_of
from gonghui.finance.tests.factories import asset, audit, remittance
from gonghui.orgs.models import Organization

D = Decimal
NAMES = [
    "funds_income",
    "funds_expenditure",
    "funds_balance",
    "budget_present",
    "budget_execution_rate",
    "audit_done",
    "dues_remitted_in_full",
    "asset_count",
    "asset_value",
    "finance_rules_present",
]
YEAR = Period.year(2025)


def test_agreed_metric_names_are_registered() -> None:
    for name in (
        "audit_done",
        "dues_remitted_in_full",
        "funds_income",
        "funds_expenditure",
        "budget_present",
        "budget_execution_rate",
        "asset_count",
    ):
        assert name in registry


def test_finance_metrics_roll_up_and_net_reversals(
    tree: Any, officer: Any, post: Any, make_user: Any
) -> None:
    post([("dues", "1000.00"), ("culture_sports", "300.00")])
    wrong = post([("rights_aid", "999.99")])
    voucher_reverse(access=access_of(officer), voucher=wrong, reason="错", on=dt.date(2025, 3, 2))
    post([("dues", "50.00")], day=dt.date(2024, 12, 31))  # another year
    c_officer = make_user(Role.FINANCE, tree.union_c)
    post([("admin_subsidy", "200.00"), ("publicity", "100.00")], union=tree.union_c, user=c_officer)
    Budget.objects.create(organization=tree.union_a, year=2025, category="culture_sports", amount=D("400.00"))
    Budget.objects.create(organization=tree.union_a, year=2025, category="dues", amount=D("900.00"))
    audit(tree.union_a)
    remittance(tree.union_a)
    asset(tree.union_a)
    gone = asset(tree.union_a)
    Asset.objects.filter(pk=gone.pk).update(
        status="disposed", disposed_on=dt.date(2025, 6, 1), disposal_reason="报废", disposal_approval="委员会"
    )
    FinancePolicy.objects.create(
        organization=tree.union_a, kind="finance", title="制度", adopted_on=dt.date(2025, 1, 1)
    )
    orgs = Organization.objects.filter(
        pk__in=[tree.city.pk, tree.union_a.pk, tree.union_c.pk, tree.union_b.pk]
    )
    v = compute(orgs, YEAR, NAMES)
    a, c, city, b = tree.union_a.pk, tree.union_c.pk, tree.city.pk, tree.union_b.pk
    assert v["funds_income"] == {a: D("1000.00"), c: D("200.00"), city: D("1200.00"), b: D("0.00")}
    assert v["funds_expenditure"] == {a: D("300.00"), c: D("100.00"), city: D("400.00"), b: D("0.00")}
    assert v["funds_balance"][city] == D("800.00")
    assert v["budget_present"] == {a: True, c: False, city: True, b: False}
    assert v["budget_execution_rate"] == {a: D("75.00"), c: None, city: D("100.00"), b: None}
    assert v["audit_done"][a] and v["audit_done"][city] and not v["audit_done"][c]
    assert v["dues_remitted_in_full"] == {a: True, c: False, city: True, b: False}
    assert (v["asset_count"][a], v["asset_value"][a]) == (1, D("4800.00"))
    assert v["finance_rules_present"] == {a: True, c: False, city: True, b: False}
    # Earlier in the year the disposed asset was still held.
    assert (
        compute(orgs, Period(dt.date(2025, 1, 1), dt.date(2025, 5, 31)), ["asset_count"])["asset_count"][a]
        == 2
    )


def test_evidence_lists_the_records_behind_the_value(tree: Any, post: Any) -> None:
    post([("dues", "1000.00"), ("culture_sports", "300.00")])
    audit(tree.union_a)
    income = registry.get("funds_income").evidence(tree.union_a, YEAR)
    assert [line.amount for line in income] == [D("1000.00")]
    assert registry.get("audit_done").evidence(tree.city, YEAR).count() == 1
    assert registry.get("audit_done").evidence(tree.union_c, YEAR).count() == 0


def test_metrics_cost_a_few_queries_whatever_the_number_of_unions(tree: Any) -> None:
    for i in range(25):
        make_org(tree.city, f"FU{i:02d}")
    orgs = Organization.objects.exclude(org_type="group")
    with CaptureQueriesContext(connection) as ctx:
        compute(orgs, YEAR, NAMES)
    assert len(ctx.captured_queries) < 60  # per metric: the depths, then one grouped query per depth
