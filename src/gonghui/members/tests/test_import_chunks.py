"""The import's column-by-column reading of a chunk gives, for every row it vouches for, what the
row-by-row reference reading gives; the rows it does not vouch for are left to the reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.members.importer.check import ChunkReader, RowOut
from gonghui.members.importer.reader import Table
from gonghui.members.importer.rows import RowReader
from gonghui.members.validators import with_check_char

TODAY = dt.date(2026, 6, 1)
COLUMNS = [
    "seq",
    "name",
    "gender",
    "id_type",
    "id_number",
    "birth_date",
    "mobile",
    "employment_type",
    "join_date",
    "card_number",
    "union_group",
]
GROUPS = {"第1小组": 11, "第2小组": 12}


def _person(born: dt.date, sequence: int, male: bool) -> tuple[str, dt.date, str]:
    digit = sequence * 2 + (1 if male else 0)
    return with_check_char(f"130502{born:%Y%m%d}{digit:03d}"[:17]), born, "男" if male else "女"


@st.composite
def rows(draw: Any) -> list[Any]:
    """A row of cells as spreadsheets give them: mostly good, sometimes odd or wrong."""
    born = draw(st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31)))
    number, birth, gender = _person(born, draw(st.integers(0, 499)), draw(st.booleans()))
    odd_numbers = [
        number.lower(),
        f" {number} ",
        number[:-1] + ("0" if number[-1] != "0" else "1"),  # wrong check character
        "810000" + number[6:],  # a Hong Kong residence permit's layout
        "E12345678",
        3.7e17,
        "",
        None,
    ]
    good = [
        7,
        "张三",
        gender,
        "居民身份证",
        number,
        birth,
        "13800138000",
        "合同制",
        dt.date(2020, 5, 1),
        "HY001",
        "第1小组",
    ]
    odd = [
        [2.0, None, "示例", "3"],
        [" 李四 ", "欧阳娜娜", "Ｔｏｍ", "123", "", None, "王" * 51],
        ["", None, "男" if gender == "女" else "女", "未知"],
        ["", None, "护照", "港澳居民居住证"],
        odd_numbers,
        [birth.isoformat(), "", None, dt.date(1949, 1, 1), "2999-01-01"],
        ["138 0013 8000", "+8613800138000", "12345", "", None],
        ["农民工", "", None, "临时"],
        ["2019年3月", "", None, dt.date(2030, 1, 1), 43000],
        ["hy001", "ＨＹ００２", "", None, 12345.0, "x" * 31],
        ["第2小组", "", None, "不存在"],
    ]
    # Each cell: its column's good value seven times in eight, else one of the column's odd ones.
    return [
        g if draw(st.integers(0, 7)) else draw(st.sampled_from(o)) for g, o in zip(good, odd, strict=True)
    ]


def _table() -> Table:
    return Table(
        header_row=1,
        columns=dict(enumerate(COLUMNS)),
        headers=list(COLUMNS),
        col_offset=0,
        rows=iter(()),
        total_rows=0,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=30), st.integers(0, 3))
def test_the_chunk_reading_agrees_with_the_row_reading(chunk: list[list[Any]], cut: int) -> None:
    chunk = [row[: len(row) - cut] if i % 2 else row for i, row in enumerate(chunk)]  # short CSV rows too
    reader = RowReader(_table(), GROUPS, TODAY)
    out = RowOut(reader, TODAY)
    fast = ChunkReader(reader, out)(chunk)
    assert len(fast) == len(chunk)
    for number, (cells, ready) in enumerate(zip(chunk, fast, strict=True), start=2):
        if ready is None:
            continue  # RowReader reads this row
        read = reader.read(cells)
        assert read is not None
        values, errors, facts = read
        assert errors == []
        assert (number, *ready) == out(number, values, facts)


def _clean_chunk(size: int) -> list[list[Any]]:
    chunk = []
    for i in range(size):
        number, birth, gender = _person(dt.date(1980, 1, i + 1), i, i % 2 == 0)
        chunk.append(
            [i + 1, "张三", gender, "居民身份证", number, birth, "13800138000", "合同制", "", "", "第1小组"]
        )
    return chunk


def test_a_clean_chunk_is_read_whole_by_columns() -> None:
    chunk = _clean_chunk(20)
    reader = RowReader(_table(), GROUPS, TODAY)
    fast = ChunkReader(reader, RowOut(reader, TODAY))(chunk)
    assert all(ready is not None for ready in fast)
    mask, row = fast[0]
    assert row[:6] == ("张三", "M", "", "resident", chunk[0][4], "1980-01-01")
    assert mask  # the empty join date and card number are marked as left empty (never written over)


def test_only_the_rows_with_something_wrong_or_unusual_are_left_to_the_row_reading() -> None:
    chunk = _clean_chunk(6)
    number = chunk[1][4]
    chunk[1][4] = f" {number} "  # fine, but not as stored: the column's cells are read one by one
    chunk[3][2] = "女" if chunk[3][2] == "男" else "男"  # contradicts the ID number
    chunk[5][10] = "不存在"
    reader = RowReader(_table(), GROUPS, TODAY)
    fast = ChunkReader(reader, RowOut(reader, TODAY))(chunk)
    assert [ready is None for ready in fast] == [False, False, False, True, False, True]
    assert fast[1][1][4] == number
