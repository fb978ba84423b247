"""Times are kept in UTC and shown in Beijing time (settings.TIME_ZONE) on pages and in exports
alike: a record made at 23:30 UTC was made at 07:30 the next morning, on the next day."""

from __future__ import annotations

import datetime as dt

from gonghui.core.exporters import local_text, safe_cell
from gonghui.core.templatetags.gonghui import show

LATE_UTC = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)


def test_pages_show_a_moment_in_beijing_time() -> None:
    assert show(LATE_UTC) == "2026-03-02 07:30"
    assert show(dt.datetime(2026, 3, 1, 23, 30)) == "2026-03-01 23:30"  # noqa: DTZ001 (naive: as given)
    assert show(dt.date(2026, 3, 1)) == "2026-03-01"


def test_exports_agree_with_the_pages() -> None:
    assert local_text(safe_cell(LATE_UTC)) == show(LATE_UTC) == local_text(LATE_UTC)


def test_an_exported_sheet_is_named_after_its_file() -> None:
    import io

    from openpyxl import load_workbook

    from gonghui.core.exporters import Exporter, sheet_name

    class Rows(Exporter):
        filename = "XX局工会 会员花名册 [2026]: 在册/保留会籍"

        def header(self) -> list[str]:
            return ["创建时间"]

        def rows(self) -> list[list[object]]:
            return [[LATE_UTC]]

    response = Rows().xlsx_response()
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == [sheet_name(Rows.filename)] and "[" not in wb.sheetnames[0]
    assert len(wb.sheetnames[0]) <= 31 and wb.sheetnames[0].startswith("XX局工会 会员花名册")
    assert wb.active["A2"].value == "2026-03-02 07:30"
