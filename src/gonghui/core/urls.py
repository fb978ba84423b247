from __future__ import annotations

from typing import Any

from django.urls import path, register_converter

from gonghui.core import views
from gonghui.core.records import RecordType, registry


class RecordTypeConverter:
    """Matches the slug of a registered record type and hands the view its RecordType."""

    regex = r"[a-z][a-z0-9-]*"

    def to_python(self, value: str) -> RecordType:
        if value not in registry:
            raise ValueError(value)
        return registry.get(value)

    def to_url(self, value: Any) -> str:
        return value.slug if isinstance(value, RecordType) else str(value)


register_converter(RecordTypeConverter, "rtype")

app_name = "records"
urlpatterns = [
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment-delete"),
    path("<rtype:rt>/", views.RecordListView.as_view(), name="list"),
    path("<rtype:rt>/export/", views.RecordExportView.as_view(), name="export"),
    path("<rtype:rt>/new/", views.RecordFormView.as_view(), name="create"),
    path("<rtype:rt>/<int:pk>/", views.RecordDetailView.as_view(), name="detail"),
    path("<rtype:rt>/<int:pk>/edit/", views.RecordFormView.as_view(), name="update"),
    path("<rtype:rt>/<int:pk>/delete/", views.RecordDeleteView.as_view(), name="delete"),
    path("<rtype:rt>/<int:pk>/history/", views.RecordHistoryView.as_view(), name="history"),
    path("<rtype:rt>/<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="attachment-upload"),
]
