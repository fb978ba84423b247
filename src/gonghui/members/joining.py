"""Online joining (入会申请): a person signed in on the phone applies to a union, its officers decide.

The applicant is a ``portal.MemberAccount`` (a verified mobile number), not yet a member. The
application is checked like a roster record (the ID number with ``validators.id_facts``, the
gender and birth date taken from it) and against the rosters: a person already on this union's
roster is told so; a person another union holds is told only that a transfer will be arranged
(``TRANSFER_NOTICE``: never which union), and the application waits with status ``transfer``.

On approval the union's officers (``members.edit`` on the union) add the person to the roster
through ``services.member_create`` (a JOIN event noted ``ONLINE_NOTE``, the join date the day
of approval) and the applicant's account is bound to the new record; a ``transfer``
application starts a ``TransferRequest`` instead, which the holding union decides as any other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.scope import unscoped
from gonghui.members import services
from gonghui.members.models import (
    OPEN_JOIN_STATUSES,
    EmploymentType,
    Gender,
    IdType,
    JoinApplication,
    JoinStatus,
    MemberStatus,
)
from gonghui.members.selectors import JOINABLE_TYPES
from gonghui.members.validators import id_facts, normalize_id
from gonghui.orgs.models import Organization, OrgType
from gonghui.portal.models import MemberAccount
from gonghui.portal.services import bind_to

# What a person another union holds is told: nothing of that union.
TRANSFER_NOTICE = gettext_lazy(
    "A membership is already registered with this ID number; once this union has reviewed your "
    "application it will arrange your transfer."
)
# The JOIN event's note of a member who joined through an approved online application.
ONLINE_NOTE = "online application"


def joinable(organization: Organization | None) -> bool:
    return organization is not None and organization.org_type in JOINABLE_TYPES and organization.is_active


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """The application's own fields, cleaned; every problem on its field at once."""
    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Enter your name.")]
    elif len(name) > 50:
        errors["name"] = [_("The name is at most 50 characters.")]
    id_type = data.get("id_type") or IdType.RESIDENT
    if id_type not in IdType.values:
        errors["id_type"] = [_("Choose the ID type.")]
    number = normalize_id(data.get("id_number"))
    facts = None
    if "id_type" not in errors:
        try:
            facts = id_facts(id_type, number)
        except ValidationError as e:
            errors["id_number"] = e.messages
    employer = (data.get("employer") or "").strip()
    if not employer:
        errors["employer"] = [_("Enter where you work.")]
    elif len(employer) > 100:
        errors["employer"] = [_("The employer is at most 100 characters.")]
    employment_type = data.get("employment_type") or ""
    if employment_type not in EmploymentType.values:
        errors["employment_type"] = [_("Choose how you are employed.")]
    gender = data.get("gender") or ""
    if facts is not None:
        gender = facts.gender
    elif "id_number" not in errors and gender not in Gender.values:
        errors["gender"] = [_("Your ID number does not show the gender: choose it.")]
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "id_type": id_type,
        "id_number": number,
        "employer": employer,
        "employment_type": employment_type,
        "gender": gender,
        "birth_date": facts.birth_date if facts is not None else None,
    }


@transaction.atomic
def join_apply(
    *, account: MemberAccount, organization: Organization, data: dict[str, Any]
) -> JoinApplication:
    """``account``'s application to ``organization``; its status says whether a transfer is needed.

    Refused (on ``id_number``) when the person is on this union's roster already or has an
    application waiting here; nothing is written then.
    """
    if not joinable(organization):
        raise DomainError(_("This union does not take applications online."))
    fields = _checked(data)
    number = fields["id_number"]
    with unscoped("an applicant is inside no union's scope yet"):
        waiting = JoinApplication.objects.filter(
            organization=organization, status__in=OPEN_JOIN_STATUSES
        ).filter(id_number=number)
        if waiting.exists():
            raise DomainError(
                {
                    "id_number": _(
                        "An application with this ID number is already waiting for this union's decision."
                    )
                }
            )
    other = services.holder_of(number)
    status = JoinStatus.PENDING
    if other is not None:
        if services.in_subtree(other.organization, organization):
            if other.status != MemberStatus.LEFT:  # a member who left joins again on the same record
                raise DomainError({"id_number": _("You are already a member of this union.")})
        else:
            status = JoinStatus.TRANSFER
    app = JoinApplication(
        organization=organization, account=account, mobile=account.mobile, status=status, **fields
    )
    app._history_user = account.user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:  # the same application sent twice at once
        raise DomainError(
            {
                "id_number": _(
                    "An application with this ID number is already waiting for this union's decision."
                )
            }
        ) from None
    return app


def may_decide(access: Any, application: JoinApplication) -> bool:
    return access.can(Perm.MEMBERS_EDIT, application.organization)


def _open(access: Any, application: JoinApplication) -> JoinApplication:
    """The application's row, locked until the end of the transaction; refused when decided."""
    if not may_decide(access, application):
        raise PermissionDenied
    locked = (
        JoinApplication.objects.unscoped("the application row is locked by its primary key")
        .select_for_update()
        .select_related("organization", "account")
        .get(pk=application.pk)
    )
    if not locked.is_open:
        raise DomainError(_("This application has been decided already."))
    return locked


def _close(app: JoinApplication, *, access: Any, status: str, reason: str = "") -> None:
    app.status = status
    app.reason = reason
    app.decided_by = access.user
    app.decided_at = timezone.now()
    app._history_user = access.user  # type: ignore[attr-defined]
    app.save()
    audit_log(f"members.join_{status}", user=access.user, organization=app.organization, obj=app)


@transaction.atomic
def join_approve(
    *, access: Any, application: JoinApplication, union_group: Organization | None = None
) -> JoinApplication:
    """Admit the applicant: a roster record and its JOIN event (today), the account bound to it;
    for a person another union holds, a transfer request to that union instead."""
    app = _open(access, application)
    today: dt.date = services.today()
    if union_group is not None and (
        union_group.org_type != OrgType.GROUP or not services.in_subtree(union_group, app.organization)
    ):
        raise DomainError({"union_group": _("Choose a group of this union.")})
    if app.status == JoinStatus.TRANSFER:
        try:
            req = services.transfer_request_create(
                actor=access.user,
                organization=app.organization,
                id_number=app.id_number,
                name=app.name,
                join_date=today,
                note=_("Online membership application"),
            )
        except ValidationError as e:
            raise DomainError(e.messages) from e
        app.transfer_request = req
    else:
        data = {
            "name": app.name,
            "id_type": app.id_type,
            "id_number": app.id_number,
            "gender": app.gender,
            "birth_date": app.birth_date,
            "mobile": app.mobile,
            "employment_type": app.employment_type,
            "union_group": union_group,
            "join_date": today,
        }
        try:
            member = services.member_create(
                actor=access.user, organization=app.organization, data=data, note=ONLINE_NOTE
            )
        except ValidationError as e:  # the roster changed since the application (a message naming no union)
            raise DomainError(e.messages) from e
        app.member = member
        bind_to(account=app.account, member=member)
    _close(app, access=access, status=JoinStatus.APPROVED)
    return app


@transaction.atomic
def join_reject(*, access: Any, application: JoinApplication, reason: str) -> JoinApplication:
    """Turn the application down with a reason the applicant reads."""
    app = _open(access, application)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": _("Say why the application is not accepted: the applicant reads it.")})
    if len(reason) > 200:
        raise DomainError({"reason": _("The reason is at most 200 characters.")})
    _close(app, access=access, status=JoinStatus.REJECTED, reason=reason)
    return app
