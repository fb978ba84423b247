"""``gonghui refresh_tallies``: rebuild every union's member tallies for today (a nightly cron job).

The statistics rebuild the stale tallies of the subtree they show by themselves; after
midnight every union's tallies are stale (age bands move with the day), so the first
federation-wide request of the day would pay for all of them. Run this shortly after midnight:
``5 0 * * * gonghui refresh_tallies``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from gonghui.members import tallies


class Command(BaseCommand):
    help = "Rebuild the member tallies of every stale union for today (run nightly after midnight)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        n = tallies.refresh(None)
        self.stdout.write(f"{n} organizations rebuilt in {time.perf_counter() - started:.1f} s")
