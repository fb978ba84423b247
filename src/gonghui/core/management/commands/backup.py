"""``gonghui backup FILE``: a consistent archive of the database and the stored files, taken while
the server runs (core/backup.py says what it holds)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup archive (database snapshot, stored files, manifest) to FILE."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The archive to write, e.g. /backups/gonghui-2025-06-01.tar.gz")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            done = backup(file)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"备份完成 / Backup written: {done.path} ({done.vendor}, {done.files} files, {done.size} bytes)"
        )
