"""Test data and readers for the 台账 pack's tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl

from gonghui.care.tests.helpers import make_file, make_member
from gonghui.core.tests.record_factories import make_record
from gonghui.finance.models import Category, DuesRecord, Voucher, VoucherLine, VoucherStatus

YEAR = 2025
# Ledger kinds whose records the factories make dated in 2025 (one record each).
FACTORY_SLUGS = {
    "visits": "visits",
    "proposals": "proposals",
    "suggestions": "suggestions",
    "activities": "activities",
    "contracts": "collective-contracts",
    "training": "training",
    "representatives": "representatives",
    "activists": "activists",
    "inspections": "inspections",
    "mediation": "mediation-cases",
}


def posted_voucher(union: Any, day: dt.date, number: int, lines: list[tuple[str, str, str]]) -> Voucher:
    v = Voucher.objects.create(
        organization=union,
        date=day,
        year=day.year,
        description=lines[0][2],
        status=VoucherStatus.POSTED,
        number=number,
    )
    for category, amount, summary in lines:
        VoucherLine.objects.create(
            organization=union, voucher=v, category=category, amount=Decimal(amount), summary=summary
        )
    return v


def seed(union: Any) -> dict[str, Any]:
    """A union's records of 2025 (and a few outside it, which the pack leaves out)."""
    zhang = make_member(union, name="张三", mobile="13812345678", birth_date=dt.date(1985, 6, 1))
    li = make_member(union, name="李四", join_date=dt.date(2020, 5, 1))
    make_member(union, name="王五后入", join_date=dt.date(YEAR + 1, 2, 1))  # joined after the year
    make_member(union, name="赵六已退", status="left")
    for month in (1, 2):
        DuesRecord.objects.create(
            organization=union,
            member=zhang,
            year=YEAR,
            month=month,
            wage=Decimal("4560"),
            amount=Decimal("22.80"),
        )
    DuesRecord.objects.create(
        organization=union, member=li, year=YEAR, month=1, wage=Decimal("3000"), amount=Decimal("15")
    )
    DuesRecord.objects.create(
        organization=union, member=li, year=YEAR - 1, month=12, wage=Decimal("3000"), amount=Decimal("15")
    )
    posted_voucher(union, dt.date(YEAR - 1, 6, 1), 1, [(Category.OTHER_INCOME, "500.00", "上年收入")])
    posted_voucher(union, dt.date(YEAR, 1, 10), 1, [(Category.DUES, "1000.00", "会费收入")])
    posted_voucher(union, dt.date(YEAR, 2, 1), 2, [(Category.RIGHTS_VISITS, "800.00", "春节慰问")])
    hardship = make_file(union, member=li, situation="因病致困")
    records = {code: make_record(slug, union) for code, slug in FACTORY_SLUGS.items()}
    return {"zhang": zhang, "li": li, "hardship": hardship, **records}


def open_pack(data: bytes) -> zipfile.ZipFile:
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.testzip() is None
    return zf


def sheet(zf: zipfile.ZipFile, name: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(io.BytesIO(zf.read(name)), read_only=True)
    return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def index_rows(zf: zipfile.ZipFile) -> list[tuple[Any, ...]]:
    """The index's ledger rows (number, name, file, rows, remark)."""
    rows = sheet(zf, "00-目录.xlsx")
    start = next(i for i, r in enumerate(rows) if r and r[0] == "序号") + 1
    return [r[:5] for r in rows[start:] if r and isinstance(r[0], int)]


def data_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A ledger sheet's numbered record rows (after the header, before the total)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == "序号") + 1
    return [r for r in rows[start:] if r and isinstance(r[0], int)]


def texts(rows: list[tuple[Any, ...]]) -> str:
    return "\n".join(" ".join(str(c) for c in r if c is not None) for r in rows)
