"""The summary through the API: the generated text with its figures, the saved versions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, get_type_hints

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.api import ErrorOut
from gonghui.core.bounds import Id, Year
from gonghui.core.current import current_org
from gonghui.core.scope import org_model
from gonghui.core.scoping import get_in_scope
from gonghui.core.sensitivity import Viewer
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.selectors import work_years
from gonghui.reports.summary import compose, drafts, selectors, services
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.text import numbered

router = Router(tags=["Reports"])


class FigureOut(Schema):
    key: str
    label: str
    value: str
    url: str


class BlockOut(Schema):
    number: str  # "一、", "（一）" or "" as the document numbers it
    key: str
    kind: str
    text: str
    fingerprint: str
    figures: list[FigureOut]
    own: bool = False
    edited: bool = False
    stale: bool = False
    old_figures: list[FigureOut] = []


class SummaryOut(Schema):
    organization_id: int
    organization: str
    year: int
    title: str
    date: dt.date | None = None
    blocks: list[BlockOut]


class VersionOut(Schema):
    id: int
    organization_id: int
    year: int
    name: str
    title: str
    working: bool
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class VersionDetailOut(VersionOut):
    blocks: list[BlockOut]


class BlockIn(Schema):
    key: Annotated[str, Field(max_length=100)] = ""
    kind: Annotated[str, Field(max_length=2)] = "p"
    text: Annotated[str, Field(max_length=20000)]


class VersionIn(Schema):
    org: Id | None = None
    year: Year | None = None
    name: Annotated[str, Field(max_length=1000)]
    title: Annotated[str, Field(max_length=1000)] = ""
    blocks: Annotated[list[BlockIn], Field(max_length=1000)] | None = None


def _org(request: AuthedRequest, org: int | None) -> Any:
    target = get_in_scope(org_model().objects.all(), request, pk=org) if org else current_org(request)
    if target is None or not selectors.may_read(request.access, target):
        raise PermissionDenied
    return target


def _year(org: Any, year: int | None) -> int:
    return year if year is not None else work_years(org)[0]


def _blocks(blocks: list[drafts.DraftBlock]) -> list[dict[str, Any]]:
    numbers = numbered(drafts.to_blocks(blocks))
    return [
        {
            "number": number,
            **{k: b.get(k) for k in ("key", "kind", "text", "fingerprint", "figures")},
            "own": bool(b.get("own")),
            "edited": bool(b.get("edited")),
            "stale": bool(b.get("stale")),
            "old_figures": b.get("old_figures", []),
        }
        for (number, _block), b in zip(numbers, blocks, strict=True)
    ]


def _version(v: SummaryDraft, *, with_blocks: bool = False) -> dict[str, Any]:
    out = {
        "id": v.pk,
        "organization_id": v.organization_id,
        "year": v.year,
        "name": v.name,
        "title": v.title,
        "working": v.working,
        "created_by": str(v.created_by or ""),
        "created_at": v.created_at,
        "updated_at": v.updated_at,
    }
    if with_blocks:
        out["blocks"] = _blocks(list(v.blocks))
    return out


def resolved(fn: Any) -> Any:
    """Annotations as objects: ``@paginate``'s wrapper would have ninja read the names in its module."""
    fn.__annotations__ = get_type_hints(fn, include_extras=True)
    return fn


@router.get(
    "/generated",
    response={200: SummaryOut, 403: ErrorOut},
    summary="The summary of a union and year as written from the records now, with each block's figures",
    operation_id="summary_generated",
)
def generated(request: AuthedRequest, org: Id | None = None, year: Year | None = None) -> Any:
    target = _org(request, org)
    summary = compose.compose_summary(target, _year(target, year), viewer=Viewer(request.access))
    return {
        "organization_id": target.pk,
        "organization": summary.organization,
        "year": summary.year,
        "title": summary.title,
        "date": summary.date,
        "blocks": _blocks(drafts.from_summary(summary.blocks)),
    }


@router.get(
    "/draft",
    response={200: SummaryOut, 403: ErrorOut},
    summary="The summary as the draft page shows it (working copy, newest version or generated text)",
    operation_id="summary_draft",
)
def draft(request: AuthedRequest, org: Id | None = None, year: Year | None = None) -> Any:
    target = _org(request, org)
    y = _year(target, year)
    _shown, title, blocks = selectors.current_blocks(request.access, target, y)
    return {
        "organization_id": target.pk,
        "organization": target.name,
        "year": y,
        "title": title,
        "blocks": _blocks(blocks),
    }


@router.get(
    "/versions", response=list[VersionOut], summary="The saved versions of a union's summary of a year"
)
@paginate
@resolved
def versions(request: AuthedRequest, org: Id | None = None, year: Year | None = None) -> Any:
    target = _org(request, org)
    return [_version(v) for v in selectors.versions(request.access, target, _year(target, year))]


@router.get(
    "/versions/{pk}",
    response={200: VersionDetailOut, 404: ErrorOut},
    summary="One saved version with its blocks",
    operation_id="summary_version",
)
def version(request: AuthedRequest, pk: Id) -> Any:
    v = get_in_scope(selectors.readable_versions(request.access), request, pk=pk)
    return _version(v, with_blocks=True)


@router.post(
    "/versions",
    response={201: VersionDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Save a named version: the draft as shown, or the blocks sent ({key, kind, text}, in order)",
    operation_id="summary_version_save",
)
def version_save(request: AuthedRequest, payload: VersionIn) -> Any:
    target = _org(request, payload.org)
    y = _year(target, payload.year)
    if payload.blocks is None:
        v = services.draft_save(
            access=request.access, org=target, year=y, name=payload.name, title=payload.title
        )
    else:
        v = services.draft_save_blocks(
            access=request.access,
            org=target,
            year=y,
            name=payload.name,
            title=payload.title,
            blocks=[b.dict() for b in payload.blocks],
        )
    v.refresh_from_db()
    return Status(201, _version(v, with_blocks=True))


@router.delete(
    "/versions/{pk}",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a saved version",
    operation_id="summary_version_delete",
)
def version_delete(request: AuthedRequest, pk: Id) -> Any:
    v = get_in_scope(selectors.readable_versions(request.access), request, pk=pk)
    services.draft_delete(access=request.access, version=v)
    return Status(204, None)
