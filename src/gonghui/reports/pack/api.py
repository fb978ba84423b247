"""The 台账 pack through the API: GET /api/v1/reports/pack?org=&year=&set= answers the .zip."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Router

from gonghui.accounts.roles import Perm
from gonghui.core.api import ErrorOut, file_answer
from gonghui.core.bounds import Id, Year
from gonghui.core.current import current_org
from gonghui.core.scope import org_model
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.reports.pack.sets import effective_set, get_set
from gonghui.reports.pack.views import pack_response

router = Router(tags=["Reports"])

SetCode = Annotated[str, Field(max_length=50, pattern=r"^[a-z0-9][a-z0-9-]*$")]


@router.get(
    "",
    response={400: ErrorOut, 404: ErrorOut},
    summary="The 台账 pack of a union for a year (.zip: a cover index and one workbook per ledger)",
    openapi_extra=file_answer("application/zip", "The pack (.zip)"),
    operation_id="reports_pack",
)
def pack(request: AuthedRequest, year: Year, org: Id | None = None, set: SetCode | None = None) -> Any:
    target = get_in_scope(org_model().objects.all(), request, pk=org) if org else current_org(request)
    if target is None or not request.access.can(Perm.RECORDS_VIEW, target):
        raise Http404
    ledger_set = get_set(set) if set else effective_set(target)
    return pack_response(request, target, year, ledger_set)
