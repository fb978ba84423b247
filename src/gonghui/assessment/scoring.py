"""The scoring engine, without the database: a standard compiled once, evaluated for many unions.

``Compiled`` holds a standard's criteria as plain objects with their rule functions and the
measures they read; ``judge`` turns one union's measure values into an item's points (with a
note: a failed gate, an unknown value and why, a value the union reported); ``evaluate`` does
it for each leaf criterion (items without sub-items, sub-items, bonus and veto items);
``totals`` adds them up for both columns of the sheet, the union's and the inspector's,
applying the people's overrides; ``grade_for`` applies vetoes and mandatory items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gonghui.assessment.measures import Column, Condition, Measure
from gonghui.assessment.models import Criterion, CriterionKind, Standard
from gonghui.assessment.rules import ZERO, Scorer, compile_rule, rule_gates, rule_measures

ONE = Decimal(1)


@dataclass(frozen=True)
class Gate:
    key: str  # the measure's key
    condition: Condition
    index: int  # its place among the gates of the item that carries it
    owner: str  # that item's code (a sub-item takes its item's gates)


@dataclass(frozen=True)
class Node:
    code: str
    kind: str
    points: Decimal
    measures: tuple[str, ...]  # the keys of the measures the scorer reads, in order
    scorer: Scorer | None
    parent: str | None
    manual: bool
    unknown: str = "zero"
    gates: tuple[Gate, ...] = ()
    mandatory: bool = False
    pool: bool = False  # a deductions pool: each entry deals with its own unknown value

    @property
    def metric(self) -> str | None:
        return self.measures[0] if self.measures else None


@dataclass
class Compiled:
    total: Decimal
    bonus_max: Decimal
    grades: list[tuple[str, Decimal]]
    nodes: dict[str, Node] = field(default_factory=dict)
    leaves: list[Node] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)  # top-level items (the base score)
    children: dict[str, list[str]] = field(default_factory=dict)
    bonus: list[str] = field(default_factory=list)
    veto: list[str] = field(default_factory=list)
    measures: dict[str, Measure] = field(default_factory=dict)
    mandatory: list[str] = field(default_factory=list)  # codes of mandatory items and sub-items
    mandatory_cap: str = ""  # the best grade while one of them is short ("": the lowest)
    gate_titles: dict[str, list[str]] = field(default_factory=dict)  # the words a standard gave its gates

    @property
    def metrics(self) -> list[str]:
        """The keys of every measure the standard reads (plain metrics by their names)."""
        return sorted(self.measures)


_cache: dict[tuple[int, str], Compiled] = {}


def compile_standard(standard: Standard, criteria: Iterable[Criterion] | None = None) -> Compiled:
    """The standard's criteria with their rule functions. Standards never change, so this is cached."""
    key = (standard.pk, standard.content_hash)
    if key in _cache:
        return _cache[key]
    rows = list(criteria if criteria is not None else standard.criteria.all().order_by("position"))
    by_pk = {c.pk: c for c in rows}
    c = Compiled(
        total=standard.total_points,
        bonus_max=standard.bonus_max,
        grades=[(g["name"], Decimal(g["min"])) for g in standard.grades],
        mandatory_cap=standard.mandatory_cap,
    )
    gates_of: dict[str, tuple[Gate, ...]] = {}
    for row in rows:
        if row.kind == CriterionKind.SECTION:
            continue
        parent = by_pk.get(row.parent_id)
        parent_code = parent.code if parent is not None and parent.kind != CriterionKind.SECTION else None
        points = ONE if row.kind == CriterionKind.VETO else row.points
        kind = row.rule.get("type")
        kw = {"item": row.code, "fields": row.fields}
        found = rule_measures(row.rule, **kw)
        own = tuple(Gate(g.measure.key, g, i, row.code) for i, g in enumerate(rule_gates(row.rule, **kw)))
        gates = gates_of.get(parent_code or "", ()) + own
        gates_of[row.code] = gates
        if own:
            c.gate_titles[row.code] = [str(g.get("title", "")) for g in row.rule.get("gate", [])]
        for m in [*found, *(g.condition.measure for g in own)]:
            c.measures.setdefault(m.key, m)
        node = Node(
            code=row.code,
            kind=row.kind,
            points=points,
            measures=tuple(m.key for m in found),
            scorer=compile_rule(row.rule, points, **kw),
            parent=parent_code,
            manual=kind == "manual",
            unknown=row.rule.get("unknown", "zero"),
            gates=gates,
            mandatory=row.mandatory,
            pool=kind == "deductions",
        )
        c.nodes[row.code] = node
        if row.mandatory:
            c.mandatory.append(row.code)
        if row.kind == CriterionKind.ITEM:
            c.items.append(node)
        elif row.kind == CriterionKind.BONUS:
            c.bonus.append(row.code)
        elif row.kind == CriterionKind.VETO:
            c.veto.append(row.code)
        if parent_code is not None:
            c.children.setdefault(parent_code, []).append(row.code)
        if kind != "checklist":
            c.leaves.append(node)
    if standard.pk is not None:
        _cache[key] = c
    return c


def json_value(value: Any) -> Any:
    """A metric value as stored in JSON: numbers of the Decimal kind as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


Verdict = tuple[Any, Decimal | None, dict[str, Any] | None]  # value (JSON), points, note


def judge(
    node: Node, vals: tuple[Any, ...], failed: tuple[int, Any] | None, self_reported: bool, reason: Any
) -> Verdict:
    """One item for one union from the values of its measures: the same arithmetic for the bulk
    run and for one union. The note says what the points rest on: a failed gate (``g``: its
    index, value and item), an unknown value (``u``: the reason), a value left to people
    (``m``), the union's own report (``s``)."""
    note: dict[str, Any] = {}
    value = (json_value(vals[0]) if len(vals) == 1 else [json_value(v) for v in vals]) if vals else None
    points: Decimal | None
    if node.scorer is None:
        points = None
    elif any(v is None for v in vals):
        # Every rule treats a value the records cannot give alike: 0, unless the item says otherwise.
        note["u"] = list(reason) if reason else ["metric", ""]
        if node.pool and node.unknown != "manual":
            points = node.scorer(vals)
        elif node.unknown == "full":
            points = node.points
        elif node.unknown == "manual":
            points, note["m"] = None, 1
        else:
            points = ZERO
    else:
        points = node.scorer(vals)
    if self_reported:
        note["s"] = 1
    if failed is not None:
        points = ZERO
        gate = node.gates[failed[0]]
        note["g"] = [gate.index, json_value(failed[1]), gate.owner]  # the gate as its item wrote it
    return value, points, note or None


Inputs = tuple[tuple[Any, ...], tuple[int, Any] | None, bool, Any]


def inputs(node: Node, columns: dict[str, Column], pk: int) -> Inputs:
    """What ``judge`` needs of one union: the values, the first failing gate, whether a value
    came from the union's report, and why a value is unknown."""
    vals = tuple(columns[k].values.get(pk) for k in node.measures)
    failed = None
    for i, gate in enumerate(node.gates):
        v = columns[gate.key].values.get(pk)
        if not gate.condition.holds(v):
            failed = (i, v)
            break
    self_reported = any(pk in columns[k].self_reported for k in node.measures)
    reason = None
    for k in node.measures:
        r = columns[k].reasons.get(pk)
        if r is not None:
            reason = r
            break
    return vals, failed, self_reported, reason


def entry(verdict: Verdict) -> list[Any]:
    """The stored form of a verdict: [value, points as text or None, note?]."""
    value, points, note = verdict
    out = [value, str(points) if points is not None else None]
    if note:
        out.append(note)
    return out


def evaluate(
    compiled: Compiled, columns: dict[str, Column], org_ids: list[int]
) -> dict[int, dict[str, list]]:
    """{org id: {leaf code: [value, points or None, note?]}}, one union at a time
    (``bulk.score_many`` does the same for many at once)."""
    return {
        pk: {node.code: entry(judge(node, *inputs(node, columns, pk))) for node in compiled.leaves}
        for pk in org_ids
    }


@dataclass
class Totals:
    self_points: dict[str, Decimal]
    review_points: dict[str, Decimal]
    self_total: Decimal
    review_total: Decimal
    self_vetoed: bool
    review_vetoed: bool
    self_short: list[str] = field(default_factory=list)  # mandatory items short of full points
    review_short: list[str] = field(default_factory=list)


def _dec(x: Any) -> Decimal | None:
    if x is None or isinstance(x, Decimal):
        return x
    return Decimal(x)


def gated(found: Any) -> bool:
    """A failed gate: the item scores 0, whoever scores it."""
    return bool(found) and len(found) > 2 and "g" in (found[2] or {})


def totals(
    compiled: Compiled,
    computed: dict[str, list],
    overrides: dict[str, tuple[Any, Any]] | None = None,
) -> Totals:
    """Both columns of the sheet. The union's column: its own score, else the computed one.
    The inspector's column: their score, else the computed one, else the union's. An item
    nobody scored gives 0: a person-judged veto nobody marked vetoes, a mandatory item nobody
    confirmed is short. An item whose gate failed gives 0 whatever anyone scored."""
    overrides = overrides or {}
    mine: dict[str, Decimal] = {}
    theirs: dict[str, Decimal] = {}
    for node in compiled.leaves:
        found = computed.get(node.code)
        if gated(found):
            mine[node.code] = theirs[node.code] = ZERO
            continue
        auto = _dec(found[1]) if found else None
        own, review = overrides.get(node.code, (None, None))
        own, review = _dec(own), _dec(review)
        s = own if own is not None else (auto if auto is not None else ZERO)
        if review is not None:
            r = review
        elif auto is not None:
            r = auto
        else:
            r = s
        mine[node.code], theirs[node.code] = s, r
    for parent, kids in compiled.children.items():
        mine[parent] = sum((mine[k] for k in kids), ZERO)
        theirs[parent] = sum((theirs[k] for k in kids), ZERO)

    def total(points: dict[str, Decimal]) -> Decimal:
        base = sum((points[n.code] for n in compiled.items), ZERO)
        bonus = min(sum((points[b] for b in compiled.bonus), ZERO), compiled.bonus_max)
        return base + bonus

    return Totals(
        self_points=mine,
        review_points=theirs,
        self_total=total(mine),
        review_total=total(theirs),
        self_vetoed=any(mine[v] == 0 for v in compiled.veto),
        review_vetoed=any(theirs[v] == 0 for v in compiled.veto),
        self_short=short_of(compiled, mine),
        review_short=short_of(compiled, theirs),
    )


def short_of(compiled: Compiled, points: dict[str, Decimal]) -> list[str]:
    """The mandatory items that do not earn their full points."""
    return [c for c in compiled.mandatory if points[c] < compiled.nodes[c].points]


def unjudged(
    compiled: Compiled, computed: dict[str, list], overrides: dict[str, tuple[Any, Any]]
) -> list[str]:
    """Vetoes and mandatory items left to people that nobody has judged: acceptance waits for them."""
    out = []
    for node in compiled.leaves:
        parent = compiled.nodes.get(node.parent or "")
        if not (
            node.kind == CriterionKind.VETO or node.mandatory or (parent is not None and parent.mandatory)
        ):
            continue
        found = computed.get(node.code)
        if gated(found) or (found and found[1] is not None):
            continue
        own, review = overrides.get(node.code, (None, None))
        if own is None and review is None:
            out.append(node.code)
    return out


def grade_for(compiled: Compiled, score: Decimal, vetoed: bool, short: bool = False) -> str:
    """The grade band of a score: a vetoed assessment gets the lowest grade whatever its score,
    one short of a mandatory item the standard's cap at best."""
    if not compiled.grades:
        return ""
    if vetoed:
        return compiled.grades[-1][0]
    start = 0
    if short:
        names = [name for name, _low in compiled.grades]
        start = names.index(compiled.mandatory_cap) if compiled.mandatory_cap in names else len(names) - 1
    for name, low in compiled.grades[start:]:
        if score >= low:
            return name
    return compiled.grades[-1][0]


def points_text(points: dict[str, Decimal]) -> dict[str, str]:
    return {k: str(v) for k, v in points.items()}


def computed_json(computed: dict[str, list]) -> dict[str, list]:
    return {k: [e[0], str(e[1]) if e[1] is not None else None, *e[2:]] for k, e in computed.items()}
