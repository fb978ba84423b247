"""The scoring engine, without the database: a standard compiled once, evaluated for many unions.

``Compiled`` holds a standard's criteria as plain objects with their rule functions;
``evaluate`` turns metric values into points for each leaf criterion (items without
sub-items, sub-items, bonus and veto items); ``totals`` adds them up for both columns of
the sheet, the union's and the inspector's, applying the people's overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gonghui.assessment.models import Criterion, CriterionKind, Standard
from gonghui.assessment.rules import ZERO, Scorer, compile_rule

ONE = Decimal(1)


@dataclass(frozen=True)
class Node:
    code: str
    kind: str
    points: Decimal
    metric: str | None
    scorer: Scorer | None
    parent: str | None
    manual: bool


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

    @property
    def metrics(self) -> list[str]:
        return sorted({n.metric for n in self.leaves if n.metric})


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
    )
    for row in rows:
        if row.kind == CriterionKind.SECTION:
            continue
        parent = by_pk.get(row.parent_id)
        parent_code = parent.code if parent is not None and parent.kind != CriterionKind.SECTION else None
        points = ONE if row.kind == CriterionKind.VETO else row.points
        kind = row.rule.get("type")
        node = Node(
            code=row.code,
            kind=row.kind,
            points=points,
            metric=row.rule.get("metric"),
            scorer=compile_rule(row.rule, points) if kind not in ("manual", "checklist") else None,
            parent=parent_code,
            manual=kind == "manual",
        )
        c.nodes[row.code] = node
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


def evaluate(
    compiled: Compiled, values: dict[str, dict[int, Any]], org_ids: list[int]
) -> dict[int, dict[str, list]]:
    """{org id: {leaf code: [metric value, points or None]}}: each rule applied to each union.

    The loop runs leaf by leaf so that each rule function and metric column is looked up once.
    """
    out: dict[int, dict[str, list]] = {pk: {} for pk in org_ids}
    for node in compiled.leaves:
        if node.scorer is None:
            for pk in org_ids:
                out[pk][node.code] = [None, None]
            continue
        column = values[node.metric]  # type: ignore[index]
        scorer = node.scorer
        for pk in org_ids:
            v = column.get(pk)
            out[pk][node.code] = [json_value(v), scorer(v)]
    return out


@dataclass
class Totals:
    self_points: dict[str, Decimal]
    review_points: dict[str, Decimal]
    self_total: Decimal
    review_total: Decimal
    self_vetoed: bool
    review_vetoed: bool


def _dec(x: Any) -> Decimal | None:
    if x is None or isinstance(x, Decimal):
        return x
    return Decimal(x)


def totals(
    compiled: Compiled,
    computed: dict[str, list],
    overrides: dict[str, tuple[Any, Any]] | None = None,
) -> Totals:
    """Both columns of the sheet. The union's column: its own score, else the computed one.
    The inspector's column: their score, else the computed one, else the union's. A manual
    item nobody scored gives 0; a manual veto item nobody marked does not veto."""
    overrides = overrides or {}
    mine: dict[str, Decimal] = {}
    theirs: dict[str, Decimal] = {}
    for node in compiled.leaves:
        entry = computed.get(node.code)
        auto = _dec(entry[1]) if entry else None
        own, review = overrides.get(node.code, (None, None))
        own, review = _dec(own), _dec(review)
        default = ONE if node.kind == CriterionKind.VETO else ZERO
        s = own if own is not None else (auto if auto is not None else default)
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
    )


def grade_for(compiled: Compiled, score: Decimal, vetoed: bool) -> str:
    """The grade band of a score; a vetoed assessment gets the lowest grade whatever its score."""
    if not compiled.grades:
        return ""
    if vetoed:
        return compiled.grades[-1][0]
    for name, low in compiled.grades:
        if score >= low:
            return name
    return compiled.grades[-1][0]


def points_text(points: dict[str, Decimal]) -> dict[str, str]:
    return {k: str(v) for k, v in points.items()}


def computed_json(computed: dict[str, list]) -> dict[str, list]:
    return {k: [v, str(p) if p is not None else None] for k, (v, p) in computed.items()}
