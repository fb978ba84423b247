"""The summary's draft page and its changes."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.reports.summary import views

urlpatterns: list[URLPattern] = [
    path("", views.SummaryDraftView.as_view(), name="summary"),
    path("block/", views.BlockActionView.as_view(), name="summary-block"),
    path("refresh/", views.RefreshView.as_view(), name="summary-refresh"),
    path("save/", views.SaveView.as_view(), name="summary-save"),
    path("discard/", views.DiscardView.as_view(), name="summary-discard"),
    path("versions/<int:pk>/", views.VersionView.as_view(), name="summary-version"),
    path("versions/<int:pk>/restore/", views.VersionRestoreView.as_view(), name="summary-version-restore"),
    path("versions/<int:pk>/delete/", views.VersionDeleteView.as_view(), name="summary-version-delete"),
]
