"""Word documents in the layout of Chinese official documents (GB/T 9704-2012, 党政机关公文格式).

``official_document()`` gives a python-docx ``Document`` already set up: A4, the standard's
margins, a text grid of 22 lines of 28 characters, the standard's fonts on the built-in styles
(Title 二号 方正小标宋简体, Normal 三号 仿宋_GB2312 with a two-character first-line indent,
Heading 1 黑体, Heading 2 楷体_GB2312), and page numbers "— 1 —" in 四号 at the outer bottom
corner (odd pages right, even pages left, one character in). Font names are written for East
Asian text (``w:eastAsia``), which is what Word on a Chinese Windows reads; digits and Latin
letters use Times New Roman as the standard's samples do.

Used by the annual summary's default template (reports/summary) and the assessment report.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Sizes of the Chinese type scale, in points.
ER_HAO, SAN_HAO, SI_HAO, XIAO_SI = 22, 16, 14, 12

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28


def line_pitch() -> Pt:
    """The grid's line pitch: the text area's height shared by 22 lines (about 29 pt)."""
    height = Mm(297 - 37 - 35)
    return Pt(height.pt / LINES_PER_PAGE)


def set_font(target: Any, east_asia: str, size: float | None = None, *, bold: bool | None = None) -> None:
    """Set a run's or a style's font for Chinese (eastAsia) and Latin text alike."""
    font = target.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = (
        target.element.get_or_add_rPr()
        if hasattr(target.element, "get_or_add_rPr")
        else target._r.get_or_add_rPr()
    )
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)  # a theme font would win over the name


def _grid(section: Any) -> None:
    """22 lines of 28 characters: Word's and LibreOffice's text grid (w:docGrid)."""
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    width_pt = Mm(210 - 28 - 26).pt
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(line_pitch().pt * 20)))
    # charSpace: the character pitch's difference from the body size, in 1/4096 pt.
    grid.set(qn("w:charSpace"), str(round((width_pt / CHARS_PER_LINE - SAN_HAO) * 4096)))
    sect.append(grid)


def _page_field(paragraph: Any) -> None:
    """ "— N —" with N Word's PAGE field."""

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        set_font(r, PAGE_NUMBER_FONT, SI_HAO)
        return r

    run("— ")
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        r = run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
    run(" —")


def add_page_numbers(document: Any, section: Any) -> None:
    """Page numbers at the outer bottom corner: odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        indent = Pt(SI_HAO)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = indent
        else:
            p.paragraph_format.left_indent = indent
        _page_field(p)


def _styles(document: Any) -> None:
    styles = document.styles
    pitch = line_pitch()
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, SAN_HAO)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(SAN_HAO * 2)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, font, size in (
        ("Title", TITLE_FONT, ER_HAO),
        ("Heading 1", H1_FONT, SAN_HAO),
        ("Heading 2", H2_FONT, SAN_HAO),
    ):
        style = styles[name]
        set_font(style, font, size, bold=False)
        f = style.paragraph_format
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = pitch
        f.space_before = f.space_after = Pt(0)
        f.keep_with_next = True
        f.first_line_indent = Pt(0) if name == "Title" else Pt(SAN_HAO * 2)
        if name == "Title":
            f.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:pBdr")):  # the built-in Title has a rule under it
            ppr.remove(old)


def official_document(*, landscape: bool = False) -> Any:
    """A new document in the GB/T 9704 layout (landscape for wide tables: same margins, turned)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    _styles(document)
    _grid(section)
    add_page_numbers(document, section)
    return document
