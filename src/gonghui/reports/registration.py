"""The reports' navigation links (module "reports")."""

from __future__ import annotations

from gonghui.reports.statistics import registration as statistics  # noqa: F401
