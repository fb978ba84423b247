"""/api/v1/reports/assessment/{id}/report.docx and /sheet.xlsx: the same files as the pages."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from gonghui.core.bounds import Id
from gonghui.core.typing import AuthedRequest
from gonghui.reports.assessment_report.downloads import report_download, sheet_download

router = Router(tags=["Reports"])


@router.get("/{pk}/report.docx", summary="The assessment report (Word)")
def report_docx(request: AuthedRequest, pk: Id) -> HttpResponse:
    return report_download(request, pk)


@router.get("/{pk}/sheet.xlsx", summary="The scoring sheet 考核评分表 (Excel)")
def score_sheet(request: AuthedRequest, pk: Id) -> HttpResponse:
    return sheet_download(request, pk)
