"""The reports' REST endpoints at /api/v1/reports: one router per part."""

from __future__ import annotations

from ninja import Router

router = Router()
router.add_router("/summary", "gonghui.reports.summary.api.router")
router.add_router("/assessment", "gonghui.reports.assessment_report.api.router")
router.add_router("/pack", "gonghui.reports.pack.api.router")
router.add_router("/dashboards", "gonghui.reports.dashboards.api.router")
router.add_router("/statistics", "gonghui.reports.statistics.api.router")
router.add_router("/jobs", "gonghui.reports.jobs.api.router")
