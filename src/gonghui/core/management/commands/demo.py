"""``gonghui demo``: load the demo unions, users and records of the seed reports (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.discovery import app_modules
from gonghui.core.scope import unscoped


class Command(BaseCommand):
    help = "Load the demo organizations, users and records (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        ctx: dict[str, Any] = {}
        with unscoped("the demo loads every union"), transaction.atomic():
            # Each app's demo.load(ctx), in INSTALLED_APPS order (orgs before accounts before
            # members before the records that refer to members).
            for module in app_modules("demo"):
                module.load(ctx)
        if quiet:
            return
        self.stdout.write(
            self.style.SUCCESS(_("Demo loaded. Logins (password for all: %(pw)s):") % {"pw": ctx["password"]})
        )
        for username, display, role, org in ctx["logins"]:
            self.stdout.write(f"  {username:<16} {role:<14} {org:<16} {display}")
