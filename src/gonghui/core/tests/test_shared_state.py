"""Nothing kept on an app server: sessions and cache in Redis when REDIS_URL is set (memory and
the database otherwise), stored files in an S3-compatible bucket when GONGHUI_S3_BUCKET is set
(the media folder otherwise). The settings are read from the environment as production reads it."""

from __future__ import annotations

import runpy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from gonghui import settings as settings_module
from gonghui.accounts.roles import Role
from gonghui.core.backup import stored_files
from gonghui.core.models import Attachment
from gonghui.core.storage import local_path
from gonghui.orgs.models import EmployerYear

REDIS = "redis://127.0.0.1:6379/14"  # a database of its own; only this run's keys are removed
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _settings(monkeypatch: Any, tmp_path: Path, **env: str) -> dict[str, Any]:
    """The production settings module, read afresh with ``env`` set."""
    for name in ("REDIS_URL", "GONGHUI_REDIS_PREFIX", "GONGHUI_S3_BUCKET", "GONGHUI_S3_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GONGHUI_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings_module.__file__)))


def test_without_redis_or_s3_the_cache_is_local_and_sessions_and_files_stay_in_db_and_media(
    monkeypatch: Any, tmp_path: Path
) -> None:
    s = _settings(monkeypatch, tmp_path)
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert s["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    # The suite itself runs so, with no Redis or bucket configured.
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_the_environment_names_redis_and_the_bucket(monkeypatch: Any, tmp_path: Path) -> None:
    s = _settings(
        monkeypatch,
        tmp_path,
        REDIS_URL=REDIS,
        GONGHUI_REDIS_PREFIX="gh-x",
        GONGHUI_S3_BUCKET="union-files",
        GONGHUI_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    cache = s["CACHES"]["default"]
    assert (cache["BACKEND"], cache["LOCATION"], cache["KEY_PREFIX"]) == (
        "django.core.cache.backends.redis.RedisCache",
        REDIS,
        "gh-x",
    )
    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"
    storage = s["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "union-files"
    assert storage["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert storage["OPTIONS"]["default_acl"] is None  # private files


# ---- Redis ------------------------------------------------------------------------------------
@pytest.fixture
def redis_settings(monkeypatch: Any, tmp_path: Path) -> Iterator[tuple[Any, str]]:
    import redis

    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    prefix = f"gh-test-{uuid.uuid4().hex[:8]}"
    s = _settings(monkeypatch, tmp_path, REDIS_URL=REDIS, GONGHUI_REDIS_PREFIX=prefix)
    with override_settings(CACHES=s["CACHES"], SESSION_ENGINE=s["SESSION_ENGINE"]):
        yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_with_redis_a_login_session_lives_in_redis(
    redis_settings: tuple[Any, str], client: Any, make_user: Any, tree: Any
) -> None:
    redis, prefix = redis_settings
    make_user(Role.CHAIR, tree.union_a, username="chair_r", password="pass-word-123")
    resp = client.post(reverse("accounts:login"), {"username": "chair_r", "password": "pass-word-123"})
    assert resp.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert [k.decode() for k in redis.scan_iter(f"{prefix}:*{key}")], "the session is in Redis"
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()  # and not in the database
    assert client.get(reverse("home")).status_code == 200  # the next request finds it there


# ---- S3 ---------------------------------------------------------------------------------------
@pytest.fixture
def bucket(monkeypatch: Any, tmp_path: Path) -> Iterator[None]:
    import boto3
    from moto import mock_aws

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    s = _settings(monkeypatch, tmp_path / "settings", GONGHUI_S3_BUCKET="union-files")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="union-files")
        with override_settings(STORAGES={**settings.STORAGES, "default": s["STORAGES"]["default"]}):
            yield


def _media() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def test_with_a_bucket_an_attachment_goes_to_s3_and_comes_back(
    bucket: None, make_user: Any, login: Any, tree: Any
) -> None:
    before = _media()
    c = login(make_user(Role.CHAIR, tree.union_a, username="chair_s3"))
    ey = EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=9)
    c.post(
        reverse("records:attachment-upload", kwargs={"rt": "employer-years", "pk": ey.pk}),
        {"file": SimpleUploadedFile("通知.pdf", PDF)},
    )
    att = Attachment.objects.get()
    assert stored_files() == [att.file.name]  # in the bucket
    resp = c.get(reverse("records:attachment", kwargs={"pk": att.pk}))
    assert b"".join(resp.streaming_content) == PDF
    with local_path(att.file) as path:  # a reader that needs a path gets a passing copy
        assert Path(path).read_bytes() == PDF
    assert not Path(path).exists()
    assert _media() == before  # nothing landed on this machine's disk
