"""Fault: the web server SIGKILLed in the middle of a roster import.

A roster just below ``BACKGROUND_BYTES`` is imported by the web process itself (no worker):
the upload is checked in the request, then "import now" writes it in the request. The script
waits until that request holds the write transaction — SQLite's write lock, or on PostgreSQL a
backend holding a transaction id — and SIGKILLs the server (``python -m gonghui runserver``).
Then it checks: no member and no membership event written, the database intact (SQLite's
integrity check, or amcheck); on a new server the job's page ends the job as failed with the
Chinese reason; "重新导入" checks the file again and the import completes.

    python bench/faults/server_import.py [--db sqlite|pg]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Report, Sandbox, Web, add_db_option, db_label, held_for, scenario, wait_until
from _roster import PASSWORD, check_failed_and_retry, counts, job, largest_inline_roster, union_and_chair


def main() -> int:
    parser = argparse.ArgumentParser()
    add_db_option(parser)
    db = parser.parse_args().db
    report = Report(
        "server killed mid roster import",
        "SIGKILL to `python -m gonghui runserver` while its request holds the import's write "
        f"transaction ({db_label(db)})",
    )
    report.facts["db"] = db
    box = Sandbox("server", db=db)
    with scenario(report, box):
        box.manage("migrate", "--no-input")
        box.setup_django()
        union, username = union_and_chair()
        path, rows = largest_inline_roster(box.dir)
        report.facts.update(rows=rows, file_kb=round(path.stat().st_size / 1024))
        web = Web(box)
        web.start()
        web.login(username, PASSWORD)
        with path.open("rb") as f:
            web.post("/members/import/", {"organization": union.pk}, files={"file": (path.name, f)})
        first = job()
        report.check(
            "the upload is checked inline", first.status == "checked" and first.created == rows, first.status
        )

        threading.Thread(
            target=lambda: _swallow(lambda: web.post(f"/members/import/{first.pk}/commit/", {})), daemon=True
        ).start()
        wait_until(
            "the import to start writing", lambda: job(first.pk).status == "writing", timeout=60, every=0.01
        )
        # On a quiet machine the 2,000-odd rows are written within ~0.1 s: kill as soon as the
        # write lock has been held a few milliseconds (well inside the transaction).
        wait_until(
            "the write transaction",
            lambda: held_for(box.writer_busy, 0.01, every=0.002),
            timeout=120,
            every=0.002,
        )
        web.kill()
        at_kill = job(first.pk)
        report.check(
            "killed while the import was writing",
            at_kill.status == "writing",
            f"status at kill: {at_kill.status}",
        )
        written = counts(union)
        report.check("no partial rows", written == {"members": 0, "events": 0}, written)
        intact = box.integrity()
        report.check("database intact", intact == "ok", intact)

        web2 = Web(box, "web2")
        web2.start()
        web2.login(username, PASSWORD)
        check_failed_and_retry(report, web2, first.pk)
        report.check("rerun: checked again", job(first.pk).status == "checked", job(first.pk).status)
        web2.post(f"/members/import/{first.pk}/commit/", {})
        done = job(first.pk)
        written = counts(union)
        report.check(
            "rerun: the import completes",
            done.status == "done" and written == {"members": rows, "events": rows},
            f"{done.status} {written}",
        )
        web2.kill()
    return report.emit()


def _swallow(call: object) -> None:
    # The server dies under the request: its connection breaks, as expected.
    with contextlib.suppress(Exception):
        call()  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main())
