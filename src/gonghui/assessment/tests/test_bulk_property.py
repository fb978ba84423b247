"""The bulk scorer is the one-union scorer, for any standard: random standards of every rule kind
(with random gates, mandatory items, unknown settings, sub-items, bonus and veto items) over
random measure values (unknown ones with their reasons, values the union reported) and random
scores people entered give, union by union, what ``scoring.evaluate`` + ``scoring.totals`` +
``grade_for`` give."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.assessment import rules
from gonghui.assessment.bulk import score_many
from gonghui.assessment.measures import Column
from gonghui.assessment.models import Criterion, CriterionKind, Standard
from gonghui.assessment.scoring import Compiled, compile_standard, evaluate, grade_for, totals
from gonghui.core.metrics import Kind, Metric, registry

METRICS = {"h_count": Kind.COUNT, "h_rate": Kind.RATE, "h_bool": Kind.BOOL, "h_amount": Kind.AMOUNT}
POINTS = [Decimal(p) for p in ("0.5", "1", "1.5", "2", "3", "4")]


@pytest.fixture(scope="module", autouse=True)
def _metrics() -> Iterator[None]:
    for name, kind in METRICS.items():
        registry.register(Metric(name, f"性质{name}", kind, lambda orgs, period: {}))
    yield
    for name in METRICS:
        registry._metrics.pop(name, None)


# ---- measures and rules ----------------------------------------------------------------
COUNTS = st.sampled_from(
    [
        {"metric": "h_count"},
        {"metric": "h_count", "every": "quarter"},
        {"metric": "h_count", "years": 3},
        {"count": "activities", "where": {"occasion": "labour_day"}},
    ]
)
RATES = st.sampled_from(
    [
        {"metric": "h_rate"},
        {"ratio": ["h_count", "h_count"]},
        {"share": {"metric": "h_bool", "is": True, "of": "children"}},
    ]
)
AMOUNTS = st.just({"metric": "h_amount"})
TOPS = {"count": 12, "rate": 100, "amount": 500}


@st.composite
def numeric(draw: Any) -> tuple[dict[str, Any], int]:
    kind = draw(st.sampled_from(["count", "rate", "amount"]))
    measure = draw({"count": COUNTS, "rate": RATES, "amount": AMOUNTS}[kind])
    return measure, TOPS[kind]


def _two(draw: Any, top: int) -> tuple[int, int]:
    lo = draw(st.integers(1, top - 1))
    hi = draw(st.integers(lo + 1, top))
    return lo, hi


@st.composite
def rule_of(draw: Any, points: Decimal, *, veto: bool = False) -> dict[str, Any]:
    kinds = list(rules.VETO_KINDS) if veto else [*rules.METRIC_KINDS, "deductions", "fixed", "manual"]
    kind = draw(st.sampled_from(kinds))
    raw: dict[str, Any] = {"type": kind}
    if kind == "manual" or kind == "fixed":
        return raw
    if kind == "boolean":
        raw.update(draw(st.sampled_from([{"metric": "h_bool"}, {"metric": "h_count"}])))
    elif kind == "threshold":
        measure, top = draw(numeric())
        lo, hi = _two(draw, top)
        shape = draw(st.sampled_from(["min", "max", "both"]))
        raw.update(measure)
        if shape in ("min", "both"):
            raw["min"] = lo
        if shape in ("max", "both"):
            raw["max"] = hi
    elif kind == "bands":
        measure, top = draw(numeric())
        lo, hi = _two(draw, top)
        raw.update(measure, bands=[[hi, str(points)], [lo, str((points / 2).quantize(Decimal("0.01")))]])
    elif kind == "proportional":
        measure, top = draw(numeric())
        lo, hi = _two(draw, top)
        raw.update(measure, full_at=hi)
        if draw(st.booleans()):
            raw.update(step=draw(st.integers(1, 5)), deduct=draw(st.sampled_from(["0.25", "0.5", "1"])))
        else:
            raw["zero_at"] = lo
    elif kind == "deduction":
        raw.update(draw(COUNTS), per=draw(st.sampled_from(["0.5", "1"])))
        if draw(st.booleans()):
            raw["cap"] = draw(st.sampled_from(["1", "2"]))
        if draw(st.booleans()):
            raw["expected"] = draw(st.integers(1, 6))
    elif kind == "deductions":
        entries = []
        for _i in range(draw(st.integers(1, 3))):
            shape = draw(st.sampled_from(["per", "bool", "rate"]))
            if shape == "per":
                entry = {**draw(COUNTS), "per": draw(st.sampled_from(["0.5", "1"]))}
                if draw(st.booleans()):
                    entry["cap"] = "1.5"
            elif shape == "bool":
                entry = {"metric": "h_bool", "is": draw(st.booleans()), "off": "1"}
            else:
                entry = {**draw(RATES), "min": draw(st.integers(1, 100)), "off": "0.5"}
            entries.append(entry)
        raw["deductions"] = entries
        if draw(st.booleans()):
            raw["base"] = str((points / 2).quantize(Decimal("0.01")))
    if not veto and kind != "fixed":
        raw["unknown"] = draw(st.sampled_from(["zero", "full", "manual"]))
    return raw


GATES = st.sampled_from(
    [None, {"metric": "h_bool"}, [{"metric": "h_count", "min": 3}], {"metric": "h_rate", "min": 50}]
)


# ---- standards -------------------------------------------------------------------------
@st.composite
def standards(draw: Any) -> Compiled:
    rows: list[Criterion] = []

    def add(
        kind: str, code: str, points: Decimal, rule: dict, parent: Criterion | None, mandatory: bool
    ) -> Criterion:
        row = Criterion(
            pk=len(rows) + 1,
            kind=kind,
            code=code,
            title=code,
            points=points,
            rule=rule,
            mandatory=mandatory,
            fields=[],
            position=len(rows),
            parent_id=parent.pk if parent is not None else None,
        )
        rows.append(row)
        return row

    def leaf_rule(code: str, points: Decimal, *, veto: bool = False, has_subs: bool = False) -> dict:
        raw = None if has_subs else draw(rule_of(points, veto=veto))
        gate = None if veto else draw(GATES)
        return rules.normalize(raw, points, veto=veto, has_subs=has_subs, item=code, gate=gate)

    total = Decimal(0)
    for s in range(draw(st.integers(1, 2))):
        section = add(CriterionKind.SECTION, f"S{s}", Decimal(0), {}, None, False)
        for i in range(draw(st.integers(1, 3))):
            code = f"S{s}.{i}"
            subs = draw(st.lists(st.sampled_from(POINTS), max_size=3))
            points = sum(subs, Decimal(0)) if subs else draw(st.sampled_from(POINTS))
            total += points
            item = add(
                CriterionKind.ITEM,
                code,
                points,
                leaf_rule(code, points, has_subs=bool(subs)),
                section,
                draw(st.booleans()),
            )
            for j, p in enumerate(subs):
                sub = f"{code}.{j}"
                add(CriterionKind.SUB, sub, p, leaf_rule(sub, p), item, draw(st.booleans()))
    bonus_sum = Decimal(0)
    for b in range(draw(st.integers(0, 2))):
        p = draw(st.sampled_from(POINTS))
        bonus_sum += p
        add(CriterionKind.BONUS, f"J{b}", p, leaf_rule(f"J{b}", p), None, draw(st.booleans()))
    for v in range(draw(st.integers(0, 2))):
        add(CriterionKind.VETO, f"F{v}", Decimal(0), leaf_rule(f"F{v}", Decimal(1), veto=True), None, False)
    grades = [
        {"name": "优秀", "min": str((total * Decimal("0.6")).quantize(Decimal("0.01")))},
        {"name": "达标", "min": str((total * Decimal("0.3")).quantize(Decimal("0.01")))},
        {"name": "不达标", "min": "0"},
    ]
    standard = Standard(
        code="prop",
        version=1,
        total_points=total,
        bonus_max=draw(st.sampled_from([Decimal(0), bonus_sum, (bonus_sum / 2).quantize(Decimal("0.01"))])),
        grades=grades,
        mandatory_cap=draw(st.sampled_from(["", "优秀", "达标", "不达标"])),
        content_hash="property",
    )
    return compile_standard(standard, rows)


# ---- values and people's scores ---------------------------------------------------------------
REASONS = st.sampled_from(
    [None, ("metric", "h_count"), ("base", "h_count"), ("none_below", ""), ("reported", "人数")]
)
VALUES = {
    Kind.COUNT: st.integers(0, 12),
    Kind.RATE: st.integers(0, 10000).map(lambda n: Decimal(n) / 100),
    Kind.AMOUNT: st.integers(0, 60000).map(lambda n: Decimal(n) / 100),
    Kind.BOOL: st.booleans(),
}
PEOPLE = st.sampled_from([None, Decimal(0), Decimal("0.5"), Decimal(1), Decimal(2), Decimal(4)])


@st.composite
def columns_for(draw: Any, compiled: Compiled, ids: list[int]) -> dict[str, Column]:
    out = {}
    for key, m in compiled.measures.items():
        col = Column({})
        for pk in ids:
            value = None if draw(st.integers(0, 5)) == 0 else draw(VALUES[m.kind])
            col.values[pk] = value
            if value is None:
                reason = draw(REASONS)
                if reason is not None:
                    col.reasons[pk] = reason
            if draw(st.integers(0, 4)) == 0:
                col.self_reported.add(pk)
        out[key] = col
    return out


@st.composite
def overrides_for(draw: Any, compiled: Compiled, ids: list[int]) -> dict[int, dict[str, tuple[Any, Any]]]:
    codes = [n.code for n in compiled.leaves]
    out = {}
    for pk in ids:
        if draw(st.integers(0, 2)) > 0:
            continue  # most unions: nobody scored anything yet (the fast path)
        picked = draw(st.lists(st.sampled_from(codes), unique=True, max_size=len(codes)))
        if picked or draw(st.booleans()):
            out[pk] = {c: (draw(PEOPLE), draw(PEOPLE)) for c in picked}
    return out


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_bulk_scoring_equals_scoring_one_union_at_a_time(data: Any) -> None:
    compiled = data.draw(standards(), label="standard")
    ids = list(range(1, data.draw(st.integers(1, 8), label="unions") + 1))
    columns = data.draw(columns_for(compiled, ids), label="columns")
    overrides = data.draw(overrides_for(compiled, ids), label="overrides")
    bulk = score_many(compiled, columns, ids, overrides)
    for pk in ids:
        one = evaluate(compiled, columns, [pk])[pk]
        t = totals(compiled, one, overrides.get(pk))
        got = bulk[pk]
        assert json.loads(got.computed) == one
        assert json.loads(got.points) == {k: str(v) for k, v in t.self_points.items()}
        assert (got.self_total, got.review_total, got.vetoed) == (t.self_total, t.review_total, t.self_vetoed)
        assert got.grade == grade_for(compiled, t.self_total, t.self_vetoed, bool(t.self_short))
