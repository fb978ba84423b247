"""The reports' own pages and endpoints: each part lists its cases in its own module."""

from __future__ import annotations

from gonghui.reports.tests import (
    test_scoping_assessment_report,
    test_scoping_dashboards,
    test_scoping_jobs,
    test_scoping_pack,
    test_scoping_statistics,
    test_scoping_summary,
    test_scoping_summary_doc,
)

_PARTS = [
    test_scoping_summary,
    test_scoping_summary_doc,
    test_scoping_assessment_report,
    test_scoping_pack,
    test_scoping_dashboards,
    test_scoping_statistics,
    test_scoping_jobs,
]
URL_CASES = [case for part in _PARTS for case in part.URL_CASES]
API_CASES = [case for part in _PARTS for case in part.API_CASES]
