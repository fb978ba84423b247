"""/reports/assessment/<assessment id>/report.docx and /sheet.xlsx."""

from __future__ import annotations

from django.urls import path

from gonghui.reports.assessment_report import views

urlpatterns = [
    path("<int:pk>/report.docx", views.ReportDocxView.as_view(), name="assessment-report-docx"),
    path("<int:pk>/sheet.xlsx", views.ScoreSheetView.as_view(), name="assessment-report-xlsx"),
]
