"""A full disk during an upload: the user reads a clear Chinese error (no server error), no
attachment row is saved and no partial file is left behind."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.models import Attachment
from gonghui.orgs.models import EmployerYear

PDF = b"%PDF-1.4\n" + b"0" * 20_000


class FillingStorage(FileSystemStorage):
    """Writes the first half of each file, then fails as a full (or broken) disk does."""

    error = errno.ENOSPC

    def _save(self, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        content.seek(0)
        path.write_bytes(content.read()[: content.size // 2])
        raise OSError(self.error, "No space left on device")


@pytest.fixture
def full_disk(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = str(tmp_path)
    # Changing the setting resets the storages (and default_storage, the field's storage).
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FillingStorage"}}
    return tmp_path


def _upload(make_user: Any, login: Any, tree: Any) -> Any:
    client = login(make_user(Role.CHAIR, tree.union_a, username="chair_a"))
    ey = EmployerYear.objects.create(organization=tree.union_a, year=2025, employer_name="甲局", employees=9)
    url = reverse("records:attachment-upload", kwargs={"rt": "employer-years", "pk": ey.pk})
    return client.post(url, {"file": SimpleUploadedFile("台账.pdf", PDF)}, follow=True)


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_full_disk_leaves_no_row_and_no_file(
    full_disk: Path, make_user: Any, login: Any, tree: Any
) -> None:
    resp = _upload(make_user, login, tree)
    assert resp.status_code == 200
    assert "服务器磁盘空间不足，附件未保存，请联系管理员" in resp.content.decode()
    assert not Attachment.objects.exists()
    assert _files(full_disk) == []  # the half-written file was removed


def test_another_storage_error_is_said_plainly(
    full_disk: Path, make_user: Any, login: Any, tree: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(FillingStorage, "error", errno.EIO)
    resp = _upload(make_user, login, tree)
    assert "服务器无法保存附件" in resp.content.decode()
    assert not Attachment.objects.exists() and _files(full_disk) == []
