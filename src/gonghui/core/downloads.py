"""Every file the application hands out goes through ``file_response``: always a download.

A stored upload (an attachment, an evidence file) or a generated sheet is sent as an
attachment, never shown inline, so a PDF that is also an HTML page (a polyglot) or an image
with a script inside runs nowhere in our origin. ``nosniff`` keeps the browser from guessing
another type; the ``sandbox`` policy covers a browser that opens the file anyway.
"""

from __future__ import annotations

from typing import IO, overload

from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_headers(resp: HttpResponseBase) -> HttpResponseBase:
    """The two headers every download carries (a streamed CSV sets them with this too)."""
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "sandbox"
    return resp


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
        resp["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    else:
        resp = FileResponse(file, content_type=content_type, as_attachment=True, filename=filename)
    download_headers(resp)
    return resp
