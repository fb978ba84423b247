"""Scoping cases of the assessment report pages and endpoints (collected by test_scoping.py)."""

from __future__ import annotations

URL_CASES: list[str] = []
API_CASES: list[tuple[str, str]] = []
