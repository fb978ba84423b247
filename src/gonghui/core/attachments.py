"""Evidence files attached to records: checked by content, size-capped, scoped, served as downloads.

``check_office_package`` is THE check of an office file (a ZIP package): attachments and the
roster importer both call it before anything else opens the file.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import struct
import zipfile
import zlib
from pathlib import PurePath
from typing import IO, Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from gonghui.core.downloads import file_response
from gonghui.core.errors import DomainError
from gonghui.core.models import Attachment
from gonghui.core.records import RecordType, require

log = logging.getLogger("gonghui.attachments")
# The storage is full (ENOSPC) or over the user's quota (EDQUOT): the administrator must act.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}

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
# The parts without which a package is not a file of its type (a ZIP renamed .docx has none).
OFFICE_PARTS: dict[str, tuple[str, ...]] = {
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    ".pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
}
# Bounds of what a package may unpack to. The largest roster the importer takes (200,000 rows)
# unpacks to about 130 MB; more would drive its reader past the 400 MB the import may use.
ZIP_MAX_INFLATED = 150 * 1024 * 1024
ZIP_MAX_ENTRIES = 5000
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length


def _refuse(message: str) -> DomainError:
    return DomainError({"file": message})


def _too_big() -> DomainError:
    return _refuse(
        _("The file unpacks to more than %(mb)d MB: it may be a zip bomb and is refused.")
        % {"mb": ZIP_MAX_INFLATED // (1024 * 1024)}
    )


def _too_many() -> DomainError:
    return _refuse(_("The file holds more than %(n)d parts: it is refused.") % {"n": ZIP_MAX_ENTRIES})


def _inflate_counting(f: IO[bytes], info: zipfile.ZipInfo, budget: int) -> int:
    """The bytes ``info`` really unpacks to, counted while inflating its data piece by piece and
    never past ``budget`` (the directory's sizes may lie: a small declared size, a huge stream)."""
    f.seek(info.header_offset)
    sig, name_len, extra_len = _LOCAL_HEADER.unpack(
        f.read(_LOCAL_HEADER.size).ljust(_LOCAL_HEADER.size, b"\0")
    )
    if sig != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header")
    f.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    left, total = info.compress_size, 0
    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0 and (piece := f.read(min(left, 1 << 20))):
            left -= len(piece)
            total += len(piece)
        return total
    if info.compress_type != zipfile.ZIP_DEFLATED:  # office files know no other method
        raise zipfile.BadZipFile("compression method")
    inflater = zlib.decompressobj(-15)
    while left > 0 and not inflater.eof and (piece := f.read(min(left, 1 << 16))):
        left -= len(piece)
        data = piece
        while data and not inflater.eof:
            total += len(inflater.decompress(data, 1 << 20))
            if total > budget:
                raise _too_big()
            data = inflater.unconsumed_tail
    total += len(inflater.flush(1 << 20))
    return total


def check_office_package(source: str | IO[bytes], ext: str) -> None:
    """Refuse (DomainError on "file") an office file that is not a package of its type or that
    unpacks to too much. First the ZIP directory (entries, declared sizes, the parts the type
    needs) before anything is inflated; then every entry inflated and counted, stopping at the
    cap, so a directory that lies about sizes gains nothing. Reads in small pieces: the memory
    used does not depend on the file."""
    if isinstance(source, str):
        with open(source, "rb") as f:
            return check_office_package(f, ext)
    damaged = _refuse(
        _("The file is damaged or is not a real %(ext)s file: save it again and retry.") % {"ext": ext}
    )
    try:
        # The count the end record states, before Python builds an object per entry of a directory
        # that may list a million (zip64 end records state theirs as well).
        end = zipfile._EndRecData(source)  # type: ignore[attr-defined]
        if end is None:
            raise damaged
        if end[zipfile._ECD_ENTRIES_TOTAL] > ZIP_MAX_ENTRIES:  # type: ignore[attr-defined]
            raise _too_many()
        source.seek(0)
        with zipfile.ZipFile(source) as package:
            entries = package.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise _too_many()
            if sum(i.file_size for i in entries) > ZIP_MAX_INFLATED:
                raise _too_big()
            names = {i.filename for i in entries}
            if not all(part in names for part in OFFICE_PARTS.get(ext, ())):
                raise _refuse(
                    _("The file is not a real %(ext)s file: parts such a file needs are missing.")
                    % {"ext": ext}
                )
            if any(i.flag_bits & 0x1 for i in entries):  # encrypted entries: nothing reads them
                raise damaged
            budget = ZIP_MAX_INFLATED
            fp = package.fp
            if fp is None:
                raise damaged
            for info in entries:
                budget -= _inflate_counting(fp, info, budget)
                if budget < 0:
                    raise _too_big()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, ValueError):
        raise damaged from None


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
    if ext in OFFICE_PARTS:
        check_office_package(upload, ext)
        upload.seek(0)
    return name, SERVE_AS.get(ext, "application/octet-stream")


def attachment_response(att: Attachment) -> FileResponse:
    """A stored file as a download (``core.downloads.file_response``), under its original name."""
    return file_response(att.file.open("rb"), filename=att.original_name, content_type=att.mime_type)


def attachment_add(
    rt: RecordType, *, access: Any, obj: Any, upload: UploadedFile, description: str = ""
) -> Attachment:
    org = rt.org_of(obj)
    require(access, rt.edit_perm, org)
    with transaction.atomic():
        return attachment_store(
            obj=obj, organization=org, upload=upload, user=access.user, description=description
        )


def attachment_store(
    *, obj: Any, organization: Any, upload: UploadedFile, user: Any, description: str = ""
) -> Attachment:
    """Check ``upload`` and store it as ``obj``'s attachment; the caller has decided who may, and
    holds the transaction. A row that fails to save takes its file with it."""
    name, mime = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    att = Attachment(
        organization=organization,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        original_name=name[:255],
        mime_type=mime,
        size=upload.size,  # type: ignore[misc]  # None only for a file not yet read
        sha256=digest.hexdigest(),
        description=description[:200],
        uploaded_by=user,
    )
    _store(att, name, upload)
    try:
        att.save()
    except Exception:
        att.file.delete(save=False)
        raise
    return att


def _store(att: Attachment, name: str, upload: UploadedFile) -> None:
    """Write the upload into the storage under a fresh name chosen first, so that a write that
    fails half-way (a full disk) can remove what it left and say so in Chinese: no partial file
    stays behind and, the row being saved only afterwards, no row points to one."""
    field, storage = att.file.field, att.file.storage
    target = storage.get_available_name(field.generate_filename(att, name), max_length=field.max_length)
    try:
        att.file.name = storage.save(target, upload, max_length=field.max_length)
    except OSError as e:
        try:
            storage.delete(target)  # what the write left, if anything
        except OSError:
            log.exception("could not remove the partial attachment %s", target)
        log.error("attachment not saved (%s): %s", errno.errorcode.get(e.errno or 0, e.errno), e)
        if e.errno in _NO_SPACE:
            raise _refuse(
                _(
                    "The server's disk is full: the attachment was not saved. "
                    "Please contact the administrator."
                )
            ) from None
        raise _refuse(
            _("The server could not store the attachment; it was not saved. Please try again later.")
        ) from None


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
