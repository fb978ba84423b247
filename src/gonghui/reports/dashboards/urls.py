from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.reports.dashboards import views

urlpatterns: list[URLPattern] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:chart>.xlsx", views.ChartExportView.as_view(), name="dashboard-export"),
]
