"""``gonghui load_standard FILE [--org CODE]``: load a scoring standard from YAML or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.assessment.services.standards import standard_load
from gonghui.core.scope import unscoped
from gonghui.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Load a scoring standard (YAML or Excel). The same content loads once; "
        "changed content becomes a new version."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="A .yaml or .xlsx file (see docs/standards.md)")
        parser.add_argument(
            "--org", default="", help="Code of the publishing federation (default: shared by all)"
        )

    def handle(self, *args: Any, file: str, org: str = "", **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        with unscoped("a command acts for the operator across unions"):
            publisher = None
            if org:
                publisher = Organization.objects.filter(code=org).first()
                if publisher is None:
                    raise CommandError(_("No organization has the code %(code)s.") % {"code": org})
            try:
                standard, created = standard_load(
                    content=path.read_bytes(), filename=path.name, organization=publisher
                )
            except ValidationError as e:
                raise CommandError(
                    "\n".join(
                        [
                            _("%(file)s was not loaded; nothing was written:") % {"file": path.name},
                            *e.messages,
                        ]
                    )
                ) from None
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Loaded %(standard)s: %(n)s criteria.")
                    % {"standard": standard, "n": standard.criteria.count()}
                )
            )
        else:
            self.stdout.write(
                _("Unchanged: this content is already loaded as %(standard)s.") % {"standard": standard}
            )
