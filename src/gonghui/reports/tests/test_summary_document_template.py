"""A federation's own Word template of the summary: used below it, a broken one refused with
the old one kept, downloaded, reverted."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Role
from gonghui.core.models import AuditEvent
from gonghui.reports.summary.layout import default_template
from gonghui.reports.summary.template_models import DocumentTemplate
from gonghui.reports.summary.template_services import check_template, template_for, template_upload

LETTERHEAD = "甲市总工会统一格式"


def with_document_xml(change: Any, base: bytes | None = None) -> bytes:
    """A copy of a template with its document.xml changed by ``change(xml) -> xml``."""
    src = zipfile.ZipFile(io.BytesIO(base or default_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = change(data.decode()).encode()
            dst.writestr(info, data)
    return out.getvalue()


def letterhead_template() -> bytes:
    return with_document_xml(lambda xml: xml.replace("{{ line }}", LETTERHEAD + "{{ line }}", 1))


def texts(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def empty_zip() -> bytes:
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    return buf.getvalue()


def upload(user: Any, org: Any, content: bytes, name: str = "甲市.docx") -> Any:
    return template_upload(access=get_access(user), organization=org, content=content, filename=name)


BROKEN = {
    "not a docx": b"%PDF-1.4 this is not a Word file",
    "a zip without Word parts": (
        lambda: (b := io.BytesIO(), zipfile.ZipFile(b, "w").close(), b.getvalue())[2]
    )(),
    "bad jinja": with_document_xml(lambda xml: xml.replace("{{ organization }}", "{{ organization ", 1)),
    "unclosed loop": with_document_xml(lambda xml: xml.replace("{%p endfor %}", "", 1)),
    "render error": with_document_xml(
        lambda xml: xml.replace("{{ organization }}", "{{ organization.x.y.z }}", 1)
    ),
    "sandbox escape": with_document_xml(
        lambda xml: xml.replace("{{ organization }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}", 1)
    ),
    "no paragraphs": with_document_xml(lambda xml: xml.replace("{{ b.text }}", "")),
}


@pytest.fixture
def fed_admin(tree: Any, make_user: Any) -> Any:
    return make_user(Role.FEDERATION_ADMIN, tree.city)


def test_a_federations_template_is_used_by_every_union_below_it(tree: Any, fed_admin: Any) -> None:
    template_upload(
        access=get_access(fed_admin),
        organization=tree.city,
        content=letterhead_template(),
        filename="甲市.docx",
    )
    assert template_for(tree.union_a) == letterhead_template()
    assert template_for(tree.group_a1) == letterhead_template()
    assert template_for(tree.union_b) is None  # the other tree keeps the default
    assert AuditEvent.objects.filter(action="reports.summary_template.upload").exists()


def test_the_nearest_template_above_applies(tree: Any, fed_admin: Any, make_user: Any) -> None:
    template_upload(
        access=get_access(fed_admin), organization=tree.city, content=default_template(), filename="a"
    )
    DocumentTemplate.objects.create(
        organization=tree.union_a, filename="own.docx", content=letterhead_template(), sha256="x"
    )
    assert template_for(tree.group_a1) == letterhead_template()
    assert template_for(tree.union_c) == default_template()


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_template_is_refused_in_chinese(case: str) -> None:
    with pytest.raises(ValidationError) as e:
        check_template(BROKEN[case])
    assert e.value.message_dict["file"]


def test_the_default_and_a_changed_template_pass_the_check() -> None:
    check_template(default_template())
    check_template(letterhead_template())


def test_the_page_refuses_a_broken_template_and_keeps_the_old_one(
    tree: Any, fed_admin: Any, login: Any
) -> None:
    client = login(fed_admin)
    url = f"{reverse('reports:summary-template')}?org={tree.city.pk}"
    good = client.post(url, {"file": SimpleUploadedFile("ok.docx", letterhead_template())})
    assert good.status_code == 302
    before = DocumentTemplate.objects.get(organization=tree.city)
    for case, content in BROKEN.items():
        resp = client.post(url, {"file": SimpleUploadedFile("bad.docx", content)})
        assert resp.status_code == 400, case
        page = resp.content.decode()
        assert "模板未被采用，继续使用原模板。" in page, case
        after = DocumentTemplate.objects.get(organization=tree.city)
        assert (after.sha256, bytes(after.content)) == (before.sha256, bytes(before.content)), case
    # the union's summary still uses the federation's template
    chair = tree.union_a
    resp = client.get(reverse("reports:summary-docx"), {"org": chair.pk, "year": 2025})
    assert LETTERHEAD + "甲局工会" in "".join(texts(resp.content))


def test_the_refusal_says_why(tree: Any, fed_admin: Any, login: Any) -> None:
    client = login(fed_admin)
    url = f"{reverse('reports:summary-template')}?org={tree.city.pk}"
    page = client.post(url, {"file": SimpleUploadedFile("bad.docx", BROKEN["bad jinja"])}).content.decode()
    assert "模板中的标记有误" in page
    page = client.post(
        url, {"file": SimpleUploadedFile("bad.docx", BROKEN["no paragraphs"])}
    ).content.decode()
    assert "模板没有输出总结的任何段落" in page


def test_download_the_current_and_the_default_then_revert(tree: Any, fed_admin: Any, login: Any) -> None:
    client = login(fed_admin)
    q = {"org": tree.city.pk}
    url = reverse("reports:summary-template")
    client.post(f"{url}?org={tree.city.pk}", {"file": SimpleUploadedFile("甲市.docx", letterhead_template())})
    current = client.get(reverse("reports:summary-template-download"), {**q, "which": "current"})
    assert current.status_code == 200 and current.content == letterhead_template()
    default = client.get(reverse("reports:summary-template-download"), {**q, "which": "default"})
    assert default.content == default_template()
    page = client.get(url, q).content.decode()
    assert "本级模板" in page
    resp = client.post(f"{reverse('reports:summary-template-revert')}?org={tree.city.pk}")
    assert resp.status_code == 302
    assert not DocumentTemplate.objects.exists()
    assert client.get(reverse("reports:summary-template-download"), q).content == default_template()


def test_a_union_sees_its_federations_template_but_cannot_replace_it(
    tree: Any, fed_admin: Any, make_user: Any, login: Any
) -> None:
    template_upload(
        access=get_access(fed_admin),
        organization=tree.city,
        content=letterhead_template(),
        filename="甲市.docx",
    )
    client = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("reports:summary-template")
    page = client.get(url, {"org": tree.union_a.pk}).content.decode()
    assert "甲市.docx" in page and tree.city.name in page
    assert 'enctype="multipart/form-data"' not in page
    resp = client.post(
        f"{url}?org={tree.union_a.pk}", {"file": SimpleUploadedFile("x.docx", default_template())}
    )
    assert resp.status_code == 404
    assert client.post(f"{reverse('reports:summary-template-revert')}?org={tree.city.pk}").status_code == 404
    assert not DocumentTemplate.objects.filter(organization=tree.union_a).exists()
    assert DocumentTemplate.objects.filter(organization=tree.city).exists()
    got = client.get(reverse("reports:summary-template-download"), {"org": tree.union_a.pk})
    assert got.content == letterhead_template()
