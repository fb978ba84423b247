"""Demo member logins: three members of the bureau's union sign in on /m/ with fixed mobiles.

13800000001, 13800000002 and 13800000003 become the roster mobiles of three active members of
DEMO-BUREAU, each with a bound account (no photo on the card). The demo's sender shows the
sign-in code on the page, so no secret is printed or stored here. Idempotent.
"""

from __future__ import annotations

from typing import Any

from gonghui.members.models import Member, MemberStatus
from gonghui.members.services import member_update
from gonghui.orgs.models import Organization
from gonghui.portal.services import account_for, bind_to

DEMO_MOBILES = ("13800000001", "13800000002", "13800000003")


def load(ctx: dict[str, Any]) -> None:
    bureau = Organization.objects.filter(code="DEMO-BUREAU").first()
    if bureau is None:
        return
    current = Member.objects.filter(organization=bureau, is_current=True, status=MemberStatus.ACTIVE)
    holders = {m.mobile: m for m in current.filter(mobile__in=DEMO_MOBILES)}
    others = iter(current.exclude(mobile__in=DEMO_MOBILES).order_by("pk"))
    logins = []
    for mobile in DEMO_MOBILES:
        member = holders.get(mobile) or next(others, None)
        if member is None:
            return
        if member.mobile != mobile:
            member_update(actor=None, obj=member, data={"mobile": mobile})
        account = account_for(mobile)
        if account.id_number != member.id_number:
            bind_to(account=account, member=member)
        logins.append((mobile, member.name, bureau.name))
    ctx["member_logins"] = logins
