"""``gonghui bench_reports`` on a small federation: it prints its figures and, last, one JSON line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from gonghui.orgs.models import Organization


@pytest.mark.django_db
def test_the_command_prints_the_json_line_with_statistics_s() -> None:
    out = io.StringIO()
    call_command("bench_reports", unions=24, members=240, townships=2, baseline=12, stdout=out)
    lines = out.getvalue().strip().splitlines()
    figures = json.loads(lines[-1])
    assert set(figures) >= {"summary_s", "pack_s", "pack_peak_mb", "statistics_s", "dashboard_p95_ms"}
    assert figures["statistics_s"] > 0 and figures["cpus"] >= 1 and figures["date"]
    queries = figures["statistics_queries"]
    assert all(small == big for small, big in queries.values())
    assert any(line.startswith("statistics_s: ") and "target ≤ 10 s" in line for line in lines)
    assert not Organization.objects.filter(code__startswith="BENCH-").exists()  # rolled back
