"""Visits: the people visited are counted, and belong to the visiting union."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.care.models import Visit, VisitRecipient
from gonghui.core.errors import DomainError
from gonghui.core.records import split_m2m
from gonghui.core.services import check_references, save_validated

_NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


def count_names(text: str) -> int:
    return len([n for n in _NAME_SEPARATORS.split(text or "") if n])


def _save_visit(visit: Visit, actor: Any, m2m: dict[str, Any]) -> Visit:
    members = (
        list(m2m.get("recipients") or [])
        if "recipients" in m2m
        else list(visit.recipients.all() if visit.pk else [])
    )
    check_references(visit, visit.organization, {"recipients": members})
    others = visit.non_member_recipients.count() if visit.pk else 0
    listed = len(members) + count_names(visit.recipient_names) + others
    if visit.recipient_count is None:
        visit.recipient_count = listed or None
    if visit.recipient_count is None:
        raise DomainError(
            {"recipient_count": _("Choose the members visited, name the others or give a count.")}
        )
    if others and visit.recipient_count < len(members) + others:
        raise DomainError(
            {
                "recipient_count": _("%(n)s people are named on this visit: the count cannot be lower.")
                % {"n": len(members) + others}
            }
        )
    if visit.recipient_count < len(members):
        raise DomainError(
            {
                "recipient_count": _("%(n)s members are chosen: the count cannot be lower.")
                % {"n": len(members)}
            }
        )
    if visit.recipient_count == 0:
        raise DomainError({"recipient_count": _("At least one person is visited.")})
    save_validated(visit, actor=actor)
    if "recipients" in m2m:
        visit.recipients.set(members)
    return visit


@transaction.atomic
def visit_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> Visit:
    fields, m2m = split_m2m(Visit, data)
    return _save_visit(Visit(organization=organization, **fields), actor, m2m)


@transaction.atomic
def visit_update(*, actor: Any, obj: Visit, data: dict[str, Any]) -> Visit:
    fields, m2m = split_m2m(Visit, data)
    for k, v in fields.items():
        setattr(obj, k, v)
    return _save_visit(obj, actor, m2m)


def _count_everyone_named(visit: Visit, actor: Any) -> None:
    """A visit counts at least everyone named on it: a non-member added later raises its count
    (never lowers it: the count may include people left unnamed)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    named = visit.recipients.count() + visit.non_member_recipients.count()
    if (visit.recipient_count or 0) < named:
        visit.recipient_count = named
        save_validated(visit, actor=actor)


@transaction.atomic
def recipient_create(*, actor: Any, organization: Any, data: dict[str, Any]) -> VisitRecipient:
    recipient = VisitRecipient(organization=organization, **data)
    save_validated(recipient, actor=actor)
    _count_everyone_named(recipient.visit, actor)
    return recipient


@transaction.atomic
def recipient_update(*, actor: Any, obj: VisitRecipient, data: dict[str, Any]) -> VisitRecipient:
    for k, v in data.items():
        setattr(obj, k, v)
    save_validated(obj, actor=actor)
    _count_everyone_named(obj.visit, actor)
    return obj
