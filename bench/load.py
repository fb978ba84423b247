# ruff: noqa: S603, S607 (our own fixed commands: psql, gunicorn, locust)
"""Load test: a fresh database with the demo, gunicorn on loopback, locust headless; one JSON line.

    python bench/load.py --db pg --users 200 --duration 300 --workers 4
    python bench/load.py --db sqlite --writers 20 --duration 60

``--db pg`` makes a database ``gh_load_<pid>`` (name prefix ``--pg-prefix``) on ``--pg-url``'s
server and drops it afterwards; ``--db sqlite`` a temporary data directory (the embedded
default: WAL, IMMEDIATE transactions, busy timeout). The mix is ``bench/locustfile.py``'s
officers, federation and importers; ``--writers N`` runs N ``WriterUser`` (writes only) instead.
The line printed holds requests, failures, p50/p95/p99 per group and overall, the ratio of p95
to the 300 ms target, the server's 500s and "database is locked" lines, and the machine's load.

The figures are those of ``--duration`` seconds of steady state: every user logged in and
running (the ramp-up's logins, a password hash each, are left out unless ``--include-ramp``).
``--pace`` multiplies the think times (1: the stress pace; 4: a person reading each page).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True)


def wait_up(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=5).read()  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def group_stats(csv_path: Path) -> dict[str, Any]:
    """Per group (the request name's prefix) and overall, from locust's --csv _stats.csv."""
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    out: dict[str, Any] = {}
    for row in rows:
        name = row["Name"]
        key = "overall" if name == "Aggregated" else name.split(":", 1)[0]
        g = out.setdefault(key, {"requests": 0, "failures": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0})
        g["requests"] += int(row["Request Count"])
        g["failures"] += int(row["Failure Count"])
        # A group's percentile is bounded by its worst request type's (locust keeps no merged
        # histogram per group); the overall one is locust's own over every request.
        for p, col in (("p50", "50%"), ("p95", "95%"), ("p99", "99%")):
            value = float(row[col]) if row[col] not in ("", "N/A") else 0.0
            g[p] = value if key == "overall" else max(g[p], value)
    out["pages"] = {
        r["Name"]: {"n": int(r["Request Count"]), "p95": r["95%"], "fail": int(r["Failure Count"])}
        for r in rows
        if r["Name"] != "Aggregated"
    }
    return out


def server_times(access_log: str) -> dict[str, float]:
    """Percentiles of the time gunicorn's workers spent on each request (its access log's ms):
    the client's figures minus the wait in the listen queue."""
    times = sorted(int(m) for m in re.findall(r" (\d+)ms id=", access_log))
    if not times:
        return {}
    return {f"p{p}": float(times[min(len(times) - 1, len(times) * p // 100)]) for p in (50, 95, 99)}


def server_env(data_dir: Path) -> dict[str, str]:
    """A production-mode server's environment on loopback: a key of its own, plain HTTP, no replica."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "GONGHUI_SECURE_COOKIES": "0",
        "GONGHUI_SSL_REDIRECT": "0",
        "GONGHUI_HSTS_SECONDS": "0",
        "GONGHUI_MANIFEST_STATIC": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GONGHUI_DATA_DIR": str(data_dir),
        "GONGHUI_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=["pg", "sqlite"], default="sqlite")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--spawn-rate", type=float, default=10)
    ap.add_argument("--duration", type=int, default=60, help="seconds measured, after the ramp-up")
    ap.add_argument(
        "--include-ramp",
        action="store_true",
        help="measure from the first user on (the logins of the ramp-up included), not after it",
    )
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    ap.add_argument("--writers", type=int, default=0, help="run N writers only (WriterUser)")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--pg-prefix", default="gh_load")
    ap.add_argument("--max-requests", type=int, default=500_000)
    ap.add_argument(
        "--pace",
        type=float,
        default=1.0,
        help="think times times this: 1 is the stress pace (1–5 s between an officer's pages), "
        "4 a person reading each page (4–20 s)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gonghui-load-"))
    data_dir = tmp / "data"
    env = server_env(data_dir)
    # Many sessions log in from one address: none fails, but keep the throttle out of the way.
    env["AXES_ADDRESS_FAILURE_LIMIT"] = "100000"
    dbname = f"{args.pg_prefix}_{os.getpid()}"
    if args.db == "pg":
        env["DATABASE_URL"] = f"{args.pg_url}/{dbname}"
        psql(f"{args.pg_url}/postgres", f'CREATE DATABASE "{dbname}"')
    server = None
    try:
        py = [sys.executable, "-m", "gonghui"]
        run([*py, "migrate", "--no-input", "-v", "0"], env)
        run([*py, "demo"], env)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        log = (tmp / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "gonghui.wsgi:application",
                "-c",
                "python:gonghui.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                # A worker's first request imports and compiles much: give it time on a busy machine.
                "--timeout",
                "120",
                "--access-logfile",
                str(tmp / "access.log"),
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_up(host)
        for _ in range(args.workers * 3):  # warm every worker up before measuring
            urllib.request.urlopen(host + "/accounts/login/", timeout=120).read()  # noqa: S310 (loopback)
        users = args.writers or args.users
        classes = ["WriterUser"] if args.writers else ["OfficerUser", "FederationUser", "ImporterUser"]
        # The figures are the steady state: once every user has logged in, the locustfile resets
        # locust's statistics, notes where the access log stood and stops ``duration`` s later.
        mark = tmp / "measured-from"
        started = time.time()
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(args.spawn_rate),
                "-t",  # a bound only: the logins of a busy ramp-up may take minutes
                f"{args.duration + 900}s",
                "--host",
                host,
                "--csv",
                str(tmp / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                *classes,
            ],
            env={
                **env,
                "LOAD_MAX_REQUESTS": str(args.max_requests),
                "LOAD_MODE": "writers" if args.writers else "mix",
                "LOAD_PACE": str(args.pace),
                "LOAD_MEASURE_S": str(args.duration),
                "LOAD_ACCESS_LOG": str(tmp / "access.log"),
                "LOAD_MARK": "" if args.include_ramp else str(mark),
            },
            cwd=ROOT,
            check=False,
            stdout=(tmp / "locust.out").open("w"),
            stderr=subprocess.STDOUT,
        )
        elapsed = time.time() - started
        measured_from = mark.stat().st_mtime - started if mark.exists() else 0.0
        server.terminate()
        server.wait(30)
        server_log = (tmp / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
        with (tmp / "access.log").open("rb") as f:
            f.seek(int(mark.read_text()) if mark.exists() else 0)
            access = f.read().decode("utf-8", errors="replace")
        stats = group_stats(tmp / "locust_stats.csv")
        overall = stats["overall"]
        result = {
            "db": args.db,
            "mode": f"writers={args.writers}" if args.writers else "mix",
            "users": users,
            "duration_s": args.duration,
            "elapsed_s": round(elapsed, 1),
            "gunicorn_workers": args.workers,
            "pace": args.pace,
            "measured_from_s": round(measured_from, 1),
            "requests": overall["requests"],
            "failures": overall["failures"],
            "rps": round(overall["requests"] / max(elapsed - measured_from, 1), 1),
            "p50_ms": overall["p50"],
            "p95_ms": overall["p95"],
            "p99_ms": overall["p99"],
            "p95_vs_300ms_target": round(overall["p95"] / TARGET_P95_MS, 3),
            "groups": {k: v for k, v in stats.items() if k not in {"overall", "pages"}},
            "pages": stats["pages"],
            "server_ms": server_times(access),
            "server_500s": sum(1 for line in access.splitlines() if '" 500 ' in line),
            "database_is_locked": server_log.count("database is locked"),
            "load_avg": os.getloadavg(),
            "cpus": os.cpu_count(),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if server is not None and server.poll() is None:
            server.kill()
        if args.db == "pg":
            psql(f"{args.pg_url}/postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
