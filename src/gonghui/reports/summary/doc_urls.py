"""The summary as a document: Word, print view, PDF, the federation's template."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.reports.summary import doc_views

urlpatterns: list[URLPattern] = [
    path("document.docx", doc_views.SummaryDocxView.as_view(), name="summary-docx"),
    path("document.pdf", doc_views.SummaryPdfView.as_view(), name="summary-pdf"),
    path("print", doc_views.SummaryPrintView.as_view(), name="summary-print"),
    path("template", doc_views.TemplateView.as_view(), name="summary-template"),
    path("template/download", doc_views.TemplateDownloadView.as_view(), name="summary-template-download"),
    path("template/revert", doc_views.TemplateRevertView.as_view(), name="summary-template-revert"),
]
