"""``gonghui restore FILE``: load a backup archive into an empty database and file storage.

It refuses a target that holds anything, and checks every checksum before writing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into an EMPTY database and file storage (migrate nothing first)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="An archive written by `gonghui backup`.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            done = restore(file)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"恢复完成 / Restored: {done.path} ({done.vendor}, {done.files} files)")
