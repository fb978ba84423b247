"""Stored files as local paths, for the readers that need one (the roster reader opens a path).

Files live in the default storage, which may be a bucket (S3) where a file has no path: such a
file is copied to a temporary file for the time of the ``with`` block and removed after, so no
app server keeps a copy."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.db.models.fields.files import FieldFile


@contextmanager
def local_path(stored: FieldFile) -> Iterator[str]:
    """The path of ``stored`` on this machine: its own on a local disk, else a temporary copy."""
    name = str(stored.name)
    try:
        path = stored.storage.path(name)
    except NotImplementedError:  # a bucket: no path
        path = None
    if path is not None:
        yield path
        return
    suffix = PurePath(name).suffix
    with tempfile.NamedTemporaryFile(prefix="gonghui-", suffix=suffix) as tmp:
        with stored.storage.open(name, "rb") as src:
            shutil.copyfileobj(src, tmp, 1 << 20)
        tmp.flush()
        yield tmp.name
