"""The federation's collection of its unions' returns: template, upload, all or nothing, scope."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.roles import Role
from gonghui.federation.models import AnnualReturn
from gonghui.members.tests.factories import make_member

Rows = list[list[Any]]


def _page(year: int = 2025, org: Any = None, name: str = "federation:returns-year") -> str:
    return reverse(name, kwargs={"year": year}) + (f"?org={org.pk}" if org is not None else "")


def _read(content: bytes) -> Rows:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [list(r) for r in wb.get_sheet_by_index(0).to_python()]


def _xlsx(rows: Rows) -> SimpleUploadedFile:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in (None, ""):
                ws.write(r, c, value)
    wb.close()
    return SimpleUploadedFile("年报.xlsx", buf.getvalue())


def _fill(template: Rows, figures: dict[str, list[Any]]) -> Rows:
    """The template with each union's figures typed in after its code and name."""
    return [template[0]] + [row[:2] + figures.get(row[0], []) for row in template[1:]]


def _town_admin(town: Any, make_user: Callable[..., Any], login: Callable[..., Any]) -> Any:
    return login(make_user(Role.FEDERATION_ADMIN, town.town))


def test_template_fill_upload_writes_every_union_s_return(town: Any, make_user: Any, login: Any) -> None:
    client = _town_admin(town, make_user, login)
    resp = client.get(_page(org=town.town, name="federation:returns-template"))
    assert resp.status_code == 200
    template = _read(b"".join(resp.streaming_content))
    assert template[0][:3] == ["工会代码*", "工会名称", "会员人数*"]
    assert [r[0] for r in template[1:]] == ["T1", "T2", "T2-B"]  # its unions only, branches too
    filled = _fill(template, {"T1": [120, 40, 30, 12, 5, 140], "T2": [80, 33, 41, 9, 6]})
    resp = client.post(_page(org=town.town), {"file": _xlsx(filled)})
    assert resp.status_code == 302
    t1 = AnnualReturn.objects.get(organization=town.union_t1, year=2025)
    assert (t1.members, t1.women_members, t1.migrant_members, t1.new_members, t1.new_migrant_members) == (
        120, 40, 30, 12, 5,
    )  # fmt: skip
    assert t1.employees == 140 and t1.filed_on is not None
    assert AnnualReturn.objects.get(organization=town.union_t2).employees is None
    assert not AnnualReturn.objects.filter(organization=town.branch_t2).exists()  # left blank
    # The template of the year now shows what was filed; a second upload corrects it.
    again = _read(
        b"".join(client.get(_page(org=town.town, name="federation:returns-template")).streaming_content)
    )
    assert again[1][2] == 120
    again[1][2] = 125
    assert client.post(_page(org=town.town), {"file": _xlsx(again)}).status_code == 302
    assert AnnualReturn.objects.get(organization=town.union_t1).members == 125
    assert AnnualReturn.objects.filter(year=2025).count() == 2
    assert AnnualReturn.history.filter(organization_id=town.union_t1.pk).count() == 2  # history kept


def test_a_bad_cell_in_row_3_writes_nothing_and_says_where(town: Any, make_user: Any, login: Any) -> None:
    client = _town_admin(town, make_user, login)
    rows = [
        ["工会代码", "工会名称", "会员人数", "女会员人数"],
        ["T1", "丁镇一厂工会", 120, 40],
        ["T2", "丁镇联合工会", "八十", 200],
        ["T2-B", "", 10, 12],
    ]
    resp = client.post(_page(org=town.town), {"file": _xlsx(rows)})
    assert resp.status_code == 400
    text = resp.content.decode()
    assert "第 3 行 C 列（会员人数）：请填写整数。" in text
    assert "第 4 行 D 列（女会员人数）：女会员人数不能超过会员人数。" in text
    assert "第 2 行" not in text
    assert not AnnualReturn.objects.exists()  # row 2 was good: still nothing written


def test_a_code_outside_the_federation_is_refused_without_saying_whether_it_exists(
    tree: Any, town: Any, make_user: Any, login: Any
) -> None:
    client = _town_admin(town, make_user, login)
    rows = [["工会代码", "会员人数"], ["T1", 10], ["UB", 5], ["NOSUCH", 5]]  # UB: the county's union
    resp = client.post(_page(org=town.town), {"file": _xlsx(rows)})
    assert resp.status_code == 400
    text = resp.content.decode()
    assert "UB 不是本会下属工会的代码" in text and "NOSUCH 不是本会下属工会的代码" in text
    assert "乙乡工会" not in text  # the other tree's union is never named
    assert not AnnualReturn.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese(
    town: Any, make_user: Any, login: Any
) -> None:
    client = _town_admin(town, make_user, login)
    upload = SimpleUploadedFile("年报.xlsx", b"PK\x03\x04 not really a workbook")
    resp = client.post(_page(org=town.town), {"file": upload})
    assert resp.status_code == 400
    assert not AnnualReturn.objects.exists()


def test_the_record_type_and_its_api_are_scoped(
    tree: Any, town: Any, make_user: Any, login: Any, api: Any
) -> None:
    ours = AnnualReturn.objects.create(organization=town.union_t1, year=2025, members=10)
    theirs = AnnualReturn.objects.create(organization=tree.union_b, year=2025, members=7)
    client = _town_admin(town, make_user, login)
    listed = client.get(reverse("records:list", kwargs={"rt": "annual-returns"})).content.decode()
    assert "丁镇一厂工会" in listed and "乙乡工会" not in listed
    assert (
        client.get(reverse("records:detail", kwargs={"rt": "annual-returns", "pk": theirs.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("records:detail", kwargs={"rt": "annual-returns", "pk": ours.pk})).status_code
        == 200
    )
    other = api(tree.county, Role.FEDERATION_ADMIN)
    listing = other.get("/api/v1/annual-returns/")
    assert [r["id"] for r in listing.json()["items"]] == [theirs.pk]
    assert other.get(f"/api/v1/annual-returns/{ours.pk}").status_code == 404
    resp = other.post(
        "/api/v1/annual-returns/",
        {"organization": town.union_t1.pk, "year": 2024, "members": 3},
        content_type="application/json",
    )
    assert resp.status_code in (403, 404)
    assert not AnnualReturn.objects.filter(year=2024).exists()


def test_the_page_says_which_unions_are_counted_from_their_roster(
    town: Any, make_user: Any, login: Any
) -> None:
    make_member(town.union_t1, join_date=dt.date(2020, 5, 1))
    AnnualReturn.objects.create(organization=town.union_t1, year=2025, members=99)
    page = _town_admin(town, make_user, login).get(_page(org=town.town)).content.decode()
    assert 'data-roster="T1"' in page and "以名册为准，本年报不计入" in page  # its return is left aside
    assert 'data-roster="T2"' not in page and "未填报" in page  # T2 keeps none and filed nothing
