"""Reading a roster file into a header and rows: .xlsx / .xls with calamine, .csv with the csv module.

calamine allocates a sheet's whole rectangle at once, so a 5 KB workbook with one cell in
XFD1048576 asks for hundreds of gigabytes and aborts the process (Rust cannot recover from
a failed allocation). The file is therefore read in a forked child whose address space is
capped, which also finds the header and runs the caller's work over the rows (the import's
checks: the second core); what it sends comes back through a pipe in marshalled chunks
while this process goes on with the previous ones. A child that dies means "this file
cannot be read", never a dead web worker.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import faulthandler
import fcntl
import gc
import io
import marshal
import os
import resource
import select
import signal
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from gonghui.core.attachments import check_office_package
from gonghui.core.errors import DomainError
from gonghui.members.importer.columns import match_header, norm_text

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100
HEADER_SCAN_ROWS = 20
# The reader child's address space beyond what it inherits. A 200,000-row roster needs about 250 MB
# of it; a workbook whose cells ask for more (calamine allocates a sheet's whole rectangle, so a
# few sparse cells far apart are enough) kills the child, not the import's memory budget.
CHILD_EXTRA_MEMORY = int(os.environ.get("GONGHUI_IMPORT_CHILD_MB", "384")) * 1024 * 1024
CHILD_TIMEOUT = 300  # seconds without a message from the child
CHUNK_ROWS = 2000
PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged pipe

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


# ---- the child that reads (and checks) the file ------------------------------------
def _send(fd: int, kind: bytes, payload: bytes = b"") -> None:
    data = struct.pack("!cI", kind, len(payload)) + payload
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def portable(v: Any) -> Any:
    """A cell as marshal can carry it (dates as (DATE_TAG, ordinal))."""
    if type(v) is str or type(v) is float or type(v) is int or v is None:
        return v
    if isinstance(v, dt.datetime | dt.date):
        return (DATE_TAG, v.toordinal())
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    return v


def _resident_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


# What runs in the child once the table is found: it sends its payloads (bytes) with ``send``.
Consumer = Callable[["Table", Callable[[bytes], None]], None]


def _child(path: str, fd: int, consume: Consumer) -> None:  # pragma: no cover (runs in the forked child)
    # What the fork inherited is never this child's garbage: collections that walked it stalled
    # the checks for a third of a second at a time, and copied its pages.
    gc.freeze()
    start_kb = _resident_kb()  # pages shared with the parent: not the child's own
    try:
        with open("/proc/self/statm") as f:
            vm = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = vm + CHILD_EXTRA_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        table = _table(*_source(path))
        head = {
            "header_row": table.header_row,
            "columns": table.columns,
            "headers": table.headers,
            "col_offset": table.col_offset,
            "total_rows": table.total_rows,
            "before": [[portable(v) for v in row] for row in table.before],
            "merged": table.merged,
            "missing": table.missing,
        }
        _send(fd, b"T", marshal.dumps(head))
        consume(table, lambda payload: _send(fd, b"R", payload))
        extra = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_kb
        _send(fd, b"D", str(max(extra, 0)).encode())
    except ReadError as e:
        _send(fd, b"E", e.message.encode())
    except MemoryError:
        _send(fd, b"E", _child_error("unreadable").encode())


class _ChildReader:
    """Messages from the child: ('T', the table's head), ('R', payload) ..., then ('D', None)."""

    def __init__(self, path: str, consume: Consumer) -> None:
        r, w = os.pipe()
        _widen(w)
        pid = os.fork()
        if pid == 0:  # pragma: no cover
            os.close(r)
            # A workbook that exhausts the capped memory aborts this child: keep its dying words quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            faulthandler.disable()  # it writes to a copy of the parent's stderr
            try:
                _child(path, w, consume)
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

    def messages(self) -> Iterator[tuple[str, bytes]]:
        while True:
            kind, length = struct.unpack("!cI", self._read(5))
            payload = self._read(length) if length else b""
            if kind == b"D":
                global child_peak_kb, combined_peak_kb
                child_peak_kb = int(payload or 0)
                # Both processes at once: this one now plus the child's own peak.
                combined_peak_kb = _resident_kb() + child_peak_kb
                return
            if kind == b"E":
                raise ReadError(payload.decode())
            yield kind.decode(), payload

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _widen(fd: int) -> None:
    """A pipe that holds a whole chunk: the child writes one while this process is still busy
    with the previous one, instead of handing it over 64 KB at a time, a switch per piece."""
    with contextlib.suppress(OSError, AttributeError):  # Linux only; a smaller pipe still works
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


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


def _excel_rows(path: str) -> tuple[dict[str, Any], Iterator[list[Any]]]:  # pragma: no cover (child)

    try:
        wb = CalamineWorkbook.from_path(path)
        visible = [
            i
            for i, m in enumerate(wb.sheets_metadata)
            if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
        ]
        if not visible:
            raise ReadError(_child_error("no_sheet"))
        sheet = wb.get_sheet_by_index(visible[0])
    except PasswordError:
        raise ReadError(_child_error("password")) from None
    except ReadError:
        raise
    except Exception as e:
        raise ReadError(_child_error(f"unreadable:{str(e)[:200]}")) from None
    if sheet.total_height > MAX_ROWS + HEADER_SCAN_ROWS:
        raise ReadError(_child_error(f"too_many_rows:{sheet.total_height}"))
    if sheet.width > MAX_COLUMNS:
        raise ReadError(_child_error(f"too_many_columns:{sheet.width}"))
    start = sheet.start or (0, 0)
    meta = {
        "height": sheet.total_height,
        "col_offset": start[1],
        "merged": [tuple(map(tuple, m)) for m in sheet.merged_cell_ranges or []],
    }
    return meta, iter(sheet.iter_rows())


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


def _check_package(path: str) -> None:
    """The workbook's ZIP package checked (parts of an .xlsx, entries, the size it unpacks to,
    counted while inflating) before calamine opens it: calamine would inflate whatever the
    package holds, and a 400 KB bomb of 400 MB of XML took the reader to 1.5 GB."""
    try:
        check_office_package(path, ".xlsx")
    except DomainError as e:
        raise ReadError(" ".join(e.messages)) from None


def _source(path: str) -> tuple[dict[str, Any], Iterator[list[Any]]]:
    """The file's sheet: its facts and its rows (in the child: calamine may need a lot of memory)."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC):
        _check_package(path)
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return _excel_rows(path)
    with open(path, "rb") as f:
        return _csv_rows(f.read())


def _table(meta: dict[str, Any], rows: Iterator[list[Any]]) -> Table:
    """The roster table: the header found among the first rows, the data rows after it."""
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
    header_row = index + 1  # Excel rows are 1-based; calamine starts at row 1 as well

    def data_rows() -> Iterator[tuple[int, list[Any]]]:
        number = header_row
        for row in scanned[index + 1 :]:
            number += 1
            yield number, row
        for row in rows:
            number += 1
            yield number, row

    return Table(
        header_row=header_row,
        columns=columns,
        headers=[norm_text(cell_value(v)) for v in scanned[index]],
        col_offset=meta["col_offset"],
        rows=data_rows(),
        total_rows=max(0, meta["height"] - header_row),
        before=scanned[:index],
        merged=meta["merged"],
        missing=[k for k in ("name", "id_number") if k not in columns.values()],
    )


@contextlib.contextmanager
def open_stream(path: str, consume: Consumer) -> Iterator[tuple[Table, Iterator[bytes]]]:
    """Read ``path`` in a capped child that runs ``consume`` over the table it finds; here: the
    table's head (its ``rows`` empty) and the child's payloads as they come. The child works
    while this process handles what it has sent: two cores, one import."""
    size = os.path.getsize(path)
    if size == 0:
        raise ReadError(_("The file is empty."))
    if size > MAX_BYTES:
        raise ReadError(
            _("The file is larger than %(mb)d MB: split it.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    child = _ChildReader(path, consume)
    try:
        messages = child.messages()
        try:
            _kind, payload = next(messages)
        except StopIteration:
            raise ReadError(_("The worksheet is empty.")) from None
        head = marshal.loads(payload)  # noqa: S302 (our own child's output)
        table = Table(rows=iter(()), **head)
        table.merged = [tuple(map(tuple, m)) for m in table.merged]  # type: ignore[misc]
        yield table, (payload for _kind, payload in messages)
    finally:
        child.close()


def _send_rows(table: Table, send: Callable[[bytes], None]) -> None:  # pragma: no cover (child)
    chunk: list[tuple[int, list[Any]]] = []
    for number, row in table.rows:
        chunk.append((number, [portable(v) for v in row]))
        if len(chunk) >= CHUNK_ROWS:
            send(marshal.dumps(chunk))
            chunk = []
    if chunk:
        send(marshal.dumps(chunk))


@contextlib.contextmanager
def open_table(path: str) -> Iterator[Table]:
    """The roster table in ``path``, its cells as read; raises ReadError with a clear message."""
    with open_stream(path, _send_rows) as (table, payloads):

        def rows() -> Iterator[tuple[int, list[Any]]]:
            for payload in payloads:
                yield from marshal.loads(payload)  # noqa: S302

        table.rows = rows()
        yield table
