"""``gonghui import_members FILE --org CODE [--dry-run]``: check a roster file and import it, all or nothing.

Prints every problem as "row<TAB>column<TAB>message" and exits with status 1 (having written
nothing) when there is any; otherwise prints what it wrote (or would write) and exits 0.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.scope import unscoped
from gonghui.members.importer.plan import check_file
from gonghui.members.importer.write import import_file
from gonghui.orgs.models import Organization


class Command(BaseCommand):
    help = "Check a roster file (.xlsx, .xls, .csv) and import it into a union: all rows or none."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the roster file")
        parser.add_argument("--org", required=True, help="the union's organization code")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", default="", help="username recorded as the importer")

    def handle(self, *args: Any, file: str, org: str, dry_run: bool, user: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        with unscoped("a command acts for the operator across unions"):
            target = Organization.objects.filter(code=org).first()
            if target is None:
                raise CommandError(_("No organization has the code %(code)s.") % {"code": org})
            actor = None
            if user:
                actor = User.objects.filter(username=user).first()
                if actor is None:
                    raise CommandError(_("No user is called %(name)s.") % {"name": user})
            try:
                if dry_run:
                    plan, written = check_file(str(path), target, limit=None), None
                else:
                    plan, written = import_file(str(path), target, actor=actor, limit=None)
            except ValidationError as e:
                self.stderr.write(e.messages[0])
                sys.exit(1)
            if not plan.ok:
                for p in plan.problems:
                    self.stderr.write(f"{p.row}\t{p.column}\t{p.text}")
                self.stderr.write(_("%(n)d problems: nothing was written.") % {"n": plan.problem_count})
                sys.exit(1)
            summary = _("%(rows)d rows: %(c)d new members, %(u)d updated, %(n)d unchanged.") % {
                "rows": plan.rows,
                "c": plan.new,
                "u": len(plan.updates),
                "n": plan.unchanged,
            }
            if written is None:
                self.stdout.write(_("Dry run, nothing written. %(summary)s") % {"summary": summary})
                return
            self.stdout.write(_("Imported. %(summary)s") % {"summary": summary})
