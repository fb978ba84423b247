"""What every fault script shares: a throwaway data directory (and database), the project's own
processes started with ``sys.executable -m gonghui``, a SIGKILL at the chosen moment, and a
report of the invariants checked (one JSON line, then a table).

The scripts run the worktree's code: ``src/`` next to ``bench/`` goes first on PYTHONPATH.

``--db sqlite`` (the default) keeps the database in the sandbox's data directory; ``--db pg``
creates a fresh database ``faults_<pid>`` on the shared PostgreSQL server (``PG_URL``, default
127.0.0.1:5432 as postgres) and drops it afterwards. The checks are the same on both: "the
write transaction is open" is SQLite's write lock or a PostgreSQL backend holding a
transaction id, "database intact" is ``PRAGMA integrity_check`` or amcheck over every table
and index.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"


def machine() -> str:
    cpus = os.cpu_count()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else -1
    return f"{cpus} vCPU {model}, Python {platform.python_version()}, load {load:.1f}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(what: str, test: Callable[[], Any], timeout: float = 120, every: float = 0.05) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = test()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out waiting for {what}")


class Report:
    """The invariants a fault script checked: PASS/FAIL each, printed as JSON and as a table."""

    def __init__(self, fault: str, how: str) -> None:
        self.fault, self.how, self.started = fault, how, time.monotonic()
        self.checks: list[dict[str, Any]] = []
        self.facts: dict[str, Any] = {}

    def check(self, name: str, ok: bool, detail: Any = "") -> bool:
        self.checks.append({"check": name, "result": "PASS" if ok else "FAIL", "detail": str(detail)[:300]})
        return ok

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c["result"] == "PASS" for c in self.checks)

    def emit(self) -> int:
        line = {
            "fault": self.fault,
            "how": self.how,
            "result": "PASS" if self.ok else "FAIL",
            "seconds": round(time.monotonic() - self.started, 1),
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(),
            **self.facts,
            "checks": self.checks,
        }
        print(json.dumps(line, ensure_ascii=False), flush=True)
        width = max(len(c["check"]) for c in self.checks) if self.checks else 10
        for c in self.checks:
            print(f"  {c['result']:4}  {c['check']:<{width}}  {c['detail']}", flush=True)
        return 0 if self.ok else 1


@contextlib.contextmanager
def scenario(report: Report, box: Any) -> Iterator[None]:
    """A fault's steps: a broken run becomes a failed check with its reason (not a traceback
    that hides the checks already made), and the sandbox is closed either way."""
    try:
        yield
    except Exception as e:
        report.check("the scenario ran", False, f"{type(e).__name__}: {e}")
    finally:
        box.close()


PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DATABASES = ("sqlite", "pg")


def add_db_option(parser: Any) -> None:
    parser.add_argument(
        "--db",
        choices=DATABASES,
        default="sqlite",
        help="sqlite: a file in the sandbox; pg: a fresh database faults_<pid> on PG_URL, dropped after.",
    )


def db_label(db: str) -> str:
    return "PostgreSQL" if db == "pg" else "SQLite"


def _pg_admin() -> Any:
    import psycopg

    return psycopg.connect(f"{PG_URL}/postgres", autocommit=True)


class Sandbox:
    """A data directory of its own (SQLite database, media), or with ``db="pg"`` a PostgreSQL
    database of its own, and the processes started in it."""

    def __init__(self, name: str, database_url: str | None = None, *, db: str = "sqlite") -> None:
        uncompiled = [
            str(po.parent.relative_to(SRC))
            for po in SRC.glob("gonghui/*/locale/zh_Hans/LC_MESSAGES/django.po")
            if not po.with_suffix(".mo").exists()
        ]
        if uncompiled:  # the checks read the Chinese messages: without them every one fails
            raise RuntimeError(
                f"messages not compiled ({', '.join(uncompiled)}): run `gonghui compilemessages "
                "-l zh_Hans` in src/gonghui first"
            )
        self.dir = Path(tempfile.mkdtemp(prefix=f"ghfault-{name}-"))
        self.data = self.dir / "data"
        self.data.mkdir()
        self.database_url = database_url
        self.pg_name = ""
        if db == "pg" and database_url is None:
            self.pg_name = f"faults_{os.getpid()}"
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            self.database_url = f"{PG_URL}/{self.pg_name}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self._probe: Any = None

    @property
    def db(self) -> str:
        return "pg" if self.database_url else "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return self.data / "gonghui.sqlite3"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(
            GONGHUI_DATA_DIR=str(self.data),
            DEBUG="1",
            PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            PYTHONUNBUFFERED="1",
            LANG="C.UTF-8",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def manage(self, *args: str, timeout: float = 1200) -> subprocess.CompletedProcess[str]:
        """Run ``python -m gonghui <args>`` to its end; raise with its output if it fails."""
        done = subprocess.run(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "-m", "gonghui", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(
                f"gonghui {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
            )
        return done

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """Start ``python -m gonghui <args>`` in its own process group, its output in a log file."""
        log = (self.dir / f"{name}.log").open("ab")
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gonghui", *args],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def log_of(self, name: str) -> str:
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    @staticmethod
    def sigkill(proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and its group: no handler, no cleanup, no rollback of its own."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def setup_django(self) -> None:
        """This script's own view of the sandbox's database (to prepare data and check it)."""
        os.environ.update(self.env())
        sys.path.insert(0, str(SRC))
        import django

        os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
        django.setup()

    def sqlite_writer_busy(self) -> bool:
        """Whether another connection holds SQLite's write lock now (a write transaction is open)."""
        con = sqlite3.connect(self.sqlite_path, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            con.close()

    def pg_writer_busy(self) -> bool:
        """Whether another backend of this database has a transaction that has written (holds a
        transaction id): PostgreSQL's counterpart of SQLite's write lock."""
        import psycopg

        assert self.database_url
        if self._probe is None:  # one connection for the many polls (a new one costs milliseconds)
            self._probe = psycopg.connect(self.database_url, autocommit=True)
        row = self._probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        ).fetchone()
        return bool(row and row[0])

    def writer_busy(self) -> bool:
        return self.pg_writer_busy() if self.database_url else self.sqlite_writer_busy()

    def pg_integrity(self) -> str:
        """amcheck over the database: every table's heap (``verify_heapam``) and every B-tree
        index against its heap (``bt_index_check`` with ``heapallindexed``); "ok" or the faults."""
        import psycopg

        assert self.database_url
        problems: list[str] = []
        with psycopg.connect(self.database_url, autocommit=True) as con:
            con.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            tables = con.execute(
                "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm', 't')"
            ).fetchall()
            for (table,) in tables:
                for row in con.execute("SELECT * FROM verify_heapam(%s::regclass)", (table,)).fetchall():
                    problems.append(f"{table}: {row}")
            indexes = con.execute(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
                "WHERE n.nspname = 'public' AND a.amname = 'btree' AND i.indisvalid"
            ).fetchall()
            for (index,) in indexes:
                try:
                    con.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
                except psycopg.Error as e:
                    problems.append(f"{index}: {e}")
        return "ok" if not problems else "; ".join(problems)[:300]

    def integrity(self) -> str:
        """ "ok" when the database is intact (see ``pg_integrity`` and ``sqlite_integrity``)."""
        return self.pg_integrity() if self.database_url else self.sqlite_integrity()

    def sqlite_integrity(self) -> str:
        con = sqlite3.connect(self.sqlite_path, timeout=30)
        try:
            return str(con.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            con.close()

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                self.sigkill(proc)
        if self._probe is not None:
            self._probe.close()
        if self.pg_name:
            with contextlib.suppress(Exception):  # Django may not be set up
                from django.db import connections

                connections.close_all()
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.dir, ignore_errors=True)


def held_for(test: Callable[[], bool], seconds: float, every: float = 0.02) -> bool:
    """Whether ``test`` stays true for ``seconds`` (polled)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not test():
            return False
        time.sleep(every)
    return True


class Web:
    """A person at the pages of a server started in the sandbox (HTTP on the loopback)."""

    def __init__(self, box: Sandbox, name: str = "web") -> None:
        self.box, self.name = box, name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        import requests

        self.http = requests.Session()

    def start(self) -> None:
        self.proc = self.box.spawn(self.name, "runserver", "--noreload", f"127.0.0.1:{self.port}")
        wait_until("the server", self._up, timeout=120, every=0.2)

    def _up(self) -> bool:
        import requests

        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{self.box.log_of(self.name)[-3000:]}")
        try:
            return self.http.get(self.base + "/accounts/login/", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    def login(self, username: str, password: str) -> None:
        self.http.get(self.base + "/accounts/login/")
        resp = self.post("/accounts/login/", {"username": username, "password": password})
        if "sessionid" not in self.http.cookies:
            raise RuntimeError(f"login failed: {resp.status_code}")

    def post(self, path: str, data: dict[str, Any], files: Any = None, **kw: Any) -> Any:
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", ""), "Referer": self.base + path}
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")}
        return self.http.post(self.base + path, data=data, files=files, headers=headers, timeout=600, **kw)

    def get(self, path: str, **kw: Any) -> Any:
        return self.http.get(self.base + path, timeout=600, **kw)

    def kill(self) -> None:
        if self.proc is not None:
            self.box.sigkill(self.proc)
