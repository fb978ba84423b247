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
