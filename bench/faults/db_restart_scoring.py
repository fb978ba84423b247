"""Fault: the database restarted in the middle of a scoring run (PostgreSQL).

Starts a PostgreSQL cluster of its own (``initdb`` + ``pg_ctl`` of PostgreSQL 15, run as the
``postgres`` user, in a temporary directory, on a free loopback port — never the shared
server), loads the demo (its finance books) and a federation of ``--unions`` unions with a
60-item campaign (``gonghui bench_score --keep``). Then:

1. clears the campaign's scores and runs ``score_assessments`` to the end in its own process:
   the reference;
2. clears them again, starts the same run, and when its transaction is writing the scores (or,
   failing to see that, when it has run for most of the reference's time) restarts the
   database with ``pg_ctl restart -m immediate`` — a crash, recovered from the WAL;
3. checks that the run failed, that not one assessment kept a score of it (one transaction),
   that the rerun's scores equal the reference's, and that the ledger balances (every posted
   voucher's lines add up to its totals).

    python bench/faults/db_restart_scoring.py [--unions 10000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Report, Sandbox, free_port, wait_until

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SCORE = """
import sys, time
from gonghui.assessment.models import Assessment
from gonghui.assessment.services.scores import score_assessments
from gonghui.core.metrics import registry
from gonghui.core.scope import unscoped
registry.load()
with unscoped("the fault script scores one campaign"):
    start = time.perf_counter()
    n = score_assessments(Assessment.objects.filter(campaign_id=%d))
print("scored", n, round(time.perf_counter() - start, 2))
"""


class Cluster:
    """A PostgreSQL cluster of this script's own, owned by the postgres user."""

    def __init__(self, where: Path) -> None:
        self.dir, self.port = where / "pg", free_port()
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(where, 0o755)  # noqa: S103 (postgres must reach its directory)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            ["runuser", "-u", "postgres", "--", *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=check,
            timeout=600,
        )

    def ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on"
        return self.run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.dir / "data"),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            *args,
        )

    def start(self) -> None:
        self.run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.dir / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.ctl("start")
        self.run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "ghfault")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ghfault"

    def log(self) -> str:
        path = self.dir / "log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self.ctl("stop", "-m", "immediate") if (self.dir / "data" / "postmaster.pid").exists() else None


def snapshot(campaign_id: int) -> dict[int, tuple[Any, ...]]:
    from gonghui.assessment.models import Assessment
    from gonghui.core.scope import unscoped

    fields = ("pk", "score", "self_total", "review_total", "grade", "vetoed", "points", "computed")
    with unscoped("the fault script compares scores"):
        rows = Assessment.objects.filter(campaign_id=campaign_id).values_list(*fields)
        return {row[0]: row[1:] for row in rows}


def clear(campaign_id: int) -> int:
    from decimal import Decimal

    from gonghui.assessment.models import Assessment
    from gonghui.core.scope import unscoped

    with unscoped("the fault script clears scores"):
        return Assessment.objects.filter(campaign_id=campaign_id).update(
            computed={},
            points={},
            computed_at=None,
            score=Decimal(0),
            self_total=Decimal(0),
            review_total=Decimal(0),
            grade="",
            vetoed=False,
        )


def scored_rows(campaign_id: int) -> int:
    from gonghui.assessment.models import Assessment
    from gonghui.core.scope import unscoped

    with unscoped("the fault script counts scored rows"):
        return Assessment.objects.filter(campaign_id=campaign_id, computed_at__isnull=False).count()


def ledger() -> tuple[int, list[int]]:
    """(posted vouchers, those whose lines do not add up to their totals)."""
    from decimal import Decimal

    from django.db.models import Q, Sum

    from gonghui.core.scope import unscoped
    from gonghui.finance.models.ledger import INCOME_CATEGORIES, Voucher, VoucherStatus

    with unscoped("the fault script checks every union's books"):
        vouchers = Voucher.objects.filter(status=VoucherStatus.POSTED).annotate(
            lines_income=Sum("lines__amount", filter=Q(lines__category__in=INCOME_CATEGORIES)),
            lines_expenditure=Sum("lines__amount", filter=~Q(lines__category__in=INCOME_CATEGORIES)),
        )
        bad = [
            v.pk
            for v in vouchers
            if (v.lines_income or Decimal(0), v.lines_expenditure or Decimal(0))
            != (v.income_total, v.expenditure_total)
        ]
        return vouchers.count(), bad


def scorer_backend() -> tuple[float, str] | None:
    """(seconds its transaction has run, its current statement) of the scoring process's backend."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(EPOCH FROM now() - xact_start), query FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend' AND xact_start IS NOT NULL"
        )
        row = cursor.fetchone()
    return (float(row[0]), row[1]) if row else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unions", type=int, default=10_000)
    unions = parser.parse_args().unions
    report = Report(
        "database restarted mid scoring run",
        "own PostgreSQL 15 cluster; `pg_ctl restart -m immediate` while `score_assessments` runs",
    )
    box = Sandbox("pg")
    cluster = Cluster(box.dir)
    try:
        cluster.start()
        box.database_url = cluster.url
        box.manage("migrate", "--no-input")
        box.manage("demo", "--quiet")
        box.manage("bench_score", "--unions", str(unions), "--baseline", "10", "--keep")
        box.setup_django()
        from django.db import connection

        from gonghui.assessment.models import Campaign
        from gonghui.core.scope import unscoped

        with unscoped("the fault script finds the benchmark campaign"):
            campaign = Campaign.objects.filter(organization__code="BENCH-N").get()
        count, bad = ledger()
        report.check(
            "ledger balanced before", count > 0 and not bad, f"{count} posted vouchers, {len(bad)} off"
        )

        clear(campaign.pk)
        started = time.monotonic()
        full = box.manage("shell", "--no-imports", "-c", SCORE % campaign.pk)
        full_seconds = time.monotonic() - started
        reference = snapshot(campaign.pk)
        report.facts.update(
            unions=len(reference), full_run_s=round(full_seconds, 1), full_run=full.stdout.strip()
        )
        report.check(
            "the reference run scored every union",
            scored_rows(campaign.pk) == len(reference) == unions
            and any(row[0] for row in reference.values()),
            f"{scored_rows(campaign.pk)} scored",
        )

        clear(campaign.pk)
        scorer = box.spawn("scorer", "shell", "--no-imports", "-c", SCORE % campaign.pk)
        phase = ""

        def moment() -> bool:
            nonlocal phase
            seen = scorer_backend()
            if seen is None:
                return False
            age, query = seen
            if query.lstrip().upper().startswith("UPDATE"):
                phase = f"writing the scores (UPDATE), transaction {age:.1f} s old"
            elif age > 0.7 * full_seconds:
                phase = f"computing, transaction {age:.1f} s old"
            return bool(phase)

        wait_until("the scoring transaction", moment, timeout=600, every=0.01)
        restart = cluster.ctl("restart", "-m", "immediate")
        report.facts["restarted_while"] = phase
        code = scorer.wait(timeout=600)
        connection.close()  # this script's own connection died with the server
        out = box.log_of("scorer")
        report.check(
            "the interrupted run failed",
            code != 0 and not re.search(r"^scored \d+", out, re.MULTILINE),
            f"exit {code}: {out.strip().splitlines()[-1][:160] if out.strip() else ''}",
        )
        recovered = "not properly shut down" in cluster.log() and "automatic recovery" in cluster.log()
        report.check(
            "the database crashed and recovered from its WAL",
            restart.returncode == 0 and recovered,
            "automatic recovery in progress → ready" if recovered else restart.stderr[-200:],
        )
        partial = scored_rows(campaign.pk)
        report.check("no partial scores (one transaction)", partial == 0, f"{partial} assessments scored")

        box.manage("shell", "--no-imports", "-c", SCORE % campaign.pk)
        rerun = snapshot(campaign.pk)
        differing = [pk for pk in reference if rerun.get(pk) != reference[pk]]
        report.check(
            "the rerun's scores equal the full run's",
            not differing and len(rerun) == len(reference),
            f"{len(reference) - len(differing)}/{len(reference)} equal",
        )
        count, bad = ledger()
        report.check(
            "ledger balanced after", count > 0 and not bad, f"{count} posted vouchers, {len(bad)} off"
        )
    except Exception as e:
        report.check("the scenario ran", False, f"{type(e).__name__}: {e}")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 (Django may not be set up yet)
            pass
        for proc in box.procs:
            if proc.poll() is None:
                box.sigkill(proc)
        cluster.stop()
        box.close()
    return report.emit()


if __name__ == "__main__":
    sys.exit(main())
