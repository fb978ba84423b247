"""The assessment report's two files as downloads, for the pages and the API alike.

Whoever may open the assessment page may download them: the same visibility
(``assessment.selectors.assessment_in_scope``: another tree's assessment is a 404 and the
attempt is audited). Every download is written to the audit log.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from gonghui.assessment.models import Assessment
from gonghui.assessment.selectors import assessment_in_scope
from gonghui.core.audit import audit_log
from gonghui.core.downloads import XLSX, file_response
from gonghui.core.sensitivity import viewer_for
from gonghui.core.typing import AuthedRequest
from gonghui.reports.assessment_report.document import assessment_docx
from gonghui.reports.assessment_report.scoresheet import score_sheet_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _name(a: Assessment, what: str, ext: str) -> str:
    return f"{a.organization.name}-{a.campaign.name}-{what}.{ext}"


def report_name(a: Assessment) -> str:
    return _name(a, _("assessment report"), "docx")


def sheet_name(a: Assessment) -> str:
    return _name(a, _("scoring sheet"), "xlsx")


def _audit(request: AuthedRequest, a: Assessment, fmt: str) -> None:
    audit_log(
        "reports.assessment_report",
        request=request,
        organization=a.organization,
        obj=a,
        detail={"assessment": a.pk, "format": fmt},
    )


def report_download(request: AuthedRequest, pk: int) -> HttpResponse:
    a = assessment_in_scope(request, pk)
    content = assessment_docx(a, viewer=viewer_for(request))
    _audit(request, a, "docx")
    return file_response(content, filename=report_name(a), content_type=DOCX)


def sheet_download(request: AuthedRequest, pk: int) -> HttpResponse:
    a = assessment_in_scope(request, pk)
    content = score_sheet_xlsx(a)
    _audit(request, a, "xlsx")
    return file_response(content, filename=sheet_name(a), content_type=XLSX)
