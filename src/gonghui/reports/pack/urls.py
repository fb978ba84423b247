from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.reports.pack import views

urlpatterns: list[URLPattern] = [
    path("", views.PackView.as_view(), name="pack"),
    path("download/", views.PackDownloadView.as_view(), name="pack-download"),
    path("set/", views.PackSettingView.as_view(), name="pack-setting"),
]
