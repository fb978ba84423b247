"""Every file the application hands out goes through ``file_response``: always a download.

A stored upload (an attachment, an evidence file) or a generated sheet is sent as an
attachment, never shown inline, so a PDF that is also an HTML page (a polyglot) or an image
with a script inside runs nowhere in our origin. ``nosniff`` keeps the browser from guessing
another type; the ``sandbox`` policy covers a browser that opens the file anyway.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import IO, overload
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, HttpResponseBase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_headers(resp: HttpResponseBase) -> HttpResponseBase:
    """The two headers every download carries (a streamed CSV sets them with this too)."""
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "sandbox"
    return resp


def ascii_name(filename: str) -> str:
    """The name for a browser that reads only ``filename=``: the ASCII letters and digits of
    ``filename`` (a Chinese name keeps its year), else "download", with its extension."""
    path = PurePath(filename.replace("\\", "/")).name
    stem, dot, ext = path.rpartition(".")
    if not dot:
        stem, ext = path, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._")[:100] or "download"
    ascii_ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:10]
    return f"{ascii_stem}.{ascii_ext}" if ascii_ext else ascii_stem


def attachment_disposition(filename: str) -> str:
    """``Content-Disposition`` of a download named ``filename`` (Chinese in Chinese mode): the
    full name as RFC 5987 ``filename*=UTF-8''…`` and an ASCII fallback for older clients."""
    cleaned = "".join(ch for ch in filename if ch.isprintable()).strip() or "download"
    return f"attachment; filename=\"{ascii_name(cleaned)}\"; filename*=UTF-8''{quote(cleaned, safe='')}"


@overload
def file_response(file: bytes, *, filename: str, content_type: str) -> HttpResponse: ...
@overload
def file_response(file: IO[bytes], *, filename: str, content_type: str) -> FileResponse: ...
def file_response(
    file: IO[bytes] | bytes, *, filename: str, content_type: str
) -> HttpResponse | FileResponse:
    """``file`` as a download named ``filename``: an open binary file is streamed (and closed
    when sent), bytes made in memory (a small sheet) are sent as they are."""
    resp: HttpResponse | FileResponse
    if isinstance(file, bytes):
        resp = HttpResponse(file, content_type=content_type)
    else:
        resp = FileResponse(file, content_type=content_type, as_attachment=True, filename=filename)
    resp["Content-Disposition"] = attachment_disposition(filename)
    download_headers(resp)
    return resp
