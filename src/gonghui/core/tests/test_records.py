"""The generic record machinery: forms, history, attachments, exports, refused deletes."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.models import Attachment
from gonghui.orgs.models import EmployerYear

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _chair(make_user: Any, login: Any, tree: Any) -> Any:
    return login(make_user(Role.CHAIR, tree.union_a, username="chair_a"))


def _employer_year(tree: Any, **kw: Any) -> EmployerYear:
    return EmployerYear.objects.create(
        organization=tree.union_a,
        year=kw.pop("year", 2025),
        employer_name=kw.pop("name", "甲局"),
        employees=100,
        **kw,
    )


def test_create_through_the_form_records_history_with_the_user(make_user: Any, login: Any, tree: Any) -> None:
    c = _chair(make_user, login, tree)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "employer-years"}),
        {
            "owner": tree.union_a.pk,
            "year": 2025,
            "employer_name": "甲局",
            "employees": 300,
            "women_employees": 120,
            "migrant_workers": 0,
            "dispatched_workers": 0,
        },
    )
    assert resp.status_code == 302
    ey = EmployerYear.objects.get(organization=tree.union_a, year=2025)
    assert ey.history.get().history_user.username == "chair_a"
    page = c.get(reverse("records:history", kwargs={"rt": "employer-years", "pk": ey.pk})).content.decode()
    assert "chair_a" in page


def test_invalid_form_shows_field_errors_and_writes_nothing(make_user: Any, login: Any, tree: Any) -> None:
    c = _chair(make_user, login, tree)
    resp = c.post(
        reverse("records:create", kwargs={"rt": "employer-years"}),
        {
            "owner": tree.union_a.pk,
            "year": 2025,
            "employer_name": "甲局",
            "employees": 10,
            "women_employees": 50,
            "migrant_workers": 0,
        },
    )
    assert resp.status_code == 400
    assert "女职工人数不能超过职工人数" in resp.content.decode()
    assert not EmployerYear.objects.exists()


def test_attachment_upload_checks_content_and_serves_the_file(make_user: Any, login: Any, tree: Any) -> None:
    c = _chair(make_user, login, tree)
    ey = _employer_year(tree)
    url = reverse("records:attachment-upload", kwargs={"rt": "employer-years", "pk": ey.pk})
    c.post(url, {"file": SimpleUploadedFile("会议纪要.pdf", PDF), "description": "纪要"})
    att = Attachment.objects.get()
    assert att.original_name == "会议纪要.pdf" and att.organization == tree.union_a
    assert b"".join(c.get(reverse("records:attachment", kwargs={"pk": att.pk})).streaming_content) == PDF
    # A text file dressed as a PDF is refused with the reason, nothing stored.
    page = c.post(url, {"file": SimpleUploadedFile("假的.pdf", b"just text")}, follow=True).content.decode()
    assert "并不是真正的 .pdf 文件" in page
    page = c.post(url, {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00")}, follow=True).content.decode()
    assert "不接受 .exe 类型的文件" in page
    assert Attachment.objects.count() == 1


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_attachment_too_large_is_refused(make_user: Any, login: Any, tree: Any) -> None:
    c = _chair(make_user, login, tree)
    ey = _employer_year(tree)
    url = reverse("records:attachment-upload", kwargs={"rt": "employer-years", "pk": ey.pk})
    page = c.post(
        url, {"file": SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)}, follow=True
    ).content.decode()
    assert "最大允许" in page and not Attachment.objects.exists()


def test_xlsx_export_is_a_readable_workbook_with_escaped_formulas(
    make_user: Any, login: Any, tree: Any
) -> None:
    c = _chair(make_user, login, tree)
    _employer_year(tree, name="=HYPERLINK(1)")
    resp = c.get(reverse("records:export", kwargs={"rt": "employer-years"}), {"format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][0] == "组织" and "职工人数" in rows[0]
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_csv_export_starts_with_a_bom_and_is_audited(make_user: Any, login: Any, tree: Any) -> None:
    from gonghui.core.models import AuditEvent

    c = _chair(make_user, login, tree)
    _employer_year(tree)
    body = b"".join(
        c.get(reverse("records:export", kwargs={"rt": "employer-years"}), {"format": "csv"}).streaming_content
    ).decode()
    assert body.startswith("\ufeff") and "甲局" in body
    event = AuditEvent.objects.get(action="records.export")
    assert event.user.username == "chair_a" and event.detail["type"] == "employer-years"


def test_deleting_a_union_that_holds_units_is_refused_with_the_reason(
    tree: Any, make_user: Any, login: Any
) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    page = c.post(
        reverse("records:delete", kwargs={"rt": "orgs", "pk": tree.union_a.pk}), follow=True
    ).content.decode()
    assert "请先移走或删除它们" in page
    tree.refresh()
    assert tree.union_a.pk
