"""The summary as a Word document in the GB/T 9704 layout, its PDF, the print view and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gonghui.accounts.roles import Role
from gonghui.reports.officialdoc import char_spacing, line_pitch
from gonghui.reports.summary.document import soffice, summary_docx, summary_pdf
from gonghui.reports.summary.layout import (
    date_chinese,
    default_template,
    signature_indents,
    template_context,
    title_lines,
)
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.sources import federation_viewer
from gonghui.reports.summary.text import Block, Summary

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def a_summary(**kw: Any) -> Summary:
    return Summary(
        organization=kw.pop("organization", "长安区交通运输局工会委员会"),
        year=2025,
        title=kw.pop("title", "长安区交通运输局工会委员会2025年度工作总结"),
        date=dt.date(2025, 12, 31),
        blocks=kw.pop(
            "blocks",
            [
                Block("basics", "h1", "基本情况"),
                Block("basics.members", "p", "现有会员426人，入会率100%。"),
                Block("org", "h1", "组织建设"),
                Block("org.committee", "h2", "工会委员会"),
                Block("org.committee.p", "p", "工会委员会由7人组成。"),
                Block("org.women", "h2", "女职工委员会"),
                Block("org.women.p", "p", "女职工委员会由3人组成。"),
            ],
        ),
    )


def east_asia(style_or_run: Any) -> str | None:
    fonts = style_or_run.element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def opened(content: bytes) -> Any:
    return Document(io.BytesIO(content))


def texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


def near(a: int, b: int) -> bool:
    return abs(a - b) <= Mm(0.1)  # Word stores lengths in twips: 37 mm is 2098 twips


def test_the_page_is_a4_with_the_standards_margins_and_22_lines_of_28_characters() -> None:
    doc = opened(summary_docx(a_summary()))
    section = doc.sections[0]
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    assert near(section.top_margin, Mm(37)) and near(section.bottom_margin, Mm(35))
    assert near(section.left_margin, Mm(28)) and near(section.right_margin, Mm(26))
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    text_height_pt, text_width_pt = Mm(297 - 37 - 35).pt, Mm(210 - 28 - 26).pt
    assert int(text_height_pt // pitch_pt) == 22
    normal = doc.styles["Normal"]
    assert normal.paragraph_format.line_spacing == line_pitch()
    spacing = normal.element.rPr.find(qn("w:spacing"))
    char_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    assert Pt(char_pt - 16) == char_spacing()
    assert int(text_width_pt // char_pt) == 28


def test_the_fonts_are_the_standards_for_east_asian_text() -> None:
    doc = opened(summary_docx(a_summary()))
    expected = {
        "Title": ("方正小标宋简体", Pt(22)),  # 二号
        "Normal": ("仿宋_GB2312", Pt(16)),  # 三号
        "Heading 1": ("黑体", Pt(16)),
        "Heading 2": ("楷体_GB2312", Pt(16)),
    }
    for name, (font, size) in expected.items():
        style = doc.styles[name]
        assert east_asia(style) == font, name
        assert style.font.size == size, name
        assert not style.font.bold, name
    assert doc.styles["Normal"].paragraph_format.first_line_indent == Pt(32)  # two characters
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:eastAsia")) == "zh-CN"


def test_the_headings_are_numbered_and_styled_and_the_text_follows() -> None:
    doc = opened(summary_docx(a_summary()))
    by_text: dict[str, Any] = {}
    for p in doc.paragraphs:
        by_text.setdefault(p.text, p)  # the first: the union's name is also the signature's
    assert [p.style.name for p in doc.paragraphs if p.style.name == "Title"] == ["Title", "Title"]
    assert by_text["长安区交通运输局工会委员会"].style.name == "Title"  # broken before the year
    assert by_text["2025年度工作总结"].style.name == "Title"
    assert by_text["一、基本情况"].style.name == "Heading 1"
    assert by_text["二、组织建设"].style.name == "Heading 1"
    assert by_text["（一）工会委员会"].style.name == "Heading 2"
    assert by_text["（二）女职工委员会"].style.name == "Heading 2"
    assert by_text["现有会员426人，入会率100%。"].style.name == "Normal"
    body = [t for t in texts(doc) if t]
    assert body.index("一、基本情况") < body.index("二、组织建设") < body.index("（二）女职工委员会")
    assert not any("{" in t or ("%" in t and "p " in t) for t in texts(doc))  # no tag left


def test_the_union_and_the_date_sign_at_the_end_right_aligned() -> None:
    doc = opened(summary_docx(a_summary()))
    name, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (name.text, date.text) == ("长安区交通运输局工会委员会", "2025年12月31日")
    assert name.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 §7.3.5.2: the name two characters in, the date starting two characters right of it
    assert name.paragraph_format.right_indent == Pt(32)
    # the name is 13 characters, the date 7 (its 8 digits are half a character each): the date
    # starts 2 characters right of the name's start, so it ends 13 + 2 - 2 - 7 = 6 from the edge
    assert date.paragraph_format.right_indent == Pt(16 * 6)
    assert doc.paragraphs[-3].text == ""  # one blank line before the signature
    # no page holds the signature alone: the last paragraph and the blank line keep with it
    assert doc.paragraphs[-4].text == "女职工委员会由3人组成。"
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[-4:-1])
    assert not doc.paragraphs[-6].paragraph_format.keep_with_next  # other paragraphs flow


def test_the_footer_holds_the_page_field_at_the_outer_corner() -> None:
    doc = opened(summary_docx(a_summary()))
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert [f.get(qn("w:fldCharType")) for f in p._p.iter(qn("w:fldChar"))] == [
            "begin",
            "separate",
            "end",
        ]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert all(r.font.size == Pt(14) for r in p.runs)  # 四号
        assert "宋体" in xml


def test_text_is_escaped_and_lines_become_paragraphs() -> None:
    summary = a_summary(
        blocks=[Block("a", "h1", "问题 <b>&</b>"), Block("b", "p", "第一行 {{ title }}\n第二行 & 完")]
    )
    doc = opened(summary_docx(summary))
    assert "一、问题 <b>&</b>" in texts(doc)
    assert "第一行 {{ title }}" in texts(doc)  # data is never run as a tag
    assert "第二行 & 完" in texts(doc)


def test_dates_and_signature_indents() -> None:
    assert date_chinese(dt.date(2025, 12, 31)) == "二〇二五年十二月三十一日"
    assert date_chinese(dt.date(2026, 1, 10)) == "二〇二六年一月十日"
    assert date_chinese(dt.date(2030, 11, 20)) == "二〇三〇年十一月二十日"
    # a short name: the date keeps two characters and the name moves left
    short = signature_indents("甲厂工会", "2025年12月31日")
    assert short == {"date": 2 * 320, "name": (7 + 2 + 2 - 4) * 320}
    assert template_context(a_summary())["date_cn"] == "二〇二五年十二月三十一日"


def test_title_lines() -> None:
    assert title_lines("甲厂工会2025年度工作总结") == ["甲厂工会2025年度工作总结"]
    assert title_lines("长安区交通运输局工会委员会2025年度工作总结") == [
        "长安区交通运输局工会委员会",
        "2025年度工作总结",
    ]


def test_the_default_template_is_a_docx_with_its_tags() -> None:
    content = default_template()
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    for tag in (
        "{{ line }}",
        "{%p for b in blocks %}",
        "{{ organization }}",
        "{{ date }}",
        "{{ sign.name }}",
    ):
        assert tag in xml


@needs_soffice
def test_the_pdf_is_rendered_by_libreoffice() -> None:
    pdf = summary_pdf(a_summary())
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox[0 0 595" in pdf  # A4: 595 × 842 pt


# ---- through the pages and the command ------------------------------------------
@pytest.fixture
def chair(tree: Any, make_user: Any, login: Any) -> Any:
    return login(make_user(Role.CHAIR, tree.union_a))


def test_the_download_is_the_composed_summary(tree: Any, chair: Any) -> None:
    resp = chair.get(reverse("reports:summary-docx"), {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment")
    assert resp["X-Content-Type-Options"] == "nosniff"
    doc = opened(resp.content)
    assert "一、基本情况" in texts(doc)
    assert texts(doc)[-2] == tree.union_a.name


def test_the_download_of_a_saved_version_prints_its_text(tree: Any, chair: Any) -> None:
    draft = SummaryDraft.objects.create(
        organization=tree.union_a,
        year=2025,
        name="定稿",
        title="甲局工会2025年度工作总结",
        blocks=[Block("x", "h1", "工作回顾").as_dict(), Block("x.1", "p", "本段由主席改写。").as_dict()],
    )
    resp = chair.get(reverse("reports:summary-docx"), {"org": tree.union_a.pk, "version": draft.pk})
    assert resp.status_code == 200
    body = texts(opened(resp.content))
    assert "一、工作回顾" in body and "本段由主席改写。" in body
    assert "定稿" in resp["Content-Disposition"] or "%E5%AE%9A%E7%A8%BF" in resp["Content-Disposition"]


@pytest.mark.parametrize("year", ["", "abc", "1800", "20255", "２０２５"])
def test_a_wrong_year_gets_a_chinese_answer(tree: Any, chair: Any, year: str) -> None:
    resp = chair.get(reverse("reports:summary-docx"), {"org": tree.union_a.pk, "year": year})
    assert resp.status_code == 400
    text = resp.content.decode()
    assert "年度" in text or "年份" in text


def test_the_print_view_is_a_standalone_a4_page(tree: Any, chair: Any) -> None:
    resp = chair.get(reverse("reports:summary-print"), {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "summary-print.css" in html and "sidebar" not in html and "navbar" not in html
    assert "一、基本情况" in html and tree.union_a.name in html
    css = (Path(__file__).parents[1] / "static/reports/summary-print.css").read_text()
    assert "size: A4" in css and "margin: 37mm 26mm 35mm 28mm" in css


@needs_soffice
def test_the_pdf_download(tree: Any, chair: Any) -> None:
    resp = chair.get(reverse("reports:summary-pdf"), {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf" and resp.content.startswith(b"%PDF")


def test_the_pdf_without_libreoffice_says_so(tree: Any, chair: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("gonghui.reports.summary.document.soffice", lambda: None)
    resp = chair.get(reverse("reports:summary-pdf"), {"org": tree.union_a.pk, "year": 2025})
    assert resp.status_code == 503
    assert "Word 文档" in resp.content.decode()


def test_the_command_writes_the_same_document(tree: Any, make_user: Any, login: Any, tmp_path: Path) -> None:
    """The command reads as the city's federation admin does (no hardship files, no personal data)."""
    out = tmp_path / "s.docx"
    call_command("report", "summary", "UA", "--year", "2025", "-o", str(out))
    admin = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = admin.get(reverse("reports:summary-docx"), {"org": tree.union_a.pk, "year": 2025})
    assert texts(opened(out.read_bytes())) == texts(opened(resp.content))


def test_the_command_writes_a_saved_version(tree: Any, tmp_path: Path) -> None:
    SummaryDraft.objects.create(
        organization=tree.union_a,
        year=2025,
        name="送审稿",
        title="甲局工会2025年度工作总结",
        blocks=[Block("x", "p", "送审稿的文字。").as_dict()],
    )
    out = tmp_path / "v.docx"
    call_command("report", "summary", "UA", "--year", "2025", "-o", str(out), "--version", "送审稿")
    assert "送审稿的文字。" in texts(opened(out.read_bytes()))
    with pytest.raises(CommandError):
        call_command("report", "summary", "UA", "--year", "2025", "-o", str(out), "--version", "没有")
    with pytest.raises(CommandError):
        call_command("report", "summary", "NOPE", "--year", "2025", "-o", str(out))
    with pytest.raises(CommandError):
        call_command("report", "summary", "UA", "--year", "2025", "-o", str(tmp_path / "s.txt"))


def test_the_commands_reader_is_a_federation_admin_without_personal_data(tree: Any) -> None:
    viewer = federation_viewer(tree.union_a)
    assert viewer.access.can("records.view", tree.union_a)
    assert not viewer.access.can("members.personal", tree.union_a)
    assert not viewer.access.can("records.view", tree.union_b)
    assert not viewer.reveal


def test_the_download_buttons_carry_the_org_year_and_version(tree: Any) -> None:
    draft = SummaryDraft.objects.create(organization=tree.union_a, year=2025, name="v1", title="t", blocks=[])
    fresh = render_to_string(
        "reports/summary/_downloads.html", {"org": tree.union_a, "year": 2025, "draft": None}
    )
    assert f"{reverse('reports:summary-docx')}?org={tree.union_a.pk}&amp;year=2025" in fresh
    assert reverse("reports:summary-print") in fresh and "version=" not in fresh
    saved = render_to_string(
        "reports/summary/_downloads.html", {"org": tree.union_a, "year": 2025, "draft": draft}
    )
    assert f"version={draft.pk}" in saved
    assert (reverse("reports:summary-pdf") in saved) == (soffice() is not None)
