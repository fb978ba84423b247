"""Backup and restore: one archive holding a consistent snapshot of the database and every file
of the default storage (attachments, roster uploads, report files), with a manifest.

The archive is a gzip'd tar:

* ``manifest.json``: format version, database vendor, time taken, gonghui's version, and for the
  database snapshot and every stored file its name, size and SHA-256;
* ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the server writes) or
  ``database.pgdump`` (``pg_dump -Fc``: one snapshot of a serializable transaction);
* ``media/<name>`` for each file of the default storage, read through the storage API, so the
  same code backs up a local media folder or an S3 bucket.

The database is snapshot first and the files listed after: a row that names a file was committed
before the snapshot, and its file was stored before that commit, so every file the snapshot refers
to is in the archive (files stored later come along as harmless orphans).

Restore loads an archive into an EMPTY target only (no table in the database, no file in the
storage): it checks every checksum first and writes nothing unless all are right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection

FORMAT = "gonghui-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator, Chinese first."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    files: int
    size: int


def _sha256_file(f: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while piece := f.read(CHUNK):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size


def _vendor() -> str:
    if connection.vendor not in DB_MEMBER:
        raise BackupError(
            f"不支持此数据库（{connection.vendor}）：只能备份 SQLite 或 PostgreSQL。"
            f" / Unsupported database ({connection.vendor}): only SQLite and PostgreSQL are backed up."
        )
    return connection.vendor


def _version() -> str:
    try:
        return metadata.version("gonghui")
    except metadata.PackageNotFoundError:
        return "unknown"


# ---- the storage, walked through its API (local folder or S3 alike) ------------------------
def stored_files(storage: Storage | None = None) -> list[str]:
    """Every file name in ``storage``, sorted; an absent media folder holds none."""
    storage = storage or default_storage
    names: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        prefix = f"{folder}/" if folder else ""
        names.extend(prefix + f for f in files)
        pending.extend(prefix + d for d in dirs)
    return sorted(names)


# ---- database snapshots ------------------------------------------------------------------------
def _pg_args() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = [f"--dbname={s['NAME']}"]
    if s.get("HOST"):
        args.append(f"--host={s['HOST']}")
    if s.get("PORT"):
        args.append(f"--port={s['PORT']}")
    if s.get("USER"):
        args.append(f"--username={s['USER']}")
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {cmd[0]}：请安装 PostgreSQL 客户端。"
            f" / {cmd[0]} not found: install the PostgreSQL client."
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{what}失败 / {cmd[0]} failed:\n{done.stderr.strip()[-2000:]}")


def _snapshot_database(vendor: str, dest: Path) -> None:
    """A consistent copy of the whole database into ``dest``, taken while others write."""
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(dest)
        try:
            # pages=-1: the whole database in one step under one read transaction, so the copy is
            # one moment's state even if another process commits meanwhile (WAL lets it go on).
            connection.connection.backup(target, pages=-1)
        finally:
            target.close()
        return
    args, env = _pg_args()
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dest}", *args], env, "数据库导出")


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _load_database(vendor: str, source: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as snapshot:
            snapshot.backup(connection.connection, pages=-1)
        connection.close()
        return
    args, env = _pg_args()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *args,
            str(source),
        ],
        env,
        "数据库恢复",
    )


# ---- backup -----------------------------------------------------------------------------------
def _add(tar: tarfile.TarFile, name: str, f: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, f)


def backup(path: str | os.PathLike[str], *, storage: Storage | None = None) -> Summary:
    """Write the archive to ``path`` (through ``path.part``, renamed only when complete)."""
    storage = storage or default_storage
    vendor = _vendor()
    path = Path(path)
    part = path.with_name(path.name + ".part")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(prefix="gonghui-backup-") as tmp:
        snapshot = Path(tmp) / DB_MEMBER[vendor]
        _snapshot_database(vendor, snapshot)  # first: see the module's docstring
        entries: list[dict[str, Any]] = []
        try:
            # The archive holds every member's personal data: readable by its owner alone.
            part.touch(mode=0o600)
            part.chmod(0o600)
            with tarfile.open(part, "w:gz", compresslevel=6) as tar:
                with snapshot.open("rb") as f:
                    db_sha, db_size = _sha256_file(f)
                    f.seek(0)
                    _add(tar, DB_MEMBER[vendor], f, db_size)
                for name in stored_files(storage):
                    try:
                        entries.append(_add_stored(tar, storage, name, Path(tmp)))
                    except FileNotFoundError:  # removed since it was listed: no row needs it
                        continue
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "gonghui": _version(),
                    "vendor": vendor,
                    "created": created,
                    "database": {"name": DB_MEMBER[vendor], "size": db_size, "sha256": db_sha},
                    "files": entries,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, io.BytesIO(data), len(data))
            os.replace(part, path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return Summary(path=path, vendor=vendor, files=len(entries), size=path.stat().st_size)


def _add_stored(tar: tarfile.TarFile, storage: Storage, name: str, tmp: Path) -> dict[str, Any]:
    """One stored file, spooled to local disk first (a storage's size may lie while it changes)."""
    spool = tmp / "file"
    with storage.open(name, "rb") as src, spool.open("wb") as out:
        shutil.copyfileobj(src, out, CHUNK)
    with spool.open("rb") as f:
        sha, size = _sha256_file(f)
        f.seek(0)
        _add(tar, MEDIA_PREFIX + name, f, size)
    return {"name": name, "size": size, "sha256": sha}


# ---- restore ----------------------------------------------------------------------------------
def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        f = tar.extractfile(MANIFEST)
        manifest = json.loads(f.read()) if f else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("这不是 gonghui 的备份文件。 / This is not a gonghui backup file.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('version')} 无法读取。"
            f" / Backup format {manifest.get('version')} is not supported."
        )
    return manifest


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        f = tar.extractfile(name)
    except KeyError:
        f = None
    if f is None:
        raise BackupError(f"备份文件缺少 {name}。 / The backup lacks {name}.")
    return f


def _verify(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every checksum the manifest states, before anything is written."""
    wanted = [manifest["database"], *({**e, "name": MEDIA_PREFIX + e["name"]} for e in manifest["files"])]
    for entry in wanted:
        sha, size = _sha256_file(_member(tar, entry["name"]))
        if (sha, size) != (entry["sha256"], entry["size"]):
            raise BackupError(
                f"备份文件已损坏：{entry['name']} 的校验和不符，未做任何更改。"
                f" / The backup is damaged: {entry['name']} fails its checksum; nothing was changed."
            )


def _refuse_unless_empty(storage: Storage) -> None:
    if not _database_is_empty():
        raise BackupError(
            "目标数据库不是空的：恢复只写入空数据库，未做任何更改。"
            " / The target database is not empty: restore only loads into an empty one; nothing was changed."
        )
    if stored_files(storage):
        raise BackupError(
            "目标附件存储不是空的：恢复只写入空的存储，未做任何更改。"
            " / The target file storage is not empty: restore only loads into an empty one;"
            " nothing was changed."
        )


def restore(path: str | os.PathLike[str], *, storage: Storage | None = None) -> Summary:
    """Load the archive at ``path`` into the empty database and storage of these settings."""
    storage = storage or default_storage
    vendor = _vendor()
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as e:
        raise BackupError(f"无法读取备份文件：{e} / Cannot read the backup file: {e}") from None
    with tar:
        manifest = read_manifest(tar)
        if manifest.get("vendor") != vendor:
            raise BackupError(
                f"这份备份来自 {manifest.get('vendor')}，不能恢复到 {vendor}。"
                f" / This backup is of {manifest.get('vendor')} and cannot be restored into {vendor}."
            )
        _refuse_unless_empty(storage)
        _verify(tar, manifest)
        with tempfile.TemporaryDirectory(prefix="gonghui-restore-") as tmp:
            snapshot = Path(tmp) / manifest["database"]["name"]
            with snapshot.open("wb") as out:
                shutil.copyfileobj(_member(tar, manifest["database"]["name"]), out, CHUNK)
            _load_database(vendor, snapshot)
        for entry in manifest["files"]:
            saved = storage.save(entry["name"], File(_member(tar, MEDIA_PREFIX + entry["name"])))
            if saved != entry["name"]:
                raise BackupError(
                    f"文件 {entry['name']} 被存为 {saved}。 / File {entry['name']} was stored as {saved}."
                )
    return Summary(
        path=Path(path), vendor=vendor, files=len(manifest["files"]), size=Path(path).stat().st_size
    )


# ---- what a restore must reproduce ------------------------------------------------------------
def _rows(table: str) -> Iterator[tuple[Any, ...]]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        pk = connection.introspection.get_primary_key_columns(cursor, table) or []
        if pk:
            order = ", ".join(qn(c) for c in pk)
        else:
            n = len(connection.introspection.get_table_description(cursor, table))
            order = ", ".join(str(i + 1) for i in range(n))
        cursor.execute(f"SELECT * FROM {qn(table)} ORDER BY {order}")  # noqa: S608 (introspected names)
        while rows := cursor.fetchmany(1000):
            yield from rows


def fingerprint(storage: Storage | None = None) -> dict[str, Any]:
    """Every table's row count and a checksum of its rows in key order, and every stored file's
    SHA-256: two databases of one engine with equal fingerprints hold the same data."""
    storage = storage or default_storage
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
    for table in names:
        digest, count = hashlib.sha256(), 0
        for row in _rows(table):
            digest.update(repr(row).encode())
            count += 1
        tables[table] = {"rows": count, "sha256": digest.hexdigest()}
    files = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as f:
            files[name] = _sha256_file(f)[0]
    return {"tables": tables, "files": files}
