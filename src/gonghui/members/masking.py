"""Personal data (ID numbers, phones) shown masked; unmasking is explicit and recorded.

Everyone sees ``110***********123X`` and ``138****5678`` in lists, on member pages and in
the API. A user holding ``Perm.PERSONAL_DATA`` on the member's union may press *Show*
(or call the reveal endpoint): that unmasks one member and writes an audit event (who,
which member, when). An export by such a user carries the full numbers and is recorded
like every export; anyone else's export stays masked.
"""

from __future__ import annotations

from typing import Any

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log

PERSONAL_FIELDS = ("id_number", "mobile")
# Set on a request whose output may carry full numbers for the members the user may unmask.
REVEAL_ATTR = "gonghui_reveal_personal"


def mask_id(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 6:
        return value[0] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_mobile(value: str) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def may_unmask(access: Any, member: Any) -> bool:
    return access is not None and access.can(Perm.PERSONAL_DATA, member.organization)


def _revealed(request: Any, member: Any) -> bool:
    return bool(request is not None and getattr(request, REVEAL_ATTR, False)) and may_unmask(
        getattr(request, "access", None), member
    )


def id_number_display(member: Any, request: Any) -> str:
    return member.id_number if _revealed(request, member) else mask_id(member.id_number)


def mobile_display(member: Any, request: Any) -> str:
    return member.mobile if _revealed(request, member) else mask_mobile(member.mobile)


DISPLAY = {"id_number": id_number_display, "mobile": mobile_display}


def reveal(*, request: Any, member: Any) -> dict[str, str]:
    """The member's full ID number and phone, recorded in the audit log. Caller checks ``may_unmask``."""
    audit_log(
        "members.reveal",
        request=request,
        organization=member.organization,
        obj=member,
        detail={"fields": list(PERSONAL_FIELDS), "name": member.name},
    )
    return {"id_number": member.id_number, "mobile": member.mobile}
