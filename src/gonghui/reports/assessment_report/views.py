"""The assessment report's downloads (Word report, Excel scoring sheet) behind a login."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views import View

from gonghui.core.typing import AuthedRequest
from gonghui.reports.assessment_report.downloads import report_download, sheet_download


class ReportDocxView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        return report_download(request, pk)


class ScoreSheetView(LoginRequiredMixin, View):
    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        return sheet_download(request, pk)
