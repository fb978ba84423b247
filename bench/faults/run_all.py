"""``python bench/faults/run_all.py``: every fault, each for real in its own sandbox, one after
the other; prints each script's JSON line and checks, then a summary table. Exits 1 if any
check failed.

    python bench/faults/run_all.py [--only server_import,disk_full_attachment] [--db sqlite|pg|both]

The faults (each script's docstring says how it is done):

- ``server_import``         the web server SIGKILLed in the middle of a roster import
- ``worker_import``         the db_worker SIGKILLed in the middle of a background import
- ``worker_report``         the db_worker SIGKILLed while it writes a report job's file (the
                            台账 pack); the page's 重新生成 makes it again
- ``db_restart_scoring``    PostgreSQL (a cluster of its own) restarted mid scoring run;
                            the ledger checked before and after
- ``disk_full_attachment``  a 1 MB tmpfs as the media directory, uploads bigger than it

``--db`` (default sqlite) is passed to the faults that take it: ``pg`` runs them on a fresh
database of the shared PostgreSQL server, ``both`` runs each of them twice. The database
restart always uses a cluster of its own, once.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAULTS = ["server_import", "worker_import", "worker_report", "db_restart_scoring", "disk_full_attachment"]
# The faults that take ``--db sqlite|pg`` (the others bring their own database).
ON_EITHER_DB = {"server_import", "worker_import", "worker_report", "disk_full_attachment"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="Comma-separated fault names.")
    parser.add_argument("--db", choices=("sqlite", "pg", "both"), default="sqlite")
    args = parser.parse_args()
    only = [n.strip() for n in args.only.split(",") if n.strip()]
    dbs = ["sqlite", "pg"] if args.db == "both" else [args.db]
    runs = [
        (name, ["--db", db] if name in ON_EITHER_DB else [])
        for name in only or FAULTS
        for db in (dbs if name in ON_EITHER_DB else [""])
    ]
    results = []
    for name, extra in runs:
        done = subprocess.run(  # noqa: S603 (our own scripts)
            [sys.executable, str(HERE / f"{name}.py"), *extra], capture_output=True, text=True, check=False
        )
        print(done.stdout, end="", flush=True)
        line = next((json.loads(t) for t in done.stdout.splitlines() if t.startswith("{")), None)
        if line is None:
            print(done.stderr[-3000:], file=sys.stderr)
            line = {"fault": name, "result": "FAIL", "seconds": "-", "checks": []}
        line.setdefault("db", extra[1] if extra else "own cluster")
        results.append(line)
    print("\nfault | db | result | checks passed | seconds")
    for r in results:
        passed = sum(c["result"] == "PASS" for c in r["checks"])
        figures = f"{r['result']} | {passed}/{len(r['checks'])} | {r['seconds']}"
        print(f"{r['fault']} | {r['db']} | {figures}")
    return 0 if all(r["result"] == "PASS" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
