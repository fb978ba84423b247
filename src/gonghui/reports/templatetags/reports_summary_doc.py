"""Tags of the summary's download buttons (reports/summary/_downloads.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.http import urlencode

from gonghui.reports.summary.document import soffice

register = template.Library()


@register.simple_tag
def summary_doc_query(org: Any, year: Any, draft: Any = None) -> str:
    """The query of a download: ?org=&year=, and &version= for a saved version."""
    params: dict[str, Any] = {"org": org.pk, "year": year}
    if draft is not None:
        params["version"] = draft.pk
    return urlencode(params)


@register.simple_tag
def summary_pdf_available() -> bool:
    """Whether LibreOffice is installed to make the PDF."""
    return soffice() is not None
