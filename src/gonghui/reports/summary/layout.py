"""The summary's Word layout: the default docxtpl template and the context every template gets.

The default template is built in code from ``official_document()`` (GB/T 9704: A4, margins,
fonts, the 22 × 28 grid, "— N —" page numbers) with Jinja tags in its paragraphs:

- the title in the Title style (二号 方正小标宋简体, centred), broken before the year when it
  is wider than a line (``title_lines``), then a blank line;
- one paragraph per block, chosen with paragraph-level tags (``{%p if b.kind == "h1" %}``):
  Heading 1 (黑体) "一、…", Heading 2 (楷体_GB2312) "（一）…", Normal (仿宋_GB2312) text, the
  last one kept with the signature (no page holds the signature alone);
- the signature as the standard places it for a document without a seal (GB/T 9704 §7.3.5.2):
  one blank line, the union's name right-aligned two characters in, and the date on the next
  line starting two characters right of the name (the name moves left when the date is longer).

A federation's own template is any .docx using the same context (``template_context``):
``title``, ``title_lines``, ``organization``, ``year``, ``date`` ("2025年12月31日", Arabic numerals
as the 2012 standard writes the date), ``date_cn`` ("二〇二五年十二月三十一日"), ``blocks`` (each with
``kind`` "h1"/"h2"/"p", ``number`` "一、"/"（一）"/"" and ``text``), ``sign`` (the two
right indents of the default signature, in twips). It is rendered in Jinja's sandbox.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import cache
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips

from gonghui.reports.officialdoc import SAN_HAO, official_document
from gonghui.reports.summary.text import Block, Summary, numbered

CN_DIGITS = "〇一二三四五六七八九"
# Stand-ins for the signature's right indents while the template is built: python-docx writes
# numbers, the tags that replace them are written into the saved XML (``_tagged``).
_NAME_INDENT, _DATE_INDENT = 7771, 7772
TWIPS_PER_CHAR = int(SAN_HAO * 20)  # one 三号 character: 16 pt = 320 twips
TITLE_CHARS = 20  # characters of 二号 (22 pt) on a line 156 mm wide


def date_arabic(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _cn_count(n: int) -> str:
    """Month and day in words: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def date_chinese(d: dt.date) -> str:
    """二〇二五年十二月三十一日: the year digit by digit, month and day in words."""
    year = "".join(CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_cn_count(d.month)}月{_cn_count(d.day)}日"


def _width(text: str) -> float:
    """Width in 三号 characters, near enough to place the signature: Chinese one, a Times New
    Roman capital about 0.7, any other ASCII (digits exactly) half a character."""
    return sum(1.0 if ord(c) >= 128 else 0.7 if c.isupper() else 0.5 for c in text)


def signature_indents(organization: str, date: str) -> dict[str, int]:
    """Right indents (twips) of the name and the date lines (GB/T 9704 §7.3.5.2): the name two
    characters in from the right, the date starting two characters right of the name's start;
    when the date is the longer, the date keeps two characters and the name moves left."""
    name_w, date_w = _width(organization), _width(date)
    if date_w + 2 <= name_w:
        name_in, date_in = 2.0, name_w - date_w
    else:
        date_in = 2.0
        name_in = max(0.0, date_w + 4 - name_w)
    return {"name": round(name_in * TWIPS_PER_CHAR), "date": round(date_in * TWIPS_PER_CHAR)}


def _paragraphs(blocks: list[Block]) -> list[dict[str, str]]:
    """The blocks as paragraphs: a paragraph's text with line breaks gives one paragraph a line."""
    out: list[dict[str, str]] = []
    for number, b in numbered(blocks):
        if b.kind == "p":
            for line in b.text.replace("\r\n", "\n").split("\n"):
                if line.strip():
                    out.append({"kind": "p", "number": "", "text": line.strip()})
        else:
            out.append({"kind": b.kind, "number": number, "text": " ".join(b.text.split())})
    return out


def title_lines(title: str) -> list[str]:
    """The title in lines as a person would break it: a title wider than a line of 二号 is
    split before its year ("某某工会" / "2025年度工作总结") when both parts fit; else one line
    that wraps where it must."""
    if _width(title) <= TITLE_CHARS:
        return [title]
    m = re.search(r"\d{4}年", title)
    if (
        m
        and m.start() > 0
        and _width(title[: m.start()]) <= TITLE_CHARS
        and _width(title[m.start() :]) <= TITLE_CHARS
    ):
        return [title[: m.start()], title[m.start() :]]
    return [title]


def template_context(summary: Summary) -> dict[str, Any]:
    """What a summary template may print (built here, tested on its own)."""
    date = date_arabic(summary.date)
    return {
        "title": summary.title,
        "title_lines": title_lines(summary.title),
        "organization": summary.organization,
        "year": summary.year,
        "date": date,
        "date_cn": date_chinese(summary.date),
        "blocks": _paragraphs(summary.blocks),
        "sign": signature_indents(summary.organization, date),
    }


def sample_summary() -> Summary:
    """A small summary every uploaded template must render (the upload check)."""
    return Summary(
        organization="示例单位工会委员会",
        year=2025,
        title="示例单位工会委员会2025年度工作总结",
        date=dt.date(2026, 1, 15),
        blocks=[
            Block("a", "h1", "基本情况"),
            Block("a.1", "p", "现有会员100人，入会率100%。\n建立工会小组5个。"),
            Block("b", "h1", "组织建设"),
            Block("b.1", "h2", "工会委员会"),
            Block("b.2", "p", "工会委员会由7人组成。"),
        ],
    )


def _tagged(docx: bytes) -> bytes:
    """The saved template with the signature's stand-in indents replaced by their tags."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode()
                for stand_in, tag in ((_NAME_INDENT, "sign.name"), (_DATE_INDENT, "sign.date")):
                    if f'w:right="{stand_in}"' not in xml:
                        raise RuntimeError(f"the template's stand-in indent {stand_in} is missing")
                    xml = xml.replace(f'w:right="{stand_in}"', f'w:right="{{{{ {tag} }}}}"')
                data = xml.encode()
            dst.writestr(info, data)
    return out.getvalue()


@cache
def default_template() -> bytes:
    """The default template (.docx bytes), built once per process."""
    doc = official_document()
    doc.add_paragraph("{%p for line in title_lines %}")
    doc.add_paragraph("{{ line }}", style="Title")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("")
    for tag in (
        "{%p for b in blocks %}",
        '{%p if b.kind == "h1" %}',
        ("Heading 1", "{{ b.number }}{{ b.text }}"),
        '{%p elif b.kind == "h2" %}',
        ("Heading 2", "{{ b.number }}{{ b.text }}"),
        "{%p elif loop.last %}",
        ("Normal+next", "{{ b.text }}"),
        "{%p else %}",
        ("Normal", "{{ b.text }}"),
        "{%p endif %}",
        "{%p endfor %}",
    ):
        if isinstance(tag, tuple) and tag[0] == "Normal+next":
            # the last paragraph keeps with the signature: no page holds the signature alone
            doc.add_paragraph(tag[1]).paragraph_format.keep_with_next = True
        elif isinstance(tag, tuple):
            doc.add_paragraph(tag[1], style=tag[0])
        else:
            doc.add_paragraph(tag)
    doc.add_paragraph("").paragraph_format.keep_with_next = True
    for text, stand_in in (("{{ organization }}", _NAME_INDENT), ("{{ date }}", _DATE_INDENT)):
        p = doc.add_paragraph(text)
        fmt = p.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        fmt.right_indent = Twips(stand_in)
        fmt.keep_with_next = True
    buf = io.BytesIO()
    doc.save(buf)
    return _tagged(buf.getvalue())
