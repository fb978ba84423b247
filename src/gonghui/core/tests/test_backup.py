"""Backup and restore: a restored archive holds the same rows, the same files and gives the same
metrics; a backup taken while another process writes is consistent; a non-empty target or a
damaged archive is refused without a write. Runs on the suite's database (SQLite or PostgreSQL):
the source is the test database, each target a new database of the same kind in a child process.
"""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core.backup import BackupError, fingerprint, restore, stored_files
from gonghui.core.models import Attachment
from gonghui.core.scope import unscoped
from gonghui.core.tests.backup_children import store_attachment
from gonghui.members.management.commands.bench_import import fresh_database_env
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)
CHILD = [sys.executable, "-m", "gonghui.core.tests.backup_children"]
MANAGE = [sys.executable, "-m", "gonghui"]

Target = Callable[[str], dict[str, str]]


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    """Make empty targets: a new database of the suite's kind and an empty data directory,
    configured by the production settings (so every child sees the same media folder)."""
    drops: list[Callable[[], None]] = []

    def make(name: str) -> dict[str, str]:
        env, drop = fresh_database_env(tmp_path / name)
        drops.append(drop)
        env.update(GONGHUI_DATA_DIR=str(tmp_path / name), DJANGO_SETTINGS_MODULE="gonghui.settings")
        (tmp_path / name).mkdir(exist_ok=True)
        return env

    yield make
    for drop in drops:
        drop()


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("demo", "--quiet")


@pytest.fixture
def attachments(demo: None) -> Iterator[list[Attachment]]:
    """Three stored files (one binary) with their rows; their files removed after."""
    made = []
    with unscoped("the test attaches files to the demo city"):
        org = Organization.objects.get(code="DEMO-CITY")
        for i, data in enumerate([b"%PDF-1.4 minutes", bytes(range(256)) * 40, "会议纪要".encode() * 99]):
            made.append(store_attachment(org, f"evidence{i}.bin", data, "application/octet-stream"))
    yield made
    for att in made:
        default_storage.delete(att.file.name)


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _metrics_here() -> dict[str, Any]:
    out = io.StringIO()
    call_command("metrics", "DEMO-CITY", "--year", "2025", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_restored_backup_holds_every_row_file_and_metric(
    tmp_path: Path, target: Target, attachments: list[Attachment]
) -> None:
    archive = tmp_path / "demo.tar.gz"
    call_command("backup", str(archive))
    before, metrics = fingerprint(), _metrics_here()

    env = target("restored")
    _run([*MANAGE, "restore", str(archive)], env)
    after = json.loads(_run([*CHILD, "fingerprint"], env))

    assert after["tables"] == before["tables"]
    assert len(before["tables"]) > 100
    assert before["tables"]["members_member"]["rows"] > 0  # the demo's roster came along
    assert after["files"] == before["files"]
    for att in attachments:  # byte-equal: the restored file hashes as the original bytes did
        assert after["files"][att.file.name] == att.sha256
    restored = json.loads(_run([*MANAGE, "metrics", "DEMO-CITY", "--year", "2025", "--json"], env))
    assert restored == metrics
    assert any(v for v in metrics.values())  # the demo's metrics are not all empty


def test_a_backup_taken_while_another_process_writes_is_consistent(
    tmp_path: Path, target: Target, tree: Any
) -> None:
    # A database to write into, of this suite's kind: its small test tree, restored.
    seed = tmp_path / "seed.tar.gz"
    call_command("backup", str(seed))
    source = target("source")
    _run([*MANAGE, "restore", str(seed)], source)

    stop = tmp_path / "stop"
    writer = subprocess.Popen([*CHILD, "writer", str(stop)], env=source, stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        assert writer.stdout is not None
        writer.stdout.readline()  # a transaction committed before the backup starts
        archive = tmp_path / "during.tar.gz"
        _run([*MANAGE, "backup", str(archive)], source)
    finally:
        stop.touch()  # the writer commits one more (after the backup) and stops
        out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0
    committed = 1 + len(out.split())

    copy = target("copy")
    _run([*MANAGE, "restore", str(archive)], copy)
    seen = json.loads(_run([*CHILD, "written"], copy))
    # Whole transactions only (both rows or neither), each row's file present and intact, and
    # the backup fell between the writer's first and last commits.
    assert seen["intact"]
    assert set(seen["transactions"].values()) == {2}
    assert 1 <= len(seen["transactions"]) < committed


def test_restore_refuses_a_target_that_is_not_empty(tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    # It holds every member's personal data: its owner alone reads it.
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    files = stored_files()
    with pytest.raises(CommandError, match=r"目标数据库不是空的.*not empty"):
        call_command("restore", str(archive))
    assert stored_files() == files


def test_restore_refuses_a_damaged_archive_before_writing(tmp_path: Path, monkeypatch: Any) -> None:
    archive, damaged = tmp_path / "b.tar.gz", tmp_path / "damaged.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("database."):
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.addfile(member, io.BytesIO(data))
    # Even into an empty target, checked before any write.
    monkeypatch.setattr("gonghui.core.backup._refuse_unless_empty", lambda storage: None)
    loaded = []
    monkeypatch.setattr("gonghui.core.backup._load_database", lambda *a: loaded.append(a))
    with pytest.raises(BackupError, match=r"已损坏.*damaged"):
        restore(damaged)
    assert loaded == []
