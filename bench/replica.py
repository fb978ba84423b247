# ruff: noqa: S603 (PostgreSQL's own programs, fixed arguments)
"""A throwaway PostgreSQL primary and its streaming standby on loopback, for the read replica.

    python bench/replica.py              # start both, print the two URLs, stop and remove on Ctrl-C
    python bench/replica.py --check      # start, migrate, write, see it replicate, check routing, stop

Both clusters live in a temporary directory (initdb, then pg_basebackup -R for the standby),
run as the ``postgres`` OS user when started as root, listen on 127.0.0.1 only, on ``--port``
and ``--port + 1`` (5441/5442 by default), and never touch another cluster.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DB = "gonghui"


def as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def pg(tool: str, *args: str, quiet: bool = True) -> None:
    subprocess.run(
        as_postgres([str(PG_BIN / tool), *args]),
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_server(data: Path, port: int, sockets: Path) -> None:
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} -c fsync=off"
    pg("pg_ctl", "-D", str(data), "-l", str(data.parent / f"{data.name}.log"), "-w", "-o", options, "start")


@contextmanager
def clusters(port: int) -> Iterator[tuple[str, str]]:
    """Primary on ``port``, standby on ``port + 1``; yields their DATABASE_URLs; stops and removes."""
    for p in (port, port + 1):
        if not port_free(p):
            raise SystemExit(f"port {p} is taken: choose another with --port")
    tmp = Path(tempfile.mkdtemp(prefix="gonghui-replica-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    primary, standby = tmp / "primary", tmp / "standby"
    started: list[Path] = []
    try:
        # initdb's pg_hba.conf trusts loopback, replication included; nothing listens elsewhere.
        pg("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        start_server(primary, port, tmp)
        started.append(primary)
        pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-D", str(standby), "-R")
        start_server(standby, port + 1, tmp)
        started.append(standby)
        pg("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DB)
        yield f"postgres://postgres@127.0.0.1:{port}/{DB}", f"postgres://postgres@127.0.0.1:{port + 1}/{DB}"
    finally:
        for data in reversed(started):
            pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


# Run in a child process with both URLs set: Django configured with the replica alias and router.
CHECK = textwrap.dedent(
    """
    import time
    import django
    django.setup()
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from gonghui.accounts.models import User
    from gonghui.core.scope import unscoped
    from gonghui.orgs.models import Organization, OrgType
    from gonghui.orgs.services import org_create

    ports = {alias: connections[alias].cursor().connection.info.port for alias in ("default", "replica")}
    assert ports["default"] != ports["replica"], ports
    with connections["replica"].cursor() as c:
        c.execute("SELECT pg_is_in_recovery()")
        assert c.fetchone()[0], "the replica is not a standby"

    # A row written through the app's services reaches the standby.
    began = time.monotonic()
    data = {"code": "REPL-1", "name": "复制检查总工会", "org_type": OrgType.FEDERATION}
    org = org_create(parent=None, data=data)
    with unscoped("replication check"):
        while not Organization.objects.using("replica").filter(pk=org.pk).exists():
            assert time.monotonic() - began < 30, "the row never reached the replica"
            time.sleep(0.01)
    lag = (time.monotonic() - began) * 1000
    print(f"replicated: organization {org.pk} seen on the replica {lag:.0f} ms after the write began")

    # Routing through the real middleware stack.
    User.objects.create_user(username="replcheck", password="replica-check-2025")
    client = Client()

    def page(label):
        with CaptureQueriesContext(connections["default"]) as primary, \\
                CaptureQueriesContext(connections["replica"]) as replica:
            status = client.get("/").status_code
        print(f"{label}: GET / {status}, queries: primary {len(primary)}, replica {len(replica)}")
        return len(primary), len(replica)

    r = client.post("/accounts/login/", {"username": "replcheck", "password": "replica-check-2025"})
    assert r.status_code == 302, r.status_code
    assert "gonghui_primary_until" in r.cookies, "a write did not pin its user to the primary"
    on_primary, on_replica = page("just after logging in (a write)")
    assert on_primary and not on_replica, "a read after a write went to the replica"
    del client.cookies["gonghui_primary_until"]  # what the browser does when the pin expires
    on_primary, on_replica = page("after the pin expired")
    assert on_replica and not on_primary, "a plain page read did not go to the replica"
    print("check passed")
    """
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=5441, help="primary's port; the standby takes the next")
    ap.add_argument("--check", action="store_true", help="migrate, write, replicate, check routing, stop")
    args = ap.parse_args()
    with clusters(args.port) as (primary, replica):
        print(f"DATABASE_URL={primary}")
        print(f"DATABASE_REPLICA_URL={replica}", flush=True)
        if not args.check:
            print("Ctrl-C stops both and removes them.", flush=True)
            signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop cleanly on kill too
            with suppress(KeyboardInterrupt):
                signal.pause()
            return
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "gonghui.settings",
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "GONGHUI_DATA_DIR": tempfile.mkdtemp(prefix="gonghui-replica-data-"),
            "DATABASE_URL": primary,
            "DATABASE_REPLICA_URL": replica,
        }
        try:
            subprocess.run(
                [sys.executable, "-m", "gonghui", "migrate", "--no-input", "-v", "0"], env=env, check=True
            )
            result = subprocess.run([sys.executable, "-c", CHECK], env=env, check=False)
        finally:
            shutil.rmtree(env["GONGHUI_DATA_DIR"], ignore_errors=True)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
