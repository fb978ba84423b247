"""Two members of XX局工会 apply on their phones: a hardship aid and a golden-autumn study aid,
pending (applied), with a photo each. The members are those with the portal demo's mobiles
(13800000001, 13800000002), else the first active members of the bureau with a mobile."""

from __future__ import annotations

import base64
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.care.models import AidCase, AidKind
from gonghui.care.services import online
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Organization
from gonghui.portal.services import account_for, bind_to

MOBILES = ("13800000001", "13800000002")
# A 1×1 JPEG: the demo's "photo of a document".
PHOTO = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////"
    "////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
)
APPLICATIONS = [
    (
        AidKind.HARDSHIP,
        "爱人患病长期住院，家庭收入减少，申请困难职工帮扶。",
        Decimal("3000"),
        "",
        "诊断证明.jpg",
    ),
    (
        AidKind.STUDY,
        "女儿今年考入大学，学费和生活费负担较重，申请金秋助学。",
        Decimal("5000"),
        "女儿",
        "录取通知书.jpg",
    ),
]


def _applicants(bureau: Organization) -> list[Member]:
    members = Member.objects.filter(
        organization__path__startswith=bureau.path, is_current=True, status=MemberStatus.ACTIVE
    ).exclude(mobile="")
    chosen = [m for mobile in MOBILES if (m := members.filter(mobile=mobile).first()) is not None]
    for m in members.order_by("pk")[:4]:
        if len(chosen) >= len(APPLICATIONS):
            break
        if m not in chosen:
            chosen.append(m)
    return chosen


def load(bureau: Organization) -> None:
    for member, (kind, situation, amount, beneficiary, photo) in zip(
        _applicants(bureau), APPLICATIONS, strict=False
    ):
        if AidCase.objects.filter(member=member, kind=kind, submitted_online=True).exists():
            continue
        account = account_for(member.mobile)
        if account.id_number != member.id_number:
            bind_to(account=account, member=member)
        online.apply_for_aid(
            account=account,
            member=member,
            kind=kind,
            data={"situation": situation, "amount_requested": amount, "beneficiary": beneficiary},
            photos=[SimpleUploadedFile(photo, PHOTO, content_type="image/jpeg")],
        )
