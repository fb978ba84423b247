"""The finance demo: the seed reports' figures, balanced to the cent, loaded twice without duplicates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management import call_command

from gonghui.core.metrics import Period, compute
from gonghui.finance.models import Asset, Audit, Remittance, Voucher
from gonghui.finance.selectors import ledger_report
from gonghui.orgs.models import Organization


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("finance").get_models()}


def test_the_demo_books_balance_and_load_once(db: Any) -> None:
    call_command("demo", "--quiet")
    first = _counts()
    call_command("demo", "--quiet")
    assert _counts() == first
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    changan = Organization.objects.get(code="DEMO-CHANGAN")
    for union in (bureau, changan):
        report = ledger_report(union, 2025)
        assert report.balanced and report.closing > 0
        assert report.expenditure_rate is not None and Decimal(85) < report.expenditure_rate < Decimal(105)
        assert all(r.in_full for r in Remittance.objects.filter(organization=union))
    funds = Remittance.objects.filter(organization=bureau, kind="allocated_funds")
    assert {r.employees for r in funds} == {426}
    assert sum(r.base_amount for r in funds) == sum(r.payroll for r in funds) * Decimal("0.02")
    courts = Asset.objects.filter(organization=bureau, funding_detail="技协发展基金")
    assert courts.count() == 3 and sum(a.value for a in courts) == Decimal("256800.00")
    assert Voucher.objects.filter(organization=bureau, reverses__isnull=False).count() == 1
    assert Audit.objects.filter(organization=changan, kind="annual_review", audit_date__year=2025).exists()
    values = compute(Organization.objects.filter(pk__in=[bureau.pk, changan.pk]), Period.year(2025))
    for union in (bureau, changan):
        for name in ("audit_done", "dues_remitted_in_full", "budget_present", "finance_rules_present"):
            assert values[name][union.pk] is True, (union, name)
        assert values["asset_count"][union.pk] >= 4
    assert values["funds_income"][bureau.pk] > values["funds_expenditure"][bureau.pk]
