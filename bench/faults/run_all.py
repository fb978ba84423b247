"""``python bench/faults/run_all.py``: every fault, each for real in its own sandbox, one after
the other; prints each script's JSON line and checks, then a summary table. Exits 1 if any
check failed.

    python bench/faults/run_all.py [--only server_import,disk_full_attachment]

The faults (each script's docstring says how it is done):

- ``server_import``         the web server SIGKILLed in the middle of a roster import
- ``worker_import``         the db_worker SIGKILLed in the middle of a background import
- ``db_restart_scoring``    PostgreSQL (a cluster of its own) restarted mid scoring run;
                            the ledger checked before and after
- ``disk_full_attachment``  a 1 MB tmpfs as the media directory, uploads bigger than it
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAULTS = ["server_import", "worker_import", "db_restart_scoring", "disk_full_attachment"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="Comma-separated fault names.")
    only = [n.strip() for n in parser.parse_args().only.split(",") if n.strip()]
    results = []
    for name in only or FAULTS:
        done = subprocess.run(  # noqa: S603 (our own scripts)
            [sys.executable, str(HERE / f"{name}.py")], capture_output=True, text=True, check=False
        )
        print(done.stdout, end="", flush=True)
        line = next((json.loads(t) for t in done.stdout.splitlines() if t.startswith("{")), None)
        if line is None:
            print(done.stderr[-3000:], file=sys.stderr)
            line = {"fault": name, "result": "FAIL", "seconds": "-", "checks": []}
        results.append(line)
    print("\nfault | result | checks passed | seconds")
    for r in results:
        passed = sum(c["result"] == "PASS" for c in r["checks"])
        print(f"{r['fault']} | {r['result']} | {passed}/{len(r['checks'])} | {r['seconds']}")
    return 0 if all(r["result"] == "PASS" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
