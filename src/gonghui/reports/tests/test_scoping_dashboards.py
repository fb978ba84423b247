"""Scoping cases of the reports' dashboards pages and endpoints (collected by tests/test_scoping.py)."""

from __future__ import annotations

URL_CASES: list[str] = []
API_CASES: list[tuple[str, str]] = []
