"""What the backup tests run in child processes, against a database of their own."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import transaction  # noqa: E402

from gonghui.core.backup import fingerprint  # noqa: E402
from gonghui.core.models import Attachment  # noqa: E402
from gonghui.core.scope import org_model, unscoped  # noqa: E402

WRITER = "concurrent-writer"


def store_attachment(org: Any, name: str, data: bytes, mime: str, description: str = "") -> Attachment:
    """A stored file and its row on ``org`` (the backup tests' evidence, here and in the parent)."""
    att = Attachment(
        organization=org,
        content_type=ContentType.objects.get_for_model(org),
        object_id=str(org.pk),
        original_name=name,
        mime_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        description=description,
    )
    att.file.save(name, ContentFile(data))
    return att


def writer(stop: str) -> None:
    """One transaction after another, each storing two files and their two rows, printing each
    committed number; once the file ``stop`` exists, one more (begun after it was seen), then stop."""
    with unscoped("a test writer"):
        org = org_model().objects.order_by("pk").first()
        i = 0
        while True:
            last = Path(stop).exists()
            with transaction.atomic():
                for half in (0, 1):
                    data = f"{i}-{half}".encode() * 200
                    store_attachment(org, f"w{i}.txt", data, "text/plain", f"{WRITER} {i}")
            print(i, flush=True)
            i += 1
            if last:
                return


def written() -> None:
    """The writer's transactions in this database, each with how many rows it left, and whether
    every row's file is stored with the checksum its row states."""
    with unscoped("a test check"):
        rows = Attachment.objects.filter(description__startswith=WRITER)
        counts: dict[str, int] = {}
        intact = True
        for att in rows:
            counts[att.description] = counts.get(att.description, 0) + 1
            with default_storage.open(att.file.name, "rb") as f:
                intact &= hashlib.sha256(f.read()).hexdigest() == att.sha256
    print(json.dumps({"transactions": counts, "intact": intact}))


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "writer":
        writer(sys.argv[2])
    elif what == "written":
        written()
    elif what == "fingerprint":
        print(json.dumps(fingerprint()))
