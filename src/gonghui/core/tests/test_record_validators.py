"""RecordType(validators=...): rules that read other rows run in the generic save, and only there."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gonghui.core import checks
from gonghui.core.records import registry


def test_validators_are_declared_only_where_the_generic_save_runs(monkeypatch: Any) -> None:
    assert checks.record_types_are_scoped_and_historied(None) == []
    declared = [rt for rt in registry if rt.validators]
    assert {rt.slug for rt in declared} >= {"elections", "election-candidates", "congresses", "funds-rules"}
    own = replace(registry.get("aid-cases"), validators=[lambda obj: None])
    monkeypatch.setattr(checks, "registry", [own])
    assert [e.id for e in checks.record_types_are_scoped_and_historied(None)] == ["gonghui.E003"]
