"""Uploads (issue 13, finding 16): an office file must be a package of its type, a zip bomb is
refused before it is unpacked (or while, when its directory lies), every stored file is served
as a download. One check serves attachments and the roster importer."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core import attachments
from gonghui.core.models import Attachment
from gonghui.members.importer import reader
from gonghui.orgs.models import EmployerYear

DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
XLSX_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
# A PDF that is also an HTML page with a script: shown inline, it would run in our origin.
LOCAL, CENTRAL, END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _zeros_deflated(size: int) -> tuple[bytes, int]:
    """``size`` zero bytes as a raw deflate stream (a few hundred KB) and their CRC, built in pieces."""
    comp, crc, out, piece = zlib.compressobj(9, zlib.DEFLATED, -15), 0, [], bytes(1 << 20)
    for _ in range(size >> 20):
        out.append(comp.compress(piece))
        crc = zlib.crc32(piece, crc)
    out.append(comp.flush())
    return b"".join(out), crc


def _bomb(parts: dict[str, bytes], *, inflates_to: int, declares: int | None = None) -> bytes:
    """A package with ``parts`` and one more entry of ``inflates_to`` zero bytes whose directory
    says it holds ``declares`` (the truth unless given: a lying header)."""
    data = io.BytesIO(_zip(parts))
    with zipfile.ZipFile(data) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    raw: list[tuple[str, int, bytes, int, int]] = [
        (name, 8, zlib.compress(body)[2:-4], zlib.crc32(body), len(body)) for name, body in entries
    ]
    stream, crc = _zeros_deflated(inflates_to)
    raw.append(("xl/worksheets/sheet1.xml", 8, stream, crc, inflates_to if declares is None else declares))
    out, central = io.BytesIO(), io.BytesIO()
    for name, method, body, crc32, size in raw:
        offset, encoded = out.tell(), name.encode()
        local = struct.pack(
            "<4sHHHHHIIIHH", LOCAL, 20, 0, method, 0, 0x21, crc32, len(body), size, len(encoded), 0
        )
        out.write(local + encoded + body)
        entry = (
            CENTRAL,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc32,
            len(body),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", *entry) + encoded)
    start, directory = out.tell(), central.getvalue()
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", END, 0, 0, len(raw), len(raw), len(directory), start, 0))
    return out.getvalue()


def _chair(make_user: Any, login: Any, tree: Any) -> Any:
    return login(make_user(Role.CHAIR, tree.union_a, username="chair_a"))


def _upload_url(tree: Any) -> str:
    ey = EmployerYear.objects.create(
        organization=tree.union_a, year=2025, employer_name="甲局", employees=100
    )
    return reverse("records:attachment-upload", kwargs={"rt": "employer-years", "pk": ey.pk})


def test_a_real_docx_is_accepted_a_zip_renamed_docx_is_not(make_user: Any, login: Any, tree: Any) -> None:
    c, url = _chair(make_user, login, tree), _upload_url(tree)
    c.post(url, {"file": SimpleUploadedFile("纪要.docx", _zip(DOCX_PARTS))})
    assert Attachment.objects.count() == 1
    page = c.post(url, {"file": SimpleUploadedFile("照片.docx", _zip({"a.jpg": b"x" * 100}))}, follow=True)
    assert "并不是真正的 .docx 文件" in page.content.decode()
    # An .xlsx is not a .docx either: each type needs its own parts.
    page = c.post(url, {"file": SimpleUploadedFile("表格.docx", _zip(XLSX_PARTS))}, follow=True)
    assert "并不是真正的 .docx 文件" in page.content.decode()
    assert Attachment.objects.count() == 1


def test_a_zip_bomb_is_refused_from_its_directory(make_user: Any, login: Any, tree: Any) -> None:
    c, url = _chair(make_user, login, tree), _upload_url(tree)
    bomb = _bomb(XLSX_PARTS, inflates_to=attachments.ZIP_MAX_INFLATED + (1 << 20))
    assert len(bomb) < 1024 * 1024  # a small file…
    page = c.post(url, {"file": SimpleUploadedFile("统计.xlsx", bomb)}, follow=True).content.decode()
    assert "解压后超过" in page  # …refused with a Chinese message
    assert not Attachment.objects.exists()


def test_a_bomb_whose_directory_lies_is_refused_while_counting() -> None:
    bomb = _bomb(XLSX_PARTS, inflates_to=attachments.ZIP_MAX_INFLATED + (1 << 20), declares=1000)
    with zipfile.ZipFile(io.BytesIO(bomb)) as z:  # the directory says it is tiny
        assert sum(i.file_size for i in z.infolist()) < 2000
    with pytest.raises(attachments.DomainError) as refused:
        attachments.check_office_package(io.BytesIO(bomb), ".xlsx")
    assert "解压后超过" in " ".join(refused.value.messages)


def test_too_many_entries_are_refused() -> None:
    many = {**XLSX_PARTS, **{f"x/{i}.xml": b"" for i in range(attachments.ZIP_MAX_ENTRIES)}}
    with pytest.raises(attachments.DomainError) as refused:
        attachments.check_office_package(io.BytesIO(_zip(many)), ".xlsx")
    assert "个部件" in " ".join(refused.value.messages)


def test_every_attachment_is_a_download_never_inline(make_user: Any, login: Any, tree: Any) -> None:
    c, url = _chair(make_user, login, tree), _upload_url(tree)
    c.post(url, {"file": SimpleUploadedFile("通知.pdf", POLYGLOT)})
    c.post(url, {"file": SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)})
    assert Attachment.objects.count() == 2
    for att in Attachment.objects.all():
        resp = c.get(reverse("records:attachment", kwargs={"pk": att.pk}))
        assert resp["Content-Disposition"].startswith("attachment;"), att.original_name
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert resp["Content-Security-Policy"] == "sandbox"
        assert resp["Cache-Control"] == "no-store"


def test_the_importer_refuses_a_bomb_before_calamine_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(_bomb(XLSX_PARTS, inflates_to=attachments.ZIP_MAX_INFLATED + (1 << 20), declares=1000))
    with pytest.raises(reader.ReadError) as refused, reader.open_table(str(path)):
        pass
    assert "解压后超过" in refused.value.message
    path.write_bytes(_zip(DOCX_PARTS))  # a Word file named .xlsx
    with pytest.raises(reader.ReadError) as refused, reader.open_table(str(path)):
        pass
    assert "并不是真正的 .xlsx 文件" in refused.value.message


def test_the_importer_reader_stays_within_its_memory_whatever_the_cells(tmp_path: Path) -> None:
    """Three cells far apart: calamine allocates the whole rectangle between them (190,000 × 100
    cells, about 600 MB). The capped reader child dies instead and the file is refused."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["CV190000"] = "姓名", "身份证号", "x"
    path = tmp_path / "稀疏.xlsx"
    wb.save(path)
    assert path.stat().st_size < 10_000
    with pytest.raises(reader.ReadError) as refused, reader.open_table(str(path)) as table:
        sum(1 for _ in table.rows)
    assert "无法读取文件" in refused.value.message


def test_a_standard_uploaded_as_a_bomb_is_refused_before_calamine() -> None:
    from gonghui.assessment.excel import parse_excel

    bomb = _bomb(XLSX_PARTS, inflates_to=attachments.ZIP_MAX_INFLATED + (1 << 20), declares=1000)
    doc, problems = parse_excel(bomb)
    assert doc is None and "解压后超过" in " ".join(problems.messages)
