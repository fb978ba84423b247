"""Demo mode (``make run``): DEBUG off on a fresh clone, our own pages; production still refuses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Run in a fresh interpreter: settings are read once, at start-up, from the environment.
PROBE = """
import django
from django.conf import settings
django.setup()
from django.test import Client
response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_HOST="127.0.0.1")
print(settings.DEBUG, response.status_code)
print(response.content.decode())
"""


def _run(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean.update(GONGHUI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gonghui.settings", **env)
    return subprocess.run(  # noqa: S603  # our own interpreter, our own code
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=300, check=False
    )


def test_an_unknown_url_in_the_demo_shows_our_chinese_404(tmp_path: Path) -> None:
    done = _run(tmp_path, PROBE, GONGHUI_DEMO="1")
    assert done.returncode == 0, done.stderr
    first, page = done.stdout.split("\n", 1)
    assert first == "False 404"
    assert "此页面不存在" in page, page[:500]
    assert "URLconf" not in page  # not Django's debug page listing every URL
    key = (tmp_path / "demo-secret-key").read_text()
    assert len(key) >= 50  # made for this data directory, kept for the next start


def test_production_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    done = _run(tmp_path, "import django; django.setup()")
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
