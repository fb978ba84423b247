"""The summary as a Word document (a docxtpl template rendered in Jinja's sandbox) and as a PDF
(the Word document converted by LibreOffice, where it is installed)."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from gonghui.reports.summary.layout import default_template, template_context
from gonghui.reports.summary.text import Summary

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
PDF_TIMEOUT_S = 60
# The official fonts are rarely installed on a server: LibreOffice is told which installed
# fonts stand in for them (fontconfig aliases, read only by the conversion: FONTCONFIG_FILE),
# Song/FangSong/Kai by a serif, Hei by a sans, 小标宋 by the serif's bold, so the PDF keeps the
# document's contrasts instead of one fallback for everything. The .docx always names the
# official fonts, which a Chinese Windows has.
STAND_INS = {
    "仿宋_GB2312": ("FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "仿宋": ("FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体_GB2312": ("KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"),
    "楷体": ("KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC"),
}


def fonts_conf() -> str:
    """The fontconfig file of a conversion: the system's, plus the stand-ins (小标宋, a heavy
    Song face, as the serif's bold)."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer>'
        + "".join(f"<family>{f}</family>" for f in fallbacks)
        + "</prefer></alias>"
        for name, fallbacks in STAND_INS.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{aliases}\n"
        '  <match target="pattern"><test name="family" qual="any"><string>方正小标宋简体</string></test>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>\n'
        "</fontconfig>\n"
    )


class PdfUnavailable(Exception):  # noqa: N818 (a state, not a bug)
    """LibreOffice is not installed, or it failed or timed out on this document."""


def summary_docx(summary: Summary, template: bytes | None = None) -> bytes:
    """The summary rendered with ``template`` (a .docx with Jinja tags; the default if None).

    The template runs in Jinja's sandbox with autoescape on: an uploaded template can neither
    reach Python objects nor break the XML with a "<" in the text.
    """
    tpl = DocxTemplate(io.BytesIO(template if template is not None else default_template()))
    tpl.render(template_context(summary), jinja_env=SandboxedEnvironment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def soffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """``docx`` converted by LibreOffice in a temporary directory (its own profile there, so
    conversions running at once do not share one), killed after ``timeout`` seconds."""
    program = soffice()
    if program is None:
        raise PdfUnavailable("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="gonghui-pdf-") as tmp:
        src = Path(tmp) / "summary.docx"
        src.write_bytes(docx)
        env = {**os.environ, "HOME": tmp}
        fonts = Path(tmp) / "fonts.conf"
        fonts.write_text(fonts_conf(), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(fonts)
        cmd = [
            program,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            proc = subprocess.Popen(  # noqa: S603 (a fixed program and our own temporary file)
                cmd,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: a timeout ends all of it
            )
        except OSError as e:
            raise PdfUnavailable(f"LibreOffice did not start: {e}") from e
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as e:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfUnavailable(f"LibreOffice took more than {timeout} s") from e
        if proc.returncode != 0:
            raise PdfUnavailable(f"LibreOffice failed: {err.decode(errors='replace')[-500:]}")
        pdf = Path(tmp) / "summary.pdf"
        if not pdf.exists():
            raise PdfUnavailable("LibreOffice wrote no PDF")
        return pdf.read_bytes()


def summary_pdf(summary: Summary, template: bytes | None = None, *, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """The summary's Word document as a PDF (raises ``PdfUnavailable``)."""
    return docx_to_pdf(summary_docx(summary, template), timeout=timeout)
