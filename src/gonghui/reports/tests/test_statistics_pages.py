"""The statistics page, its download and its endpoint: the same figures, bad input answered in Chinese."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.democracy.tests.factories import make_congress, make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tree: Any, make_user: Any) -> Any:
    make_congress(tree.union_a)
    make_contract(tree.union_a)
    make_congress(tree.union_b)
    return make_user(Role.FEDERATION_ADMIN, tree.city)


def test_the_page_shows_the_tables_with_a_year_select(admin: Any, tree: Any, login: Any) -> None:
    resp = login(admin).get(reverse("reports:statistics"), {"org": tree.city.pk, "year": 2025}, secure=True)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "表一" in html and "民主管理与集体合同" in html and "分单位情况" in html
    assert 'name="year"' in html and reverse("reports:statistics-download") in html
    assert "甲局工会" in html and "乙乡工会" not in html


def test_the_page_of_the_current_organization(admin: Any, tree: Any, login: Any) -> None:
    resp = login(admin).get(reverse("reports:statistics"), secure=True)
    assert resp.status_code == 200
    assert f"{timezone.localdate().year - 1}" in resp.content.decode()


def test_the_download_is_the_workbook(admin: Any, tree: Any, login: Any) -> None:
    resp = login(admin).get(
        reverse("reports:statistics-download"), {"org": tree.city.pk, "year": 2025}, secure=True
    )
    assert resp.status_code == 200
    assert "attachment" in resp["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(resp.content))
    sheet = next(book[n] for n in book.sheetnames if "民主管理" in n)
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["职工（会员）代表大会（次）"][:3] == (1, 1, 50)


@pytest.mark.parametrize(("year", "message"), [("3000", "1900"), ("abc", "整数"), ("2099", "尚未开始")])
def test_a_bad_year_is_a_chinese_400(admin: Any, tree: Any, login: Any, year: str, message: str) -> None:
    client = login(admin)
    page = client.get(reverse("reports:statistics"), {"org": tree.city.pk, "year": year}, secure=True)
    assert page.status_code == 400 and message in page.content.decode()
    download = client.get(
        reverse("reports:statistics-download"), {"org": tree.city.pk, "year": year}, secure=True
    )
    assert download.status_code == 400 and message in download.content.decode()


def test_the_endpoint_gives_the_same_numbers(admin: Any, tree: Any) -> None:
    _t, raw = token_create(user=admin, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    resp = api.get("/api/v1/reports/statistics", {"org": tree.city.pk, "year": 2025}, secure=True)
    assert resp.status_code == 200
    body = resp.json()
    assert body["year"] == 2025 and body["as_of"] == "2025-12-31"
    democracy = next(t for t in body["tables"] if "民主管理" in t["title"])
    assert democracy["rows"][0]["values"] == [1, 1, 50.0]
    for year, status in (("1899", 400), ("2101", 400), ("2099", 400)):
        bad = api.get("/api/v1/reports/statistics", {"org": tree.city.pk, "year": year}, secure=True)
        assert bad.status_code == status
        assert any("\u4e00" <= ch <= "\u9fff" for ch in bad.json()["detail"])


def test_a_group_leader_reads_the_figures_without_the_funds(tree: Any, make_user: Any, login: Any) -> None:
    leader = make_user(Role.GROUP_LEADER, tree.union_a)
    resp = login(leader).get(
        reverse("reports:statistics"), {"org": tree.union_a.pk, "year": 2025}, secure=True
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "工会经费收支" not in html and "经费表只向可查看账目的用户提供" in html
