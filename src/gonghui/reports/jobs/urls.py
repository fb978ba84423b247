"""The report jobs' pages at /reports/jobs/."""

from __future__ import annotations

from django.urls import path

from gonghui.reports.jobs import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="job-list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("<int:pk>/download/", views.JobDownloadView.as_view(), name="job-download"),
    path("start/<slug:kind>/", views.JobStartView.as_view(), name="job-start"),
]
