"""The reports' pages at /reports/: each part keeps its own URL list, one namespace."""

from __future__ import annotations

from django.urls import include, path

from gonghui.reports.assessment_report import urls as assessment_report
from gonghui.reports.dashboards import urls as dashboards
from gonghui.reports.jobs import urls as jobs
from gonghui.reports.pack import urls as pack
from gonghui.reports.statistics import urls as statistics
from gonghui.reports.summary import doc_urls as summary_doc
from gonghui.reports.summary import urls as summary

app_name = "reports"

urlpatterns = [
    path("summary/", include(summary.urlpatterns)),
    path("summary/", include(summary_doc.urlpatterns)),
    path("assessment/", include(assessment_report.urlpatterns)),
    path("pack/", include(pack.urlpatterns)),
    path("dashboards/", include(dashboards.urlpatterns)),
    path("statistics/", include(statistics.urlpatterns)),
    path("jobs/", include(jobs.urlpatterns)),
]
