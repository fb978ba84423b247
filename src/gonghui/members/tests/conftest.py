"""Fixtures of the roster tests: users of both trees and a small roster file writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from gonghui.accounts.roles import Role
from gonghui.members.synthetic import People

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "证件号码",
    "出生日期",
    "手机号码",
    "用工形式",
    "入会日期",
    "会员证号",
    "工会小组",
]


@pytest.fixture
def chair_a(tree: Any, make_user: Any, login: Any) -> Any:
    """The chair of union A (holds members.personal), logged in."""
    return login(make_user(Role.CHAIR, tree.union_a, username="chair_a"))


@pytest.fixture
def people() -> People:
    return People(seed=31)


def person_row(p: Any, n: int, group: str = "") -> list[Any]:
    return [
        n,
        p.name,
        "男" if p.gender == "M" else "女",
        "汉族",
        p.id_number,
        p.birth_date.isoformat(),
        p.mobile,
        "合同制",
        p.join_date.isoformat(),
        f"HY{n:05d}",
        group,
    ]


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., str]:
    def write(
        rows: list[list[Any]], headers: list[str] | None = None, name: str = "roster.xlsx", **kw: Any
    ) -> str:
        path = tmp_path / name
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet()
        ws.write_row(0, 0, headers or HEADERS)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    stamp = dt.datetime(v.year, v.month, v.day)  # noqa: DTZ001 (an Excel date has no zone)
                    ws.write_datetime(r, c, stamp, wb.add_format({"num_format": "yyyy-mm-dd"}))
                elif v is not None:
                    ws.write(r, c, v)
        if kw.get("merge"):
            ws.merge_range(*kw["merge"], "合并")
        wb.close()
        return str(path)

    return write


@pytest.fixture
def roster(people: People, write_xlsx: Callable[..., str]) -> Callable[..., str]:
    """A roster file of ``n`` valid people (indices from ``start``)."""

    def make(n: int = 5, start: int = 0, group: str = "", **kw: Any) -> str:
        rows = [person_row(people.person(start + i), i + 1, group) for i in range(n)]
        return write_xlsx(rows, **kw)

    return make
