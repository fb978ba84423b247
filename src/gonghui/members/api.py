"""Roster endpoints beyond the generic five: unmasking, membership events and changes, incoming
transfers, transfer requests, statistics and import. Same scoping, permissions and masking as
the pages.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from gonghui.accounts.roles import Perm
from gonghui.core.bounds import Day, Id
from gonghui.core.scope import unscoped
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.members import masking, selectors, services
from gonghui.members.forms import TransferDecisionForm, TransferRequestForm, import_targets
from gonghui.members.importer.jobs import ALLOWED_SUFFIXES
from gonghui.members.importer.plan import check_file
from gonghui.members.importer.reader import MAX_BYTES
from gonghui.members.importer.write import import_file as write_import
from gonghui.members.models import Member, MembershipEvent, TransferRequest
from gonghui.members.registration import MEMBERS
from gonghui.orgs.models import Organization, OrgType

router = Router(tags=["Member"])


class RevealOut(Schema):
    id_number: str
    mobile: str
    birth_date: dt.date | None = None


class EventOut(Schema):
    id: int
    kind: str
    on: dt.date
    status: str
    organization_id: int
    organization: str
    counterpart_id: int | None
    counterpart: str | None
    reason: str
    note: str


class ChangeIn(Schema):
    kind: Literal["transfer_out", "retain", "leave", "cancel", "death"]
    on: dt.date
    reason: str = ""
    to_code: str = ""
    note: str = ""


class TransferOut(Schema):
    id: int
    member_id: int
    name: str
    id_number: str
    from_organization: str
    to_organization_id: int
    on: dt.date


class DecisionIn(Schema):
    accept: bool
    on: dt.date | None = None


class CountOut(Schema):
    label: str
    count: int


class UnitOut(Schema):
    organization_id: int
    name: str
    members: int
    employees: int
    enrollment_rate: float | None


class RosterStatisticsOut(Schema):
    organization_id: int
    as_of: dt.date
    members: int
    working: int
    retained: int
    women: int
    migrant: int
    employees: int
    enrollment_rate: float | None
    new_members: int
    new_migrant_members: int
    by_gender: list[CountOut]
    by_employment: list[CountOut]
    by_age_band: list[CountOut]
    by_group: list[CountOut]
    by_unit: list[UnitOut]


class ProblemOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    ok: bool
    written: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    problem_count: int
    problems: list[ProblemOut]


def _member(request: AuthedRequest, pk: int) -> Member:
    return get_in_scope(MEMBERS.queryset(request.access), request, pk=pk)


def _event_out(e: MembershipEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "on": e.on,
        "status": e.status,
        "organization_id": e.organization_id,
        "organization": e.organization.name,
        "counterpart_id": e.counterpart_id,
        "counterpart": e.counterpart.name if e.counterpart else None,
        "reason": e.reason,
        "note": e.note,
    }


@router.post(
    "/{int:pk}/reveal",
    response={200: RevealOut, 403: Any},
    summary="Show a member's full ID number and phone (recorded)",
)
def reveal(request: AuthedRequest, pk: int) -> Any:
    member = _member(request, pk)
    if not masking.may_unmask(request.access, member):
        raise PermissionDenied
    return masking.reveal(request=request, member=member)


@router.get("/{int:pk}/events", response=list[EventOut], summary="A member's membership events")
def events(request: AuthedRequest, pk: int) -> Any:
    return [_event_out(e) for e in selectors.member_events(_member(request, pk))]


@router.post(
    "/{int:pk}/events", response={201: EventOut, 400: Any, 403: Any}, summary="Record a membership change"
)
def change(request: AuthedRequest, pk: int, payload: ChangeIn) -> Any:
    member = _member(request, pk)
    if not request.access.can(Perm.MEMBERS_EDIT, member.organization):
        raise PermissionDenied
    user, on, note = request.user, payload.on, payload.note
    if payload.kind == "transfer_out":
        with unscoped("the receiving union is usually outside the sender's scope"):
            target = Organization.objects.filter(
                code__iexact=payload.to_code.strip(), status="active"
            ).first()
        if target is None or target.org_type == OrgType.GROUP:
            raise ValidationError(
                {"to_code": _("No active union has the code %(code)s.") % {"code": payload.to_code}}
            )
        event = services.member_transfer_out(
            actor=user, member=member, to_organization=target, on=on, note=note
        )
    elif payload.kind == "retain":
        event = services.member_retain(actor=user, member=member, on=on, reason=payload.reason, note=note)
    elif payload.kind == "leave":
        event = services.member_leave(actor=user, member=member, on=on, reason=payload.reason, note=note)
    elif payload.kind == "cancel":
        event = services.member_transfer_cancel(actor=user, member=member, on=on, refused=False, note=note)
    else:
        event = services.member_death(actor=user, member=member, on=on, note=note)
    return Status(201, _event_out(event))


@router.get(
    "/transfers", response=list[TransferOut], summary="Transfers waiting for the caller's unions to accept"
)
def transfers(request: AuthedRequest) -> Any:
    rows = selectors.incoming_transfers(request.access)[:500]
    return [
        {
            "id": e.pk,
            "member_id": e.member_id,
            "name": e.member.name,
            "id_number": masking.mask_id(e.member.id_number),
            "from_organization": e.organization.name,
            "to_organization_id": e.counterpart_id,
            "on": e.on,
        }
        for e in rows
    ]


@router.post(
    "/transfers/{int:pk}", response={200: EventOut, 400: Any}, summary="Accept or refuse an incoming transfer"
)
def decide(request: AuthedRequest, pk: int, payload: DecisionIn) -> Any:
    event = get_in_scope(selectors.incoming_transfers(request.access), request, pk=pk)
    on = payload.on or timezone.localdate()
    if payload.accept:
        return _event_out(services.member_transfer_accept(actor=request.user, member=event.member, on=on))
    return _event_out(
        services.member_transfer_cancel(actor=request.user, member=event.member, on=on, refused=True)
    )


class TransferRequestIn(Schema):
    organization: int = Field(ge=1, le=2**63 - 1)  # a key the database can hold
    id_number: str  # lengths and the rest: the form's checks, in Chinese
    name: str
    join_date: dt.date | None = None
    note: str = ""


class TransferRequestOut(Schema):
    id: int
    organization_id: int
    organization: str
    name: str
    id_number: str
    join_date: dt.date | None
    note: str
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    # The requesting side's new record, once approved.
    joined_id: int | None
    # The deciding side only (the holding union or a federation above it): None for the requester.
    holder_id: int | None
    holder: str | None
    member_id: int | None
    may_decide: bool
    may_cancel: bool


class TransferDecisionIn(Schema):
    approve: bool
    on: dt.date | None = None
    note: str = ""


def _request_out(access: Any, r: TransferRequest) -> dict[str, Any]:
    decides = access.can(Perm.MEMBERS_EDIT, r.holder)
    made = access.can(Perm.MEMBERS_EDIT, r.organization)
    return {
        "id": r.pk,
        "organization_id": r.organization_id,
        "organization": r.organization.name,
        "name": r.name,
        "id_number": masking.mask_id(r.id_number),
        "join_date": r.join_date,
        "note": r.note,
        "status": r.status,
        "requested_at": r.requested_at,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
        "joined_id": r.joined_id if made else None,
        "holder_id": r.holder_id if decides else None,
        "holder": r.holder.name if decides else None,
        "member_id": r.member_id if decides else None,
        "may_decide": decides and r.status == "pending",
        "may_cancel": made and r.status == "pending",
    }


def _form_data(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    return form.cleaned_data


@router.get(
    "/transfer-requests",
    response=list[TransferRequestOut],
    summary="Transfer requests the caller's unions made or may decide",
)
def transfer_requests(request: AuthedRequest) -> Any:
    access = request.access
    return [_request_out(access, r) for r in selectors.transfer_requests(access)[:500]]


@router.post(
    "/transfer-requests",
    response={201: TransferRequestOut, 400: Any, 403: Any},
    summary="Ask for a person whose record another union holds",
)
def transfer_request_create(request: AuthedRequest, payload: TransferRequestIn) -> Any:
    access = request.access
    target = get_in_scope(Organization.objects.all(), request, pk=payload.organization)
    form = TransferRequestForm({**payload.dict(), "organization": target.pk}, access=access)
    if not import_targets(access).filter(pk=target.pk).exists():
        raise PermissionDenied
    # The form's fields are the service's arguments.
    req = services.transfer_request_create(actor=request.user, **_form_data(form))
    return Status(201, _request_out(access, req))


@router.post(
    "/transfer-requests/{int:pk}/decide",
    response={200: TransferRequestOut, 400: Any},
    summary="Approve or refuse a transfer request (the holding union or a federation above it)",
)
def transfer_request_decide(request: AuthedRequest, pk: int, payload: TransferDecisionIn) -> Any:
    access = request.access
    req = get_in_scope(selectors.pending_requests(access, "decide"), request, pk=pk)
    d = _form_data(TransferDecisionForm({"on": payload.on, "note": payload.note}))
    if payload.approve:
        services.transfer_request_approve(actor=request.user, request=req, on=d["on"], note=d["note"])
    else:
        services.transfer_request_refuse(actor=request.user, request=req, note=d["note"])
    req.refresh_from_db()
    return _request_out(access, req)


@router.post(
    "/transfer-requests/{int:pk}/cancel",
    response={200: TransferRequestOut, 400: Any},
    summary="Withdraw a transfer request the caller's union made",
)
def transfer_request_cancel(request: AuthedRequest, pk: int) -> Any:
    access = request.access
    req = get_in_scope(selectors.pending_requests(access, "made"), request, pk=pk)
    services.transfer_request_cancel(actor=request.user, request=req)
    req.refresh_from_db()
    return _request_out(access, req)


@router.get(
    "/statistics",
    response=RosterStatisticsOut,
    summary="Roster statistics of an organization's subtree on a date",
)
def statistics(request: AuthedRequest, org: Id, as_of: Day | None = None) -> Any:
    target = get_in_scope(Organization.objects.all(), request, pk=org)
    if not request.access.can(Perm.MEMBERS_VIEW, target):
        raise PermissionDenied
    s = selectors.statistics(target, as_of or timezone.localdate())

    def counts(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"label": label, "count": n} for label, n in pairs]

    return {
        **{k: s[k] for k in selectors.COUNT_FIGURES},
        "organization_id": target.pk,
        "as_of": s["day"],
        "enrollment_rate": float(s["enrollment_rate"]) if s["enrollment_rate"] is not None else None,
        "by_gender": counts(s["by_gender"]),
        "by_employment": counts(s["by_employment"]),
        "by_age_band": counts(s["by_age_band"]),
        "by_group": counts(s["by_group"]),
        "by_unit": [
            {
                "organization_id": u["org"].pk,
                "name": u["org"].name,
                "members": u["members"],
                "employees": u["employees"],
                "enrollment_rate": float(u["enrollment_rate"]) if u["enrollment_rate"] is not None else None,
            }
            for u in s["by_unit"]
        ],
    }


@router.post(
    "/import",
    response={200: ImportOut, 400: Any},
    summary="Check a roster file (dry run) or import it, all rows or none",
)
def import_file(
    request: AuthedRequest, org: Form[int], file: File[UploadedFile], dry_run: Form[bool] = True
) -> Any:
    target = get_in_scope(Organization.objects.all(), request, pk=org)
    if not import_targets(request.access).filter(pk=target.pk).exists():
        raise PermissionDenied
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Upload an .xlsx, .xls or .csv file.")})
    if file.size and file.size > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_BYTES // 2**20}}
        )
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        if dry_run:
            plan, written = check_file(tmp.name, target), None
        else:
            plan, written = write_import(tmp.name, target, actor=request.user, request=request)
    return {
        "ok": plan.ok,
        "written": written is not None,
        "rows": plan.rows,
        "created": plan.new,
        "updated": len(plan.updates),
        "unchanged": plan.unchanged,
        "problem_count": plan.problem_count,
        "problems": [{"row": p.row, "column": p.column, "message": p.text} for p in plan.problems],
    }
