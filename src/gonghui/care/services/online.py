"""Applications members fill in on their phones: aid cases and insurance claims with photos.

A member's application enters the officers' workflow through the officers' own services
(``aid.aid_create``, ``insurance.claim_create``): every rule of an application (the exclusive
aid of a year, the enrolment of a claim, the model's validation) holds alike, and the row is
marked ``submitted_online``. The photos of the documents are checked by content and size with
``core.attachments.check_upload`` before anything is written, then stored as the record's
attachments in the same transaction: a refused photo writes no case, no row and no file.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.care.models import AidCase, AidKind, InsuranceClaim, InsuranceEnrollment
from gonghui.care.services import aid, insurance
from gonghui.core.attachments import attachment_store, check_upload
from gonghui.core.errors import DomainError
from gonghui.members.models import Member
from gonghui.portal.models import MemberAccount
from gonghui.portal.services import current_member

log = logging.getLogger("gonghui.care")

# The aids a member applies for themselves; the others (sending warmth, funeral help, temporary
# relief) are the union's own initiative.
MEMBER_AID_KINDS = (AidKind.HARDSHIP, AidKind.STUDY, AidKind.SERIOUS_ILLNESS)
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".pdf")
MIN_PHOTOS, MAX_PHOTOS = 1, 6


def _check_member(account: MemberAccount, member: Member) -> None:
    """The account applies for the member it is bound to, and for no one else."""
    bound = current_member(account)
    if bound is None or bound.pk != member.pk:
        raise PermissionDenied(_("You may apply only for yourself."))


def check_photos(photos: Sequence[UploadedFile]) -> None:
    """Refuse (on ``photos``) too few or too many files, and any file that is not really a photo
    or PDF of an accepted size; every refused file is named at once."""
    if len(photos) < MIN_PHOTOS:
        raise DomainError({"photos": _("Add at least one photo of your documents.")})
    if len(photos) > MAX_PHOTOS:
        raise DomainError({"photos": _("Add at most %(n)d photos.") % {"n": MAX_PHOTOS}})
    errors: list[str] = []
    for photo in photos:
        name = PurePath(photo.name or "").name
        if PurePath(name).suffix.lower() not in PHOTO_EXTENSIONS:
            errors.append(
                _("%(name)s: only photos (JPEG, PNG, WebP) and PDF files are accepted.") % {"name": name}
            )
            continue
        try:
            check_upload(photo)
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise DomainError({"photos": errors})


def _attach(obj: Any, photos: Sequence[UploadedFile], user: Any, stored: list[Any]) -> None:
    """Store checked ``photos`` as ``obj``'s attachments; each stored file is noted in ``stored``,
    so that the caller removes them all if anything fails later."""
    for photo in photos:
        att = attachment_store(
            obj=obj,
            organization=obj.organization,
            upload=photo,
            user=user,
            description=_("Submitted online by the member"),
        )
        stored.append(att.file)


def _remove(stored: list[Any]) -> None:
    for f in stored:
        try:
            f.storage.delete(f.name)
        except OSError:
            log.exception("could not remove the file %s of an application not saved", f.name)


def _with_photos(write: Any, photos: Sequence[UploadedFile], user: Any) -> Any:
    """Run ``write()`` and attach ``photos`` to its row in one transaction; on any failure the
    transaction rolls back and the files already written are removed."""
    stored: list[Any] = []
    try:
        with transaction.atomic():
            obj = write()
            _attach(obj, photos, user, stored)
    except BaseException:
        _remove(stored)
        raise
    return obj


def apply_for_aid(
    *, account: MemberAccount, member: Member, kind: str, data: dict[str, Any], photos: Sequence[UploadedFile]
) -> AidCase:
    """The member's own application for aid (``data``: situation, amount_requested, beneficiary),
    entered as an officer's would be, in status applied, marked submitted online."""
    _check_member(account, member)
    if kind not in MEMBER_AID_KINDS:
        raise DomainError({"kind": _("This aid is not applied for online.")})
    allowed = {"situation", "amount_requested", "beneficiary"}
    fields = {k: v for k, v in data.items() if k in allowed}
    if not (fields.get("situation") or "").strip():
        raise DomainError({"situation": _("Describe your situation and why you apply.")})
    check_photos(photos)
    fields.update(member=member, kind=kind, applied_on=timezone.localdate(), submitted_online=True)
    return _with_photos(
        lambda: aid.aid_create(actor=account.user, organization=member.organization, data=fields),
        photos,
        account.user,
    )


def claim_online(
    *,
    account: MemberAccount,
    member: Member,
    enrollment: InsuranceEnrollment,
    data: dict[str, Any],
    photos: Sequence[UploadedFile],
) -> InsuranceClaim:
    """The member's own claim on one of their enrolments (``data``: reason, amount_claimed)."""
    _check_member(account, member)
    if enrollment.member_id != member.pk:
        raise PermissionDenied(_("You may apply only for yourself."))
    fields = {k: v for k, v in data.items() if k in {"reason", "amount_claimed"}}
    check_photos(photos)
    fields.update(plan=enrollment.plan, member=member, claimed_on=timezone.localdate(), submitted_online=True)
    return _with_photos(
        lambda: insurance.claim_create(actor=account.user, organization=enrollment.organization, data=fields),
        photos,
        account.user,
    )
