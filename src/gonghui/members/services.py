"""Writes of the roster: one function per use case, each in one transaction.

A person is a member of one union at a time (the ID number is unique system-wide):
joining a second union is refused with the name of the first, and changing union is a
transfer (released by the old union, accepted by the new one), never a second record.
Every change of membership appends a ``MembershipEvent`` and closes the previous one, so
the roster at any past date is computable from the events. Every write marks the tallies of
the unions it touches as stale (``tallies.mark_dirty``) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.records import check_references, delete_or_explain
from gonghui.core.scoping import scopes_disabled
from gonghui.members.models import (
    COUNTED_STATUSES,
    EventKind,
    EventReason,
    Member,
    MembershipEvent,
    MemberStatus,
)
from gonghui.members.tallies import mark_dirty, mark_members_dirty
from gonghui.members.validators import normalize_id
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
    """The member with this ID number anywhere in the system (across unions, on purpose)."""
    with scopes_disabled():
        qs = Member.objects.select_related("organization").filter(id_number=normalize_id(id_number))
        if exclude_pk is not None:
            qs = qs.exclude(pk=exclude_pk)
        return qs.first()


def duplicate_message(other: Member, organization: Organization) -> str:
    """Why a person with an existing record cannot be added to ``organization``."""
    return holder_message(
        status=other.status,
        holder_name=other.organization.name,
        same_union=in_subtree(other.organization, organization),
        person=other.name,
    )


def holder_message(*, status: str, holder_name: str, same_union: bool, person: str) -> str:
    if status == MemberStatus.DECEASED:
        return _("The person with this ID number is recorded as deceased (%(org)s).") % {"org": holder_name}
    if same_union:
        return _("This ID number is already on this union's roster (%(name)s).") % {"name": person}
    return _("Already a member of %(org)s: ask that union to transfer the membership.") % {"org": holder_name}


def may_rejoin(other: Member) -> bool:
    """A person who left a union may join again (the same record moves, with its history)."""
    return other.status == MemberStatus.LEFT


def _clean_and_save(member: Member, actor: Any) -> None:
    member._history_user = actor  # type: ignore[attr-defined]
    check_references(member, member.organization)
    member.full_clean(validate_unique=False)  # uniqueness is checked above, with a better message
    member.save()


def _current_event(member: Member) -> MembershipEvent | None:
    with scopes_disabled():  # the current state may be held by another union during a transfer
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
def member_create(*, actor: Any, organization: Organization, data: dict[str, Any]) -> Member:
    """Add a person to ``organization``'s roster; a person who left another union joins again."""
    check_holder(organization)
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    other = holder_of(fields.get("id_number", ""))
    if other is not None and not may_rejoin(other):
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
        )
    except DomainError as e:  # the date rules speak of the join date here
        raise DomainError({"join_date": e.messages}) from e
    return member


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
    with scopes_disabled():  # every union that held the member: the events go too
        held = set(MembershipEvent.objects.filter(member=obj).values_list("organization_id", flat=True))
    mark_dirty({obj.organization_id, *held})
    delete_or_explain(obj)


def _move_join_date(member: Member, day: dt.date) -> None:
    """Keep the first JOIN event on the join date when it is corrected."""
    with scopes_disabled():
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
    """The receiving union accepts: the membership (and the record) moves there."""
    out = pending_transfer(member)
    if out is None:
        raise DomainError(_("There is no pending transfer for %(name)s.") % {"name": member.name})
    target = out.counterpart
    check_holder(target)
    source = member.organization
    event = _append_event(
        member,
        actor=actor,
        kind=EventKind.TRANSFER_IN,
        on=on,
        status=MemberStatus.ACTIVE,
        organization=target,
        counterpart=source,
    )
    member.union_group = None  # the old union's groups mean nothing here
    member.save(update_fields=["status", "organization", "union_group", "updated_at"])
    return event


@transaction.atomic
def member_transfer_cancel(
    *, actor: Any, member: Member, on: dt.date, refused: bool, note: str = ""
) -> MembershipEvent:
    """The receiving union refuses, or the releasing union withdraws: the membership stays."""
    out = pending_transfer(member)
    if out is None:
        raise DomainError(_("There is no pending transfer for %(name)s.") % {"name": member.name})
    with scopes_disabled():
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
