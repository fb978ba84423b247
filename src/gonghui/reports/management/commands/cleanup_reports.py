"""Remove the files of report jobs finished more than a week ago (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.reports.jobs.runner import KEEP_DAYS, cleanup_reports


class Command(BaseCommand):
    help = "Remove report files older than a week, and what interrupted jobs left behind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=KEEP_DAYS, help="keep files this many days")

    def handle(self, *args: Any, **options: Any) -> None:
        days = max(0, min(options["days"], 3650))
        done = cleanup_reports(keep_days=days)
        self.stdout.write(
            f"removed {done['files']} report files, ended {done['stale_jobs']} interrupted jobs, "
            f"removed {done['temp_files']} temporary files"
        )
