"""A real gonghui server for the browser walk: its own database, migrated, the demo loaded.

The walk drives Debian's chromium against a separate process (not pytest-django's live server)
so that pages, static files and sessions go through the same stack a user's browser meets, and
the demo's committed data never touches the suite's test database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gonghui.members.management.commands.bench_import import fresh_database_env

CHROMIUM = os.environ.get("GONGHUI_CHROMIUM", "/usr/bin/chromium")


def missing() -> str | None:
    """Why the walk cannot run here, or None."""
    if os.environ.get("GONGHUI_BROWSER_WALK", "1") == "0":
        # .ci/run walks once, in its SQLite pass: the pages are the same on either database.
        return "GONGHUI_BROWSER_WALK=0 (the walk runs in the other pass)"
    try:
        import playwright.sync_api  # noqa: F401  (only the walk needs it: imported when asked)
    except ImportError:
        return "playwright is not installed (pip install -e .[dev])"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium, or set GONGHUI_CHROMIUM)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[str]:
    """Yield the base URL of a server with the demo loaded; stop it and drop its data after."""
    data = Path(tempfile.mkdtemp(prefix="gonghui-walk-"))
    # A new database of the suite's kind (SQLite in `data`, or PostgreSQL), dropped after.
    env, drop = fresh_database_env(data / "walk")
    # Served as `make run` serves it: demo mode (DEBUG off, our own error pages).
    env.update(GONGHUI_DATA_DIR=str(data / "walk"), GONGHUI_DEMO="1")
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    manage = [sys.executable, "-m", "gonghui"]
    log = open(data / "server.log", "w")  # noqa: SIM115 (closed in finally; the server writes to it)
    server = None
    try:
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
        subprocess.run([*manage, "demo", "--quiet"], env=env, check=True)  # noqa: S603
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, server, data / "server.log")
        yield base
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        log.close()
        drop()
        shutil.rmtree(data, ignore_errors=True)


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer:\n{log.read_text()[-3000:]}")
