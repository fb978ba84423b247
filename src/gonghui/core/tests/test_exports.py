"""Every record type exports, as xlsx and as CSV, every row its list shows (issue 13, finding 8).

The CSV streams after the view has returned, once the middleware's scope has closed: the
rows must still be read inside the request's scope, to the last one. The streaming
responses are consumed here outside any scope, as a server does.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.records import registry
from gonghui.core.scope import scope
from gonghui.core.tests.record_factories import make_record


@pytest.fixture
def chair(tree: Any, make_user: Any, login: Any) -> Any:
    """Union A's chair: reads every record type (hardship files too) of union A's subtree."""
    return login(make_user(Role.CHAIR, tree.union_a))


def _body(resp: Any) -> bytes:
    """The whole response, read as a server reads it: after the view, outside any scope."""
    assert resp.status_code == 200
    with scope():  # the test body's own unscoped block must not lend the stream its rights
        return b"".join(resp.streaming_content) if resp.streaming else resp.content


def _listed(client: Any, slug: str) -> int:
    resp = client.get(reverse("records:list", kwargs={"rt": slug}))
    assert resp.status_code == 200
    return resp.context["page"].paginator.count


@pytest.mark.parametrize("slug", [rt.slug for rt in registry])
def test_every_type_exports_every_listed_row(chair: Any, tree: Any, slug: str) -> None:
    make_record(slug, tree.union_a)
    make_record(slug, tree.union_a)
    listed = _listed(chair, slug)
    assert listed >= 2
    url = reverse("records:export", kwargs={"rt": slug})

    text = _body(chair.get(url, {"format": "csv"})).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == listed, f"{slug}: {len(rows)} CSV rows, the list shows {listed}"

    book = openpyxl.load_workbook(io.BytesIO(_body(chair.get(url, {"format": "xlsx"}))), read_only=True)
    cells = [[("" if v is None else str(v)) for v in r] for r in book.active.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(cells) if r[: len(header)] == header)  # the roster has a title
    assert len(cells) - start - 1 == listed, f"{slug}: xlsx rows differ from the list ({listed})"
