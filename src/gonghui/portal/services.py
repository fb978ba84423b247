"""Signing in on the phone: send a code, check it, bind the account to a roster record."""

from __future__ import annotations

import datetime
import secrets

import filetype
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gonghui.core.scope import unscoped
from gonghui.members.models import Member, MemberStatus
from gonghui.members.validators import normalize_id, normalize_mobile, validate_mobile
from gonghui.portal.models import MemberAccount, SignInCode
from gonghui.portal.senders import SendError, code_sender

CODE_LIFETIME = datetime.timedelta(minutes=5)
RESEND_AFTER = datetime.timedelta(seconds=60)
CODES_PER_HOUR = 5  # per mobile number
CODES_PER_HOUR_PER_ADDRESS = 20  # per client address: one person trying many numbers
ATTEMPTS_PER_CODE = 5
BINDS_PER_HOUR = 5  # per account: guessing whose ID number goes with the phone

# Statuses in which a person still is a member and may sign in to the member pages.
SIGNED_IN_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETAINED)


def _hash(mobile: str, code: str) -> str:
    return salted_hmac("gonghui.portal.code", f"{mobile}:{code}").hexdigest()


def _count_up(key: str, limit: int) -> bool:
    """Count one more use of ``key`` in this hour; False when the limit is already reached."""
    cache.add(key, 0, timeout=3600)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        used = 1
    return used <= limit


def clean_mobile(raw: str) -> str:
    """The mobile number normalized; ValidationError on ``mobile`` when it is not one."""
    mobile = normalize_mobile(raw or "")
    if not mobile:
        raise ValidationError({"mobile": _("Enter your mobile number.")})
    try:
        validate_mobile(mobile)
    except ValidationError as exc:
        raise ValidationError({"mobile": exc.messages}) from exc
    return mobile


def send_code(*, mobile: str, address: str = "") -> str | None:
    """Send a new code to ``mobile``; the code itself when the sender shows it on the page.

    Raises ValidationError (on ``mobile``) for a bad number, a resend too soon or too many codes.
    """
    mobile = clean_mobile(mobile)
    now = timezone.now()
    recent = SignInCode.objects.filter(mobile=mobile, created_at__gte=now - datetime.timedelta(hours=1))
    last = recent.order_by("-created_at").first()
    if last is not None and now - last.created_at < RESEND_AFTER:
        wait = int((RESEND_AFTER - (now - last.created_at)).total_seconds()) + 1
        raise ValidationError(
            {"mobile": _("A code was just sent; ask again in %(s)s seconds.") % {"s": wait}}
        )
    if recent.count() >= CODES_PER_HOUR or (
        address and not _count_up(f"portal:codes:{address}", CODES_PER_HOUR_PER_ADDRESS)
    ):
        raise ValidationError({"mobile": _("Too many codes were asked for; try again in an hour.")})
    code = f"{secrets.randbelow(10**6):06d}"
    sender = code_sender()
    with transaction.atomic():
        SignInCode.objects.create(
            mobile=mobile, code_hash=_hash(mobile, code), expires_at=now + CODE_LIFETIME
        )
        try:
            sender.send(mobile, code)
        except SendError as exc:
            raise ValidationError({"mobile": str(exc)}) from exc
    return code if sender.shows_code else None


def check_code(*, mobile: str, code: str) -> MemberAccount:
    """The account of ``mobile`` once ``code`` is its latest unused, unexpired code.

    A wrong code counts against the code's attempts (that count is committed although the
    sign-in fails); a used, expired or exhausted code is refused with its reason.
    """
    try:
        mobile = clean_mobile(mobile)
    except ValidationError as exc:
        raise ValidationError({"code": _("Ask for a code first.")}) from exc
    code = (code or "").strip()
    now = timezone.now()
    with transaction.atomic():
        latest = (
            SignInCode.objects.select_for_update()
            .filter(mobile=mobile)
            .order_by("-created_at", "-pk")
            .first()
        )
        refusal = _refusal(latest, now)
        if refusal is None and latest is not None:
            if constant_time_compare(latest.code_hash, _hash(mobile, code)):
                latest.used_at = now
                latest.save(update_fields=["used_at"])
                return account_for(mobile)
            latest.attempts += 1
            latest.save(update_fields=["attempts"])
            left = ATTEMPTS_PER_CODE - latest.attempts
            if left > 0:
                refusal = _("The code is not right; %(n)s tries left.") % {"n": left}
            else:
                refusal = _("Too many wrong codes; ask for a new one.")
    raise ValidationError({"code": refusal})


def _refusal(latest: SignInCode | None, now: datetime.datetime) -> str | None:
    if latest is None:
        return _("Ask for a code first.")
    if latest.used_at is not None:
        return _("This code has been used; ask for a new one.")
    if latest.expires_at <= now:
        return _("The code has expired; ask for a new one.")
    if latest.attempts >= ATTEMPTS_PER_CODE:
        return _("Too many wrong codes; ask for a new one.")
    return None


def account_for(mobile: str) -> MemberAccount:
    """The account of a verified mobile number, made on first sign-in."""
    account = MemberAccount.objects.select_related("user").filter(mobile=mobile).first()
    if account is not None:
        return account
    user_model = get_user_model()
    user = user_model(username=f"member-{secrets.token_hex(8)}")
    user.set_unusable_password()
    user.save()
    return MemberAccount.objects.create(user=user, mobile=mobile)


def current_member(account: MemberAccount) -> Member | None:
    """The person's current roster record, if they are (still) a member."""
    if not account.id_number:
        return None
    with unscoped("a member reads their own roster record"):
        return (
            Member.objects.select_related("organization", "union_group")
            .filter(id_number=account.id_number, is_current=True, status__in=SIGNED_IN_STATUSES)
            .first()
        )


def bind_account(*, account: MemberAccount, name: str, id_number: str) -> Member:
    """Bind the account to the roster record with this name, ID number and the account's mobile.

    One answer for every mismatch: the page never says whether an ID number is on a roster.
    """
    refusal = _(
        "No membership matches this name, ID number and mobile number; ask your union to check the roster."
    )
    if not _count_up(f"portal:bind:{account.pk}", BINDS_PER_HOUR):
        raise ValidationError({"id_number": _("Too many tries; try again in an hour.")})
    id_number = normalize_id(id_number)
    with unscoped("a member finds their own roster record"):
        member = Member.objects.filter(
            id_number=id_number, is_current=True, status__in=SIGNED_IN_STATUSES
        ).first()
    if member is None or member.name != (name or "").strip() or member.mobile != account.mobile:
        raise ValidationError({"id_number": refusal})
    bind_to(account=account, member=member)
    return member


def bind_to(*, account: MemberAccount, member: Member) -> None:
    """Bind ``account`` to ``member`` (after a check above, or when the union approves a joining)."""
    account.id_number = member.id_number
    account.bound_at = timezone.now()
    account.save(update_fields=["id_number", "bound_at"])


PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def set_card_photo(*, account: MemberAccount, upload: UploadedFile) -> None:
    """The member's own photo for their card: JPEG, PNG or WebP by content, at most 2 MB."""
    if not upload.size:
        raise ValidationError({"photo": _("The file is empty.")})
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("The photo is larger than 2 MB; choose a smaller one.")})
    upload.seek(0)
    kind = filetype.guess(upload.read(262))
    upload.seek(0)
    mime = kind.mime if kind else ""
    if mime not in PHOTO_TYPES:
        raise ValidationError({"photo": _("Choose a photo in JPEG, PNG or WebP format.")})
    old = account.card_photo.name if account.card_photo else ""
    storage = account.card_photo.storage
    with transaction.atomic():
        account.card_photo.save(f"{secrets.token_hex(12)}.{PHOTO_TYPES[mime]}", upload, save=False)
        account.card_photo_type = mime
        account.save(update_fields=["card_photo", "card_photo_type"])
        if old:
            transaction.on_commit(lambda: storage.delete(old))


def remove_card_photo(*, account: MemberAccount) -> None:
    if not account.card_photo:
        return
    old, storage = account.card_photo.name, account.card_photo.storage
    with transaction.atomic():
        account.card_photo = ""
        account.card_photo_type = ""
        account.save(update_fields=["card_photo", "card_photo_type"])
        transaction.on_commit(lambda: storage.delete(old))
