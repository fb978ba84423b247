"""Dues calculator, dues records, split tables by date and subtree, remittances in full."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.metrics import Period, compute
from gonghui.core.records import record_create, record_update, registry
from gonghui.finance.models import DuesRecord, FundsRule, Remittance
from gonghui.finance.rules import funds_rule_for
from gonghui.finance.services.dues import counted_wage, dues_collect, monthly_dues
from gonghui.finance.tests.conftest import access_of
from gonghui.finance.tests.factories import member
from gonghui.members.models import MemberStatus
from gonghui.orgs.models import Organization

D = Decimal


@pytest.mark.parametrize(
    ("wage", "counted", "dues"),
    [
        ("4567.89", "4560.00", "22.80"),  # the 7.89 yuan under 10 are not counted
        ("4560.00", "4560.00", "22.80"),
        ("9.99", "0.00", "0.00"),
        ("10.00", "10.00", "0.05"),
        ("3333.00", "3330.00", "16.65"),
        ("12345.00", "12340.00", "61.70"),
        ("0", "0.00", "0.00"),
    ],
)
def test_dues_are_half_a_percent_of_the_wage_counted_in_tens(
    db: Any, wage: str, counted: str, dues: str
) -> None:
    rule = FundsRule()  # the defaults: 0.5 %, 10 yuan
    assert counted_wage(D(wage), rule) == D(counted)
    assert monthly_dues(D(wage), rule) == D(dues)


def test_members_kept_on_the_roll_pay_none_and_wages_are_not_negative(db: Any) -> None:
    assert monthly_dues(D("8000.00"), FundsRule(), retained=True) == D("0.00")
    with pytest.raises(ValidationError):
        monthly_dues(D("-1.00"), FundsRule())


def test_dues_records_follow_the_rule_of_the_federation_above(
    tree: Any, officer: Any, make_user: Any
) -> None:
    FundsRule.objects.create(
        organization=tree.city, valid_from=dt.date(2025, 1, 1), dues_rate=D("1.00"), dues_unit=D("100")
    )
    rt = registry.get("dues-records")
    access = access_of(officer)
    payer, kept, gone = member(tree.union_a), member(tree.union_a), member(tree.union_a)
    kept.status, gone.status = MemberStatus.RETAINED, MemberStatus.LEFT
    kept.save()
    gone.save()
    rec = record_create(
        rt,
        access=access,
        organization=tree.union_a,
        data={"member": payer, "year": 2025, "month": 3, "wage": D("4567.00")},
    )
    assert (rec.amount, rec.exempt) == (D("45.00"), False)  # 1 % of 4,500
    old = record_create(
        rt,
        access=access,
        organization=tree.union_a,
        data={"member": payer, "year": 2024, "month": 3, "wage": D("4567.00")},
    )
    assert old.amount == D("22.80")  # no rule in 2024: the defaults
    zero = record_create(
        rt,
        access=access,
        organization=tree.union_a,
        data={"member": kept, "year": 2025, "month": 3, "wage": D("9000.00")},
    )
    assert (zero.amount, zero.exempt) == (D("0.00"), True)
    with pytest.raises(ValidationError) as e:
        record_create(
            rt,
            access=access,
            organization=tree.union_a,
            data={"member": gone, "year": 2025, "month": 3, "wage": D("1.00")},
        )
    assert "不是会员" in str(e.value.error_dict["member"])
    with pytest.raises(ValidationError):
        record_create(
            rt,
            access=access,
            organization=tree.union_a,
            data={"member": payer, "year": 2025, "month": 3, "wage": D("1.00")},
        )
    rec = record_update(rt, access=access, obj=rec, data={"wage": D("5000.00")})
    assert rec.amount == D("50.00")
    assert DuesRecord.objects.count() == 3


def test_a_month_of_dues_is_collected_at_once_or_not_at_all(tree: Any, officer: Any) -> None:
    people = [member(tree.union_a) for _ in range(3)]
    records = dues_collect(
        actor=officer,
        organization=tree.union_a,
        year=2025,
        month=1,
        wages={people[0]: D("4567.89"), people[1]: D("3000.00"), people[2]: D("12000.00")},
    )
    assert sorted(r.amount for r in records) == [D("15.00"), D("22.80"), D("60.00")]
    with pytest.raises(ValidationError):
        dues_collect(
            actor=officer,
            organization=tree.union_a,
            year=2025,
            month=1,
            wages={member(tree.union_a): D("1000.00"), people[0]: D("1.00")},
        )
    assert DuesRecord.objects.count() == 3


def test_the_split_table_is_chosen_by_date_and_by_the_deepest_federation(tree: Any) -> None:
    FundsRule.objects.create(
        organization=tree.city,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2024, 12, 31),
        kept_share=D("60"),
    )
    FundsRule.objects.create(organization=tree.city, valid_from=dt.date(2025, 1, 1), kept_share=D("70"))
    assert funds_rule_for(tree.union_a, dt.date(2024, 12, 31)).kept_share == D("60")
    assert funds_rule_for(tree.union_a, dt.date(2025, 1, 1)).kept_share == D("70")
    assert funds_rule_for(tree.union_a, dt.date(2019, 6, 1)).pk is None  # before any table: the defaults
    assert funds_rule_for(tree.union_b, dt.date(2025, 6, 1)).kept_share == D("60.00")  # other tree: defaults
    deeper = Organization.objects.get(pk=tree.union_a.pk)
    FundsRule.objects.create(organization=deeper, valid_from=dt.date(2025, 1, 1), kept_share=D("80"))
    assert funds_rule_for(tree.group_a1, dt.date(2025, 6, 1)).kept_share == D("80")
    assert funds_rule_for(tree.union_c, dt.date(2025, 6, 1)).kept_share == D("70")


def test_overlapping_split_tables_are_refused(tree: Any, make_user: Any) -> None:
    admin = make_user("federation_admin", tree.city)
    rt = registry.get("funds-rules")
    record_create(
        rt,
        access=access_of(admin),
        organization=tree.city,
        data={"valid_from": dt.date(2025, 1, 1), "kept_share": D("60")},
    )
    with pytest.raises(ValidationError) as e:
        record_create(
            rt,
            access=access_of(admin),
            organization=tree.city,
            data={"valid_from": dt.date(2025, 7, 1), "kept_share": D("65")},
        )
    assert "重叠" in str(e.value)
    with pytest.raises(ValidationError):
        record_create(
            rt, access=access_of(admin), organization=tree.union_a, data={"valid_from": dt.date(2026, 1, 1)}
        )
    assert FundsRule.objects.count() == 1


def _remit(officer: Any, union: Any, **data: Any) -> Remittance:
    data = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31), **data}
    return record_create(
        registry.get("remittances"), access=access_of(officer), organization=union, data=data
    )


def test_allocated_funds_are_two_percent_of_payroll_split_to_the_cent(tree: Any, officer: Any) -> None:
    FundsRule.objects.create(organization=tree.city, valid_from=dt.date(2025, 1, 1), kept_share=D("60"))
    r = _remit(
        officer,
        tree.union_a,
        kind="allocated_funds",
        employees=426,
        payroll=D("123456.78"),
        remitted_amount=D("987.65"),
    )
    assert (r.base_amount, r.kept_share, r.due_amount, r.kept_amount) == (
        D("2469.14"),
        D("60.00"),
        D("987.66"),
        D("1481.48"),
    )
    assert r.kept_amount + r.due_amount == r.base_amount and not r.in_full
    period = Period.year(2025)
    orgs = Organization.objects.filter(pk__in=[tree.union_a.pk, tree.city.pk, tree.union_c.pk])
    values = compute(orgs, period, ["dues_remitted_in_full", "remittance_due"])
    assert values["dues_remitted_in_full"] == {
        tree.union_a.pk: False,
        tree.city.pk: False,
        tree.union_c.pk: False,
    }
    r = record_update(
        registry.get("remittances"), access=access_of(officer), obj=r, data={"remitted_amount": D("987.66")}
    )
    values = compute(orgs, period, ["dues_remitted_in_full", "remittance_due"])
    assert values["dues_remitted_in_full"][tree.union_a.pk] is True and values["remittance_due"][
        tree.city.pk
    ] == D("987.66")
    with pytest.raises(ValidationError) as e:
        _remit(officer, tree.union_a, kind="allocated_funds")
    assert "payroll" in e.value.error_dict


def test_a_dues_remittance_sums_the_dues_records_when_no_base_is_given(tree: Any, officer: Any) -> None:
    people = [member(tree.union_a) for _ in range(2)]
    for month in (1, 2, 3, 4):
        dues_collect(
            actor=officer,
            organization=tree.union_a,
            year=2025,
            month=month,
            wages={p: D("5000.00") for p in people},
        )
    q1 = _remit(
        officer, tree.union_a, kind="dues", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31)
    )
    assert (q1.base_amount, q1.due_amount, q1.kept_amount) == (D("150.00"), D("60.00"), D("90.00"))
    given = _remit(officer, tree.union_a, kind="dues", base_amount=D("100.00"))
    assert given.due_amount == D("40.00")
    with pytest.raises(ValidationError) as e:
        _remit(
            officer,
            tree.union_a,
            kind="dues",
            period_start=dt.date(2024, 12, 1),
            period_end=dt.date(2025, 1, 31),
        )
    assert "period_end" in e.value.error_dict


def test_the_calculator_page_shows_the_rule_and_refuses_bad_wages(
    tree: Any, officer: Any, login: Any
) -> None:
    FundsRule.objects.create(
        organization=tree.city, valid_from=dt.date(2000, 1, 1), wage_base="岗位工资、薪级工资"
    )
    c = login(officer)
    page = c.get(
        reverse("finance:dues-calculator"), {"org": tree.union_a.pk, "wage": "4567.89"}
    ).content.decode()
    assert "22.80" in page and "4,560.00" in page and "岗位工资、薪级工资" in page and "甲市总工会" in page
    resp = c.get(reverse("finance:dues-calculator"), {"org": tree.union_a.pk, "wage": "-3"})
    assert resp.status_code == 400
    resp = c.get(reverse("finance:dues-calculator"), {"org": tree.union_a.pk, "wage": "1.234"})
    assert resp.status_code == 400 and "小数不超过 2 位" in resp.content.decode()
