"""docs/records.md stays true: every registered record type and metric is described there."""

from __future__ import annotations

from pathlib import Path

import pytest

import gonghui
from gonghui.core.metrics import registry as metrics
from gonghui.core.records import registry as records

DOC = Path(gonghui.__file__).parents[2] / "docs" / "records.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_record_type_is_documented(doc: str) -> None:
    missing = [rt.slug for rt in records if f"`{rt.slug}`" not in doc]
    assert not missing, f"add these record types to docs/records.md: {missing}"


def test_every_metric_is_documented(doc: str) -> None:
    missing = [m.name for m in metrics.all() if f"`{m.name}`" not in doc]
    assert not missing, f"add these metrics to docs/records.md: {missing}"
