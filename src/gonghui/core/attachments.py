"""Evidence files attached to records: checked by content, size-capped, scoped."""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.models import Attachment
from gonghui.core.records import RecordType, require

# Extension → MIME types its content may have. Office files are ZIP or OLE containers.
ALLOWED: dict[str, set[str]] = {
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".gif": {"image/gif"},
    ".webp": {"image/webp"},
    ".heic": {"image/heic"},
    ".pdf": {"application/pdf"},
    ".docx": {"application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xlsx": {"application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".pptx": {"application/zip", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    ".doc": {"application/x-ole-storage", "application/msword"},
    ".xls": {"application/x-ole-storage", "application/vnd.ms-excel"},
    ".wps": {"application/x-ole-storage"},
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SERVE_AS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


def sniff(head: bytes) -> str | None:
    if head.startswith(OLE_MAGIC):
        return "application/x-ole-storage"
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Refuse a file that is too large or whose content is not what its name says."""
    name = PurePath(upload.name or "").name
    ext = PurePath(name).suffix.lower()
    if upload.size is None or upload.size == 0:
        raise DomainError({"file": _("The file is empty.")})
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise DomainError(
            {
                "file": _("The file is %(size)s MB; at most %(max)s MB is accepted.")
                % {"size": round(upload.size / 1048576, 1), "max": settings.ATTACHMENT_MAX_BYTES // 1048576}
            }
        )
    if ext not in ALLOWED:
        raise DomainError(
            {
                "file": _("Files of type %(ext)s are not accepted. Use photos, PDF, Word or Excel files.")
                % {"ext": ext or _("(no extension)")}
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = sniff(head)
    if mime not in ALLOWED[ext]:
        raise DomainError(
            {
                "file": _("%(name)s is not really a %(ext)s file: its content does not match its name.")
                % {"name": name, "ext": ext}
            }
        )
    return name, SERVE_AS.get(ext, "application/octet-stream")


def attachment_add(
    rt: RecordType, *, access: Any, obj: Any, upload: UploadedFile, description: str = ""
) -> Attachment:
    org = rt.org_of(obj)
    require(access, rt.edit_perm, org)
    name, mime = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        att = Attachment(
            organization=org,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            original_name=name[:255],
            mime_type=mime,
            size=upload.size,
            sha256=digest.hexdigest(),
            description=description[:200],
            uploaded_by=access.user,
        )
        att.file.save(name, upload, save=False)
        try:
            att.save()
        except Exception:
            att.file.delete(save=False)
            raise
    return att


def attachments_of(obj: Any) -> Any:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("uploaded_by")


def attachment_delete(rt: RecordType, *, access: Any, attachment: Attachment) -> None:
    require(access, rt.edit_perm, attachment.organization)
    stored = attachment.file.name
    storage = attachment.file.storage
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(stored))
