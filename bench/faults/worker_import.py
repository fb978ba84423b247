"""Fault: the background worker SIGKILLed in the middle of a job (a large roster import).

A roster above ``BACKGROUND_BYTES`` is checked and written by ``python -m gonghui db_worker``
(django-tasks, database backend). The script confirms the import from the page, waits until
the worker holds the write transaction — SQLite's write lock, or on PostgreSQL a backend
holding a transaction id, for 0.3 s — and SIGKILLs the worker. Then it checks: nothing
written, the database intact (SQLite's integrity check, or amcheck), the job marked failed
with the Chinese reason once its page is read (the worker that ran it is dead), and after
"重新导入" a new worker checks and writes the whole file.

    python bench/faults/worker_import.py [--rows 30000] [--db sqlite|pg]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Report, Sandbox, Web, add_db_option, db_label, held_for, scenario, wait_until
from _roster import PASSWORD, check_failed_and_retry, counts, job, roster, union_and_chair

WORKER = ("db_worker", "--no-startup-delay", "--interval", "0.2")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    add_db_option(parser)
    args = parser.parse_args()
    rows, db = args.rows, args.db
    report = Report(
        "worker killed mid background job",
        "SIGKILL to `python -m gonghui db_worker` while it holds a roster import's write "
        f"transaction ({db_label(db)})",
    )
    report.facts["db"] = db
    box = Sandbox("worker", db=db)
    with scenario(report, box):
        box.manage("migrate", "--no-input")
        box.setup_django()
        union, username = union_and_chair()
        path = roster(box.dir / "roster.xlsx", rows)
        report.facts.update(rows=rows, file_kb=round(path.stat().st_size / 1024))
        web = Web(box)
        web.start()
        worker = box.spawn("worker", *WORKER)
        web.login(username, PASSWORD)
        with path.open("rb") as f:
            web.post("/members/import/", {"organization": union.pk}, files={"file": (path.name, f)})
        pk = job().pk
        wait_until("the worker's check", lambda: job(pk).finished, timeout=600, every=0.2)
        report.check("the worker checked the file", job(pk).status == "checked", job(pk).status)

        web.post(f"/members/import/{pk}/commit/", {})
        wait_until("the worker to start writing", lambda: job(pk).runner != "", timeout=120, every=0.01)
        wait_until("the write transaction", lambda: held_for(box.writer_busy, 0.3), timeout=300, every=0.005)
        box.sigkill(worker)
        at_kill = job(pk)
        report.check(
            "killed while the worker was writing",
            at_kill.status == "writing" and at_kill.runner != "",
            f"status at kill: {at_kill.status}, runner {at_kill.runner}",
        )
        written = counts(union)
        report.check("no partial rows", written == {"members": 0, "events": 0}, written)
        intact = box.integrity()
        report.check("database intact", intact == "ok", intact)

        box.spawn("worker2", *WORKER)  # the worker restarted (as a supervisor would)
        check_failed_and_retry(report, web, pk)
        wait_until("the new worker's check", lambda: job(pk).finished, timeout=600, every=0.2)
        report.check("rerun: checked again by the new worker", job(pk).status == "checked", job(pk).status)
        web.post(f"/members/import/{pk}/commit/", {})
        wait_until(
            "the new worker's write", lambda: job(pk).status in ("done", "failed"), timeout=600, every=0.2
        )
        done, written = job(pk), counts(union)
        report.check(
            "rerun: the import completes",
            done.status == "done" and written == {"members": rows, "events": rows},
            f"{done.status} {written}",
        )
    return report.emit()


if __name__ == "__main__":
    sys.exit(main())
