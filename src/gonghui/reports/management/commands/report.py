"""``gonghui report summary CODE --year Y -o FILE.docx [--version NAME]``: a report to a file.

The summary is the one the download gives: a saved version by name, else composed afresh. It
runs outside a request, across the tree (``unscoped``), and composes as a federation admin of
the union would read it (``sources.federation_viewer``: figures, no personal data). A file
name ending in .pdf is converted by LibreOffice where it is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.core.scope import unscoped
from gonghui.orgs.models import Organization
from gonghui.reports.summary.compose import compose_summary
from gonghui.reports.summary.document import PdfUnavailable, docx_to_pdf, summary_docx
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.sources import draft_summary, federation_viewer
from gonghui.reports.summary.template_services import template_for


class Command(BaseCommand):
    help = "Write a report to a file: `report summary CODE --year Y -o FILE.docx [--version NAME]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        summary = sub.add_parser("summary", help="The annual work summary of a union as Word (or PDF).")
        summary.add_argument("code", help="The union's code, e.g. DEMO-BUREAU.")
        summary.add_argument("--year", type=int, required=True)
        summary.add_argument("-o", "--output", required=True, help="The file to write (.docx, or .pdf).")
        summary.add_argument("--version", dest="version_name", default="", help="A saved version's name.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "summary":
            self.summary(options)

    def summary(self, options: dict[str, Any]) -> None:
        out = Path(options["output"])
        if out.suffix.lower() not in (".docx", ".pdf"):
            raise CommandError(_("The output file must end in .docx or .pdf."))
        year = options["year"]
        with unscoped("a command writes one union's report"):
            org = Organization.objects.filter(code=options["code"]).first()
            if org is None:
                raise CommandError(_("No organization has the code %(code)s.") % {"code": options["code"]})
            if options["version_name"]:
                draft = (
                    SummaryDraft.objects.filter(organization=org, year=year, name=options["version_name"])
                    .select_related("organization")
                    .first()
                )
                if draft is None:
                    raise CommandError(
                        _("%(org)s has no saved version %(name)s of %(year)s.")
                        % {"org": org.name, "name": options["version_name"], "year": year}
                    )
                summary = draft_summary(draft)
            else:
                try:
                    summary = compose_summary(org, year, viewer=federation_viewer(org))
                except ValidationError as e:
                    raise CommandError(" ".join(e.messages)) from e
            content = summary_docx(summary, template_for(org))
        if out.suffix.lower() == ".pdf":
            try:
                content = docx_to_pdf(content)
            except PdfUnavailable as e:
                raise CommandError(
                    _("A PDF cannot be made here (LibreOffice): %(error)s") % {"error": e}
                ) from e
        try:
            out.write_bytes(content)
        except OSError as e:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": out, "error": e.strerror}
            ) from e
        self.stdout.write(
            _("Wrote %(file)s (%(kb)d KB).") % {"file": out, "kb": max(1, len(content) // 1024)}
        )
