"""Money reads 12,345.60 元 on every page, and xlsx exports group thousands (issue 18, item 11c)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from gonghui.accounts.roles import Role
from gonghui.core.exporters import Exporter
from gonghui.core.formats import money_text
from gonghui.core.metrics import Kind, format_value


def test_money_has_thousands_separators_and_yuan() -> None:
    assert money_text(Decimal("12345.6")) == "12,345.60 元"
    assert money_text(None) == "—"
    assert format_value(Kind.AMOUNT, Decimal("1200")) == "1,200.00 元"
    with translation.override("en"):
        assert money_text(Decimal("1234567")) == "1,234,567.00 yuan"


def test_the_template_filters() -> None:
    out = Template("{% load gonghui %}{{ a|money }}|{{ a|show }}").render(Context({"a": Decimal("98765.4")}))
    assert out == "98,765.40 元|98,765.40"


class _Sheet(Exporter):
    filename = "金额"

    def header(self) -> list[str]:
        return ["year", "amount"]

    def rows(self) -> list[list[Any]]:
        return [[2025, Decimal("12345.60")]]


def test_an_xlsx_export_formats_amounts_with_thousands_separators(db: Any) -> None:
    resp = _Sheet().xlsx_response()
    book = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    year, amount = book.active[2]
    assert amount.value == 12345.6 and amount.number_format == "#,##0.00"
    assert year.value == 2025 and year.number_format == "General"  # a year is no amount


def test_the_ledger_page_shows_money(tree: Any, make_user: Any, login: Any) -> None:
    client = login(make_user(Role.FINANCE, tree.union_a))
    page = client.get(reverse("finance:ledger"), {"org": tree.union_a.pk}).content.decode()
    assert "0.00 元" in page
