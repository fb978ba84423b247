"""The roster's *Show* button and reveal endpoint, over the one sensitivity policy.

What is masked, and for whom, is declared on ``Member.sensitive_fields`` and applied by
``core/sensitivity.py`` on every way out. Everyone reads ``110***********123X`` and
``138****5678``; a user holding ``Perm.PERSONAL_DATA`` on the member's union may press *Show*
(or call the reveal endpoint): that unmasks one member and writes an audit event (who, which
member, when).
"""

from __future__ import annotations

from typing import Any

from gonghui.accounts.roles import Perm
from gonghui.core.audit import audit_log
from gonghui.core.sensitivity import Viewer, mask_id, mask_phone, sensitive_fields

__all__ = ["mask_id", "mask_mobile", "may_unmask", "reveal"]

mask_mobile = mask_phone


def may_unmask(access: Any, member: Any) -> bool:
    return access is not None and access.can(Perm.PERSONAL_DATA, member.organization)


def reveal(*, request: Any, member: Any) -> dict[str, Any]:
    """The member's on-demand fields in full, recorded in the audit log. Caller checks ``may_unmask``."""
    viewer = Viewer(getattr(request, "access", None), reveal=True)
    names = [  # the fields a person reads (not the reversed search key)
        n
        for n, rule in sensitive_fields(type(member)).items()
        if rule.on_demand and member._meta.get_field(n).editable
    ]
    values = {n: viewer.value(member, n) for n in names}
    audit_log(
        "members.reveal",
        request=request,
        organization=member.organization,
        obj=member,
        detail={"fields": names, "name": member.name},
    )
    return values
