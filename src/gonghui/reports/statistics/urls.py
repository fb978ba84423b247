from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.reports.statistics import views

urlpatterns: list[URLPattern] = [
    path("", views.StatisticsView.as_view(), name="statistics"),
    path("download/", views.StatisticsDownloadView.as_view(), name="statistics-download"),
]
