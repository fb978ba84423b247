"""Writes of the roster: one function per use case, each in one transaction.

A person is a member of one union at a time: the ID number is unique among current records.
Adding someone whose record another union holds (active, retained or left) is refused with a
message that names no union; the union asks for the person with a ``TransferRequest``, which
the holding union (or a federation above it) approves or refuses. An approval closes the
holder's record, which stays with that union with its events and history, and opens a new
record for the requesting union. Within one union's subtree, a member who left joins again on
the same record. A transfer a union starts itself (released by the old union, accepted by
the new one) ends the same way as an approval. Every change of membership appends a ``MembershipEvent`` and
closes the previous one, so the roster at any past date is computable from the events. Every
write marks the tallies of the unions it touches as stale (``tallies.mark_dirty``) in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.precheck import Warnings
from gonghui.core.records import delete_or_explain
from gonghui.core.scope import unscoped
from gonghui.core.services import check_references
from gonghui.members.models import (
    COUNTED_STATUSES,
    CURRENT,
    EventKind,
    EventReason,
    Member,
    MembershipEvent,
    MemberStatus,
    TransferRequest,
    TransferStatus,
)
from gonghui.members.tallies import mark_dirty, mark_members_dirty
from gonghui.members.validators import date_warnings, id_facts, normalize_id
from gonghui.orgs.models import Organization, OrgType

# Fields a person may edit on the member form, the API and the import.
EDITABLE_FIELDS = [
    "name",
    "gender",
    "ethnicity",
    "id_type",
    "id_number",
    "birth_date",
    "mobile",
    "education",
    "political_status",
    "employment_type",
    "job",
    "join_date",
    "card_number",
    "union_group",
    "model_worker_level",
]
RETAIN_REASONS = {EventReason.RETIREMENT, EventReason.UNEMPLOYMENT, EventReason.EMPLOYER_CLOSED}
LEAVE_REASONS = {EventReason.VOLUNTARY, EventReason.LAPSED, EventReason.EXPELLED}


def today() -> dt.date:
    return timezone.localdate()


def in_subtree(org: Organization, root: Organization) -> bool:
    return org.path.startswith(root.path)


def check_holder(organization: Organization) -> None:
    """Members belong to a union (or a federation for workers without one), never to a group."""
    if organization.org_type == OrgType.GROUP:
        raise DomainError(_("Members belong to a union, not to a union group: choose the union."))
    if not organization.is_active:
        raise DomainError(_("%(org)s is dissolved.") % {"org": organization.name})


def holder_of(id_number: str, *, exclude_pk: int | None = None) -> Member | None:
    """The person's current record, whichever union holds it (across unions, on purpose)."""
    with unscoped("a person's record may be held by any union"):
        qs = Member.objects.select_related("organization").filter(CURRENT, id_number=normalize_id(id_number))
        if exclude_pk is not None:
            qs = qs.exclude(pk=exclude_pk)
        return qs.first()


def transfer_needed() -> str:
    """What a union is told about a person another union holds: nothing but that a request is needed."""
    return _("A member record with this ID number already exists: submit a transfer request.")


def duplicate_message(other: Member, organization: Organization) -> str:
    """Why a person with an existing record cannot be added to ``organization``.

    Only a record in ``organization``'s own subtree is described; of another union's record,
    not even its state (left, deceased) is told.
    """
    if not in_subtree(other.organization, organization):
        return transfer_needed()
    if other.status == MemberStatus.DECEASED:
        return _("The person with this ID number is recorded as deceased (%(org)s).") % {
            "org": other.organization.name
        }
    return _("This ID number is already on this union's roster (%(name)s).") % {"name": other.name}


def may_rejoin(other: Member, organization: Organization) -> bool:
    """A person who left a union of ``organization``'s subtree joins again on the same record."""
    return other.status == MemberStatus.LEFT and in_subtree(other.organization, organization)


def _clean_and_save(member: Member, actor: Any) -> None:
    member._history_user = actor  # type: ignore[attr-defined]
    check_references(member, member.organization)
    # Uniqueness (one current record per ID number) is checked above with a better message,
    # across unions; the database's unique index stands behind it.
    member.full_clean(validate_unique=False, validate_constraints=False)
    member.save()


def _current_event(member: Member) -> MembershipEvent | None:
    with unscoped("the current state may be held by another union during a transfer"):
        return (
            MembershipEvent.objects.filter(member=member, ends_on__isnull=True).order_by("-on", "-pk").first()
        )


def _append_event(
    member: Member,
    *,
    actor: Any,
    kind: str,
    on: dt.date,
    status: str,
    organization: Organization,
    counterpart: Organization | None = None,
    reason: str = "",
    note: str = "",
) -> MembershipEvent:
    """Close the member's current state on ``on`` and open the next one."""
    if on > today():
        raise DomainError({"on": _("The date cannot be in the future.")})
    # The union that held the member, the one that holds it now, the other side of a transfer.
    mark_dirty([member.organization_id, organization.pk, counterpart.pk if counterpart else None])
    last = _current_event(member)
    if last is not None:
        if on < last.on:
            raise DomainError(
                {"on": _("The date cannot be before the last membership change (%(d)s).") % {"d": last.on}}
            )
        last.ends_on = on
        last.save(update_fields=["ends_on"])
    event = MembershipEvent(
        member=member,
        organization=organization,
        kind=kind,
        on=on,
        status=status,
        counterpart=counterpart,
        reason=reason,
        note=note,
        created_by=actor,
    )
    event._history_user = actor  # type: ignore[attr-defined]
    event.save()
    member.status = status
    member.organization = organization
    member._history_user = actor  # type: ignore[attr-defined]
    return event


# ---- the member record -----------------------------------------------------
@transaction.atomic
def member_create(*, actor: Any, organization: Organization, data: dict[str, Any], note: str = "") -> Member:
    """Add a person to ``organization``'s roster; a person who left a union of its subtree joins
    again. A person another union holds needs a transfer request (the message names no union).
    ``note`` goes on the JOIN event (how the person joined, e.g. an online application)."""
    check_holder(organization)
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    other = holder_of(fields.get("id_number", ""))
    if other is not None and not may_rejoin(other, organization):
        raise DomainError({"id_number": duplicate_message(other, organization)})
    join_date = fields.get("join_date") or today()
    fields["join_date"] = join_date
    if other is not None:  # rejoining: the same record moves here
        mark_dirty([other.organization_id])
        member = other
        for k, v in fields.items():
            setattr(member, k, v)
        member.organization = organization
        member.union_group = fields.get("union_group")
    else:
        member = Member(organization=organization, created_by=actor, **fields)
    member.status = MemberStatus.ACTIVE
    _clean_and_save(member, actor)
    try:
        _append_event(
            member,
            actor=actor,
            kind=EventKind.JOIN,
            on=join_date,
            status=MemberStatus.ACTIVE,
            organization=organization,
            note=note,
        )
    except DomainError as e:  # the date rules speak of the join date here
        raise DomainError({"join_date": e.messages}) from e
    return member


def member_warnings(member: Member, stored: Member | None) -> Warnings:
    """A check before commit: unlikely dates of the member about to be saved (nothing is saved).

    The birth date is the one the ID number gives when left blank; the join date today's when
    left blank (as ``member_create`` does). An edit that keeps the dates says nothing again.
    """
    dates = ("birth_date", "join_date", "id_number")
    if stored is not None and all(getattr(member, f) == getattr(stored, f) for f in dates):
        return {}
    birth = member.birth_date
    if birth is None:
        try:
            facts = id_facts(member.id_type, normalize_id(member.id_number))
        except ValidationError:  # an error, said by the save
            facts = None
        birth = facts.birth_date if facts is not None else None
    found = date_warnings(birth, member.join_date or today(), today())
    return {name: [message] for name, message in found.items()}


@transaction.atomic
def member_update(*, actor: Any, obj: Member, data: dict[str, Any]) -> Member:
    """Edit a member's facts; membership changes go through the event services."""
    member = obj
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    if "id_number" in fields and normalize_id(fields["id_number"]) != member.id_number:
        other = holder_of(fields["id_number"], exclude_pk=member.pk)
        if other is not None:
            raise DomainError({"id_number": duplicate_message(other, member.organization)})
    old_join = member.join_date
    for k, v in fields.items():
        setattr(member, k, v)
    _clean_and_save(member, actor)
    mark_members_dirty([member.pk])  # gender, employment type, birth and join dates: the tallies' keys
    if member.join_date and member.join_date != old_join:
        _move_join_date(member, member.join_date)
    return member


@transaction.atomic
def member_delete(*, actor: Any, obj: Member) -> None:
    """Delete a record entered by mistake (with its events), or refuse naming what refers to it."""
    obj._history_user = actor  # type: ignore[attr-defined]
    with unscoped("every union that held the member: the events go too"):
        held = set(MembershipEvent.objects.filter(member=obj).values_list("organization_id", flat=True))
    mark_dirty({obj.organization_id, *held})
    delete_or_explain(obj)


def _move_join_date(member: Member, day: dt.date) -> None:
    """Keep the first JOIN event on the join date when it is corrected."""
    with unscoped("the first event may be held by an earlier union"):
        events = list(MembershipEvent.objects.filter(member=member).order_by("on", "pk")[:2])
    if not events or events[0].kind != EventKind.JOIN:
        return
    if day > today() or (len(events) > 1 and day > events[1].on):
        raise DomainError({"join_date": _("The join date cannot be after the next membership change.")})
    events[0].on = day
    events[0].save(update_fields=["on"])


# ---- membership events -----------------------------------------------------
def _require_status(member: Member, allowed: set[str]) -> None:
    if member.status not in allowed:
        raise DomainError(
            _("%(name)s's membership is %(status)s: this change does not apply.")
            % {"name": member.name, "status": member.get_status_display()}
        )


@transaction.atomic
def member_transfer_out(
    *, actor: Any, member: Member, to_organization: Organization, on: dt.date, note: str = ""
) -> MembershipEvent:
    """The releasing union sends the membership to another union, which must accept it."""
    _require_status(member, {MemberStatus.ACTIVE, MemberStatus.RETAINED})
    check_holder(to_organization)
    if to_organization.pk == member.organization_id:
        raise DomainError({"to_organization": _("The member is already in this union.")})
    event = _append_event(
        member,
        actor=actor,
        kind=EventKind.TRANSFER_OUT,
        on=on,
        status=MemberStatus.TRANSFERRING,
        organization=member.organization,
        counterpart=to_organization,
        note=note,
    )
    member.save(update_fields=["status", "updated_at"])
    return event


def pending_transfer(member: Member) -> MembershipEvent | None:
    event = _current_event(member)
    if (
        member.status == MemberStatus.TRANSFERRING
        and event is not None
        and event.kind == EventKind.TRANSFER_OUT
    ):
        return event
    return None


@transaction.atomic
def member_transfer_accept(*, actor: Any, member: Member, on: dt.date) -> MembershipEvent:
    """The receiving union accepts: a new membership period there, as on an approved request.

    The releasing union keeps its record (closed on ``on``, status left) with its events and
    history; the receiving union gets a record of its own with a TRANSFER_IN event naming the
    releasing union (which chose it). Returns that event.
    """
    with unscoped("the releasing union's record is outside the receiving union's scope"):
        old = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        out = pending_transfer(old)
        if out is None:
            raise DomainError(_("There is no pending transfer for %(name)s.") % {"name": old.name})
        target = out.counterpart
        check_holder(target)
        source = old.organization
        _new, event = _new_period(
            old, actor=actor, target=target, on=on, moving=True, created_by=actor, counterpart=source
        )
    return event


@transaction.atomic
def member_transfer_cancel(
    *, actor: Any, member: Member, on: dt.date, refused: bool, note: str = ""
) -> MembershipEvent:
    """The receiving union refuses, or the releasing union withdraws: the membership stays."""
    out = pending_transfer(member)
    if out is None:
        raise DomainError(_("There is no pending transfer for %(name)s.") % {"name": member.name})
    with unscoped("the member's events span both unions of the transfer"):
        before = (
            MembershipEvent.objects.filter(member=member, on__lte=out.on)
            .exclude(pk=out.pk)
            .order_by("-on", "-pk")
            .values_list("status", flat=True)
            .first()
        )
    event = _append_event(
        member,
        actor=actor,
        kind=EventKind.TRANSFER_CANCEL,
        on=on,
        status=before if before in COUNTED_STATUSES else MemberStatus.ACTIVE,
        organization=member.organization,
        counterpart=out.counterpart,
        reason=EventReason.REFUSED if refused else EventReason.WITHDRAWN,
        note=note,
    )
    member.save(update_fields=["status", "updated_at"])
    return event


def _status_event(
    member: Member, *, actor: Any, kind: str, on: dt.date, status: str, reason: str = "", note: str = ""
) -> MembershipEvent:
    """The member's new state from ``on``, kept in the union that holds the member."""
    event = _append_event(
        member,
        actor=actor,
        kind=kind,
        on=on,
        status=status,
        organization=member.organization,
        reason=reason,
        note=note,
    )
    member.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def member_retain(*, actor: Any, member: Member, on: dt.date, reason: str, note: str = "") -> MembershipEvent:
    """保留会籍: a retired or unemployed member keeps the membership (no dues, no vote)."""
    if reason not in RETAIN_REASONS:
        raise DomainError({"reason": _("Choose why the membership is retained.")})
    _require_status(member, {MemberStatus.ACTIVE})
    return _status_event(
        member,
        actor=actor,
        kind=EventKind.RETAIN,
        on=on,
        status=MemberStatus.RETAINED,
        reason=reason,
        note=note,
    )


@transaction.atomic
def member_leave(*, actor: Any, member: Member, on: dt.date, reason: str, note: str = "") -> MembershipEvent:
    """退会: on request, after six months without dues or union life, or by expulsion."""
    if reason not in LEAVE_REASONS:
        raise DomainError({"reason": _("Choose why the member leaves.")})
    _require_status(member, {MemberStatus.ACTIVE, MemberStatus.RETAINED})
    return _status_event(
        member, actor=actor, kind=EventKind.LEAVE, on=on, status=MemberStatus.LEFT, reason=reason, note=note
    )


@transaction.atomic
def member_death(*, actor: Any, member: Member, on: dt.date, note: str = "") -> MembershipEvent:
    _require_status(member, set(COUNTED_STATUSES))
    return _status_event(
        member, actor=actor, kind=EventKind.DEATH, on=on, status=MemberStatus.DECEASED, note=note
    )


# ---- transfer requests: one union asks for a person another union holds -------------------
# The person's own facts, carried to the new union's record on approval; what belongs to the
# old union (its group, card number, job, events, history) stays there.
PERSON_FIELDS = [f for f in EDITABLE_FIELDS if f not in {"job", "join_date", "card_number", "union_group"}]


@transaction.atomic
def transfer_request_create(
    *,
    actor: Any,
    organization: Organization,
    id_number: str,
    name: str,
    join_date: dt.date | None = None,
    note: str = "",
) -> TransferRequest:
    """``organization`` asks for the person whose record another union holds (转会申请).

    The requester learns nothing of the holder: the request is made, or refused for a reason
    of its own (no record with this number, the person is on its own roster already).
    """
    check_holder(organization)
    number = normalize_id(id_number)
    name = (name or "").strip()
    if not number:
        raise DomainError({"id_number": _("Enter the ID number.")})
    if not name:
        raise DomainError({"name": _("Enter the name.")})
    if join_date is not None and join_date > today():
        raise DomainError({"join_date": _("The date cannot be in the future.")})
    other = holder_of(number)
    if other is None:
        raise DomainError(
            {"id_number": _("No member record has this ID number: add the person to the roster directly.")}
        )
    if in_subtree(other.organization, organization):
        raise DomainError({"id_number": duplicate_message(other, organization)})
    with unscoped("the person is held by another union"):
        if TransferRequest.objects.filter(
            member=other, organization=organization, status=TransferStatus.PENDING
        ).exists():
            raise DomainError(
                {"id_number": _("A transfer request for this ID number is already waiting for a decision.")}
            )
    req = TransferRequest(
        organization=organization,
        holder=other.organization,
        member=other,
        name=name,
        id_number=number,
        join_date=join_date,
        note=note,
        requested_by=actor,
    )
    req._history_user = actor  # type: ignore[attr-defined]
    req.save()
    audit_log("members.transfer_request", user=actor, organization=organization, obj=req)
    return req


def _pending(req: TransferRequest) -> TransferRequest:
    """The request's row, locked until the end of the transaction; refused when already decided."""
    locked = (
        TransferRequest.objects.unscoped("a request is decided by the other union")
        .select_for_update()
        .get(pk=req.pk)
    )
    if locked.status != TransferStatus.PENDING:
        raise DomainError(_("This transfer request has been decided already."))
    return locked


def _close(req: TransferRequest, *, actor: Any, status: str, note: str) -> None:
    req.status = status
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.decision_note = note
    req._history_user = actor  # type: ignore[attr-defined]
    req.save()
    audit_log(
        f"members.transfer_{status}",
        user=actor,
        organization=req.holder if status != TransferStatus.CANCELLED else req.organization,
        obj=req,
        detail={"requesting": req.organization_id, "holder": req.holder_id},
    )


def _new_period(
    old: Member,
    *,
    actor: Any,
    target: Organization,
    on: dt.date,
    moving: bool,
    created_by: Any,
    start: dt.date | None = None,
    counterpart: Organization | None = None,
    note: str = "",
) -> tuple[Member, MembershipEvent]:
    """Close ``old`` and open a membership period in ``target``: (the new record, its event).

    The one way a person changes trees of unions (an approved transfer request, an accepted
    transfer). ``old`` (locked by the caller) stays with its union with its events and history,
    no longer current; a member still (``moving``) ends there on ``on`` with a TRANSFER_OUT
    event, status left, so that the statistics count the person in the old union up to ``on``
    and in ``target`` from it. ``target`` gets its own earlier record of the person back, or a
    new one, with the person's facts only (``PERSON_FIELDS``) and a TRANSFER_IN event (naming
    ``counterpart``, if any) on ``on``, or a JOIN event on ``start`` for a person who had left.
    """
    mark_dirty([old.organization_id, target.pk])
    if moving:
        _append_event(
            old,
            actor=actor,
            kind=EventKind.TRANSFER_OUT,
            on=on,
            status=MemberStatus.LEFT,
            organization=old.organization,
            counterpart=target,
            note=note,
        )
    old.is_current = False
    old._history_user = actor  # type: ignore[attr-defined]
    old.save(update_fields=["status", "is_current", "updated_at"])
    new = (
        Member.objects.filter(organization=target, id_number=old.id_number, is_current=False)
        .order_by("-pk")
        .first()
    )
    if new is None:
        new = Member(organization=target, created_by=created_by)
    for f in PERSON_FIELDS:
        setattr(new, f, getattr(old, f))
    begins = on if moving else (start or on)
    new.join_date = old.join_date if moving and old.join_date else begins
    new.status = MemberStatus.ACTIVE
    new.is_current = True
    _clean_and_save(new, actor)
    event = _append_event(
        new,
        actor=actor,
        kind=EventKind.TRANSFER_IN if moving else EventKind.JOIN,
        on=begins,
        status=MemberStatus.ACTIVE,
        organization=target,
        counterpart=counterpart if moving else None,
    )
    new.save(update_fields=["status", "organization", "updated_at"])
    return new, event


@transaction.atomic
def transfer_request_approve(
    *, actor: Any, request: TransferRequest, on: dt.date | None = None, note: str = ""
) -> Member:
    """The holder (or a federation above it) lets the person go: a new membership period.

    The holder's record is closed (no longer current; an active or retained member's with a
    TRANSFER_OUT event, status left) and stays with the holder, with its events and history.
    The requesting union gets a record of its own (its own earlier record of the person, if it
    has one) with a JOIN event (the person had left) or a TRANSFER_IN event naming no union.
    """
    req = _pending(request)
    day = on or today()
    with unscoped("the person is held by another union"):
        old = Member.objects.select_for_update().select_related("organization").get(pk=req.member_id)
        target = Organization.objects.get(pk=req.organization_id)
        check_holder(target)
        if not old.is_current or old.organization_id != req.holder_id:
            raise DomainError(
                _("The record has changed since the request was made: refuse it, the union may ask again.")
            )
        if old.status == MemberStatus.DECEASED:
            raise DomainError(_("The person is recorded as deceased: refuse the request."))
        if old.status == MemberStatus.TRANSFERRING:
            raise DomainError(_("A transfer of this member is pending: withdraw it first."))
        moving = old.status != MemberStatus.LEFT  # a member still: transferred, not re-joined
        # A transfer keeps the member's join date; a re-join starts on the date asked for.
        new, _event = _new_period(
            old,
            actor=actor,
            target=target,
            on=day,
            moving=moving,
            start=None if moving else (req.join_date or day),
            created_by=req.requested_by,
            note=note,
        )
        req.joined = new
        _close(req, actor=actor, status=TransferStatus.APPROVED, note=note)
    return new


@transaction.atomic
def transfer_request_refuse(*, actor: Any, request: TransferRequest, note: str = "") -> TransferRequest:
    """The holder (or a federation above it) keeps the person: nothing of the record changes."""
    req = _pending(request)
    _close(req, actor=actor, status=TransferStatus.REFUSED, note=note)
    return req


@transaction.atomic
def transfer_request_cancel(*, actor: Any, request: TransferRequest, note: str = "") -> TransferRequest:
    """The requesting union withdraws its request."""
    req = _pending(request)
    _close(req, actor=actor, status=TransferStatus.CANCELLED, note=note)
    return req
