"""The e-member card: a signed, short-lived token in a QR code, and what its public check shows.

The token is ``TimestampSigner`` (its own salt) over the member's record and the account that
showed it; it expires after ``TOKEN_LIFETIME``. The card page renews its QR code every few
minutes, so a card on a member's screen always carries a valid one, and a screenshot passed on
expires. The check says valid, expired or not valid; when valid it shows the masked name and
the union's name only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import segno
from django.core import signing

from gonghui.core.scope import unscoped
from gonghui.members.models import Member
from gonghui.portal.models import MemberAccount
from gonghui.portal.services import current_member

TOKEN_SALT = "gonghui.portal.card"  # noqa: S105 (a salt, not a secret)
TOKEN_LIFETIME = datetime.timedelta(minutes=10)
REFRESH_SECONDS = 180  # the card page asks for a fresh QR code this often

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=TOKEN_SALT)


def card_token(*, member: Member, account: MemberAccount) -> str:
    return _signer().sign_object({"m": member.pk, "a": account.pk}, compress=False)


@dataclass(frozen=True)
class CardCheck:
    state: str  # VALID, EXPIRED or INVALID
    masked_name: str = ""
    union_name: str = ""


def check_token(token: str) -> CardCheck:
    """What a scan of ``token`` may tell anyone: valid (masked name, union), expired, not valid."""
    try:
        data = _signer().unsign_object(token, max_age=TOKEN_LIFETIME)
    except signing.SignatureExpired:
        return CardCheck(EXPIRED)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return CardCheck(INVALID)
    if not isinstance(data, dict) or not isinstance(data.get("m"), int) or not isinstance(data.get("a"), int):
        return CardCheck(INVALID)
    with unscoped("a public card check reads one account and its member"):
        account = MemberAccount.objects.filter(pk=data["a"]).first()
        member = current_member(account) if account is not None else None
        # The person left, was transferred to another record, or the account was re-bound.
        if member is None or member.pk != data["m"]:
            return CardCheck(INVALID)
        return CardCheck(VALID, masked_name=mask_name(member.name), union_name=member.organization.name)


def mask_name(name: str) -> str:
    """A name as a stranger may see it: 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def qr_svg(data: str) -> str:
    """``data`` as an inline SVG QR code that scales with its box (no style attributes)."""
    return str(
        segno.make(data, error="m").svg_inline(scale=1, border=2, omitsize=True, svgclass="card-qr-svg")
    )
