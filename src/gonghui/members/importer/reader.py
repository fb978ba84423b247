"""Reading a roster file into a header and rows: .xlsx / .xls with calamine, .csv with the csv module.

calamine allocates a sheet's whole rectangle at once, so a 5 KB workbook with one cell in
XFD1048576 asks for hundreds of gigabytes and aborts the process (Rust cannot recover from
a failed allocation). The workbook is therefore read in a forked child whose address space
is capped; rows come back through a pipe in marshalled chunks while the parent checks them,
and a child that dies means "this file cannot be read", never a dead web worker.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import marshal
import os
import resource
import select
import signal
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gonghui.members.importer.columns import match_header, norm_text

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100
HEADER_SCAN_ROWS = 20
CHILD_EXTRA_MEMORY = 1536 * 1024 * 1024
CHILD_TIMEOUT = 300  # seconds without a message from the child
CHUNK_ROWS = 2000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The memory the last reader child used beyond what it shares with this process (KB).
child_peak_kb = 0
combined_peak_kb = 0
# A date travels through marshal as (DATE_TAG, ordinal); the readers turn it back.
DATE_TAG = "\x00date"


class ReadError(Exception):
    """The file cannot be read as a roster; the message says why, in the user's language."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass
class Table:
    header_row: int  # Excel row number of the header (1-based)
    columns: dict[int, str]  # cell index → column key
    headers: list[str]
    col_offset: int  # the sheet's first column (0 = A)
    rows: Iterator[tuple[int, list[Any]]]  # (Excel row number, cells) after the header
    total_rows: int  # rows after the header (empty ones included)
    before: list[list[Any]] = field(default_factory=list)  # rows above the header (a title)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required columns not found


def cell_value(v: Any) -> Any:
    """A cell as read, with marshalled dates restored."""
    if type(v) is tuple and v and v[0] == DATE_TAG:
        return dt.date.fromordinal(v[1])
    return v


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---- the child that runs calamine ---------------------------------------------
def _send(fd: int, kind: bytes, payload: bytes = b"") -> None:
    data = struct.pack("!cI", kind, len(payload)) + payload
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _portable(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return (DATE_TAG, v.toordinal())
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    return v


def _resident_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _child(path: str, fd: int) -> None:  # pragma: no cover (runs in the forked child)
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    start_kb = _resident_kb()  # pages shared with the parent: not the child's own
    try:
        with open("/proc/self/statm") as f:
            vm = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = vm + CHILD_EXTRA_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        wb = CalamineWorkbook.from_path(path)
        visible = [
            i
            for i, m in enumerate(wb.sheets_metadata)
            if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
        ]
        if not visible:
            _send(fd, b"E", b"no_sheet")
            return
        sheet = wb.get_sheet_by_index(visible[0])
        if sheet.total_height > MAX_ROWS + HEADER_SCAN_ROWS:
            _send(fd, b"E", f"too_many_rows:{sheet.total_height}".encode())
            return
        if sheet.width > MAX_COLUMNS:
            _send(fd, b"E", f"too_many_columns:{sheet.width}".encode())
            return
        start = sheet.start or (0, 0)
        meta = {
            "height": sheet.total_height,
            "col_offset": start[1],
            "merged": sheet.merged_cell_ranges or [],
        }
        _send(fd, b"M", marshal.dumps(meta))
        chunk: list[list[Any]] = []
        for row in sheet.iter_rows():
            chunk.append([_portable(v) if not isinstance(v, str | float | int) else v for v in row])
            if len(chunk) >= CHUNK_ROWS:
                _send(fd, b"R", marshal.dumps(chunk))
                chunk = []
        if chunk:
            _send(fd, b"R", marshal.dumps(chunk))
        extra = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_kb
        _send(fd, b"D", str(max(extra, 0)).encode())
    except PasswordError:
        _send(fd, b"E", b"password")
    except Exception as e:
        _send(fd, b"E", f"unreadable:{str(e)[:200]}".encode())


class _ChildReader:
    """Messages from the child: ('M', meta), ('R', rows) ..., then ('D', None)."""

    def __init__(self, path: str) -> None:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover
            os.close(r)
            # A workbook that exhausts the capped memory aborts this child: keep its dying words quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            try:
                _child(path, w)
            finally:
                os._exit(0)
        os.close(w)
        self.pid, self.fd, self.buf = pid, r, bytearray()

    def _read(self, n: int) -> bytes:
        while len(self.buf) < n:
            ready, _w, _x = select.select([self.fd], [], [], CHILD_TIMEOUT)
            if not ready:
                raise ReadError(_("Reading the file took too long: it may be damaged."))
            data = os.read(self.fd, 1 << 20)
            if not data:
                raise ReadError(
                    _("The file cannot be read: it is too large or damaged. Save it again and retry.")
                )
            self.buf += data
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def messages(self) -> Iterator[tuple[str, Any]]:
        while True:
            kind, length = struct.unpack("!cI", self._read(5))
            payload = self._read(length) if length else b""
            if kind == b"D":
                global child_peak_kb, combined_peak_kb
                child_peak_kb = int(payload or 0)
                # Both processes at once: this one now (it has all the rows) plus the child's own peak.
                combined_peak_kb = _resident_kb() + child_peak_kb
                return
            if kind == b"E":
                raise ReadError(_child_error(payload.decode()))
            yield kind.decode(), marshal.loads(payload)  # noqa: S302 (our own child's output)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _child_error(code: str) -> str:
    if code == "password":
        return _("The workbook is protected by a password: remove the password and upload it again.")
    if code == "no_sheet":
        return _("The workbook has no visible worksheet.")
    if code.startswith("too_many_rows:"):
        return _("The worksheet has %(n)s rows; at most %(max)s can be imported at once: split the file.") % {
            "n": code.split(":", 1)[1],
            "max": MAX_ROWS,
        }
    if code.startswith("too_many_columns:"):
        return _("The worksheet has %(n)s columns: is this a roster?") % {"n": code.split(":", 1)[1]}
    return _("The file cannot be read as a workbook: save it again in Excel (.xlsx) and retry.")


def _excel_rows(path: str) -> tuple[dict[str, Any], Iterator[list[Any]], _ChildReader]:
    reader = _ChildReader(path)
    messages = reader.messages()
    try:
        _kind, meta = next(messages)
    except StopIteration:
        reader.close()
        raise ReadError(_("The worksheet is empty.")) from None
    except ReadError:
        reader.close()
        raise

    def rows() -> Iterator[list[Any]]:
        for _kind, chunk in messages:
            yield from chunk

    return meta, rows(), reader


# ---- CSV ------------------------------------------------------------------------
def _csv_rows(raw: bytes) -> tuple[dict[str, Any], Iterator[list[Any]]]:
    if b"\x00" in raw[:65536]:
        raise ReadError(_("This is not a spreadsheet: upload an .xlsx, .xls or .csv file."))
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV in GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(_("The CSV file's encoding is unknown: save it as UTF-8 or GBK."))
    lines = text.count("\n") + 1
    if lines > MAX_ROWS + HEADER_SCAN_ROWS:
        raise ReadError(
            _("The worksheet has %(n)s rows; at most %(max)s can be imported at once: split the file.")
            % {"n": lines, "max": MAX_ROWS}
        )
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    return {"height": lines, "col_offset": 0, "merged": []}, iter(csv.reader(io.StringIO(text), dialect))


# ---- the table --------------------------------------------------------------------
def _find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    best: tuple[int, dict[int, str]] | None = None
    for i, row in enumerate(rows):
        found: dict[int, str] = {}
        for j, cell in enumerate(row):
            key = match_header(cell) if isinstance(cell, str) and cell.strip() else None
            if key is not None and key not in found.values():
                found[j] = key
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (i, found)
            if {"name", "id_number"} <= set(found.values()):
                break
    return best


@contextlib.contextmanager
def open_table(path: str) -> Iterator[Table]:
    """The roster table in ``path``; raises ReadError with a clear message for anything else."""
    size = os.path.getsize(path)
    if size == 0:
        raise ReadError(_("The file is empty."))
    if size > MAX_BYTES:
        raise ReadError(
            _("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    with open(path, "rb") as f:
        head = f.read(8)
    child = None
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        meta, rows, child = _excel_rows(path)
    else:
        with open(path, "rb") as f:
            meta, rows = _csv_rows(f.read())
    try:
        scanned: list[list[Any]] = []
        for row in rows:
            scanned.append(row)
            if len(scanned) >= HEADER_SCAN_ROWS:
                break
        if not any(norm_text(cell_value(v)) for row in scanned for v in row):
            raise ReadError(_("The worksheet is empty."))
        found = _find_header(scanned)
        if found is None:
            raise ReadError(
                _("No header row found: the first rows should hold column titles such as 姓名 and 身份证号. "
                  "Download the template to see them.")
            )  # fmt: skip
        index, columns = found
        missing = [k for k in ("name", "id_number") if k not in columns.values()]
        header_row = index + 1  # Excel rows are 1-based; calamine starts at row 1 as well

        def data_rows() -> Iterator[tuple[int, list[Any]]]:
            number = header_row
            for row in scanned[index + 1 :]:
                number += 1
                yield number, row
            for row in rows:
                number += 1
                yield number, row

        yield Table(
            header_row=header_row,
            columns=columns,
            headers=[norm_text(cell_value(v)) for v in scanned[index]],
            col_offset=meta["col_offset"],
            rows=data_rows(),
            total_rows=max(0, meta["height"] - header_row),
            before=[[cell_value(v) for v in r] for r in scanned[:index]],
            merged=[tuple(map(tuple, m)) for m in meta["merged"]],  # type: ignore[misc]
            missing=missing,
        )
    finally:
        if child is not None:
            child.close()
