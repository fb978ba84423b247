"""Scoring thousands of unions at once, column by column.

The same arithmetic as ``scoring.evaluate`` + ``scoring.totals`` (both call
``scoring.judge``), shaped for speed: each rule is judged once per distinct input (unions
share values: counts, yes/no, rates), and the stored JSON of each union is joined from
fragments prepared once per distinct input. A union whose people already scored some items
(overrides), or whose items carry a note (a failed gate), goes through ``scoring.totals``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.assessment.measures import Column
from gonghui.assessment.models import CriterionKind
from gonghui.assessment.rules import ZERO
from gonghui.assessment.scoring import Compiled, entry, grade_for, inputs, judge, short_of, totals


@dataclass(frozen=True)
class Scored:
    computed: str  # JSON text {code: [value, points, note?]}
    points: str  # JSON text {code: points}
    self_total: Decimal
    review_total: Decimal
    vetoed: bool
    grade: str


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def score_many(
    compiled: Compiled,
    columns: dict[str, Column],
    org_ids: list[int],
    overrides: dict[int, dict[str, tuple[Any, Any]]],
) -> dict[int, Scored]:
    """{org id: Scored} for the union's column (the one that counts while a union self-assesses)."""
    leaves = compiled.leaves
    computed_cols: list[list[str]] = []  # per leaf, per org: '"A1":[value,points,note?]'
    points_cols: list[list[str]] = []  # per leaf, per org: '"A1":"points"' (0 when nobody scored)
    number_cols: list[list[Decimal]] = []  # per leaf, per org: the effective points
    for node in leaves:
        key = _text(node.code)
        memo: dict[Any, tuple[str, str, Decimal]] = {}
        hits = []
        for pk in org_ids:
            given = inputs(node, columns, pk)
            hit = memo.get(given)
            if hit is None:
                verdict = judge(node, *given)
                got = verdict[1] if verdict[1] is not None else ZERO
                hit = memo[given] = (
                    f"{key}:{_text(entry(verdict))}",
                    f"{key}:{_text(str(got))}",
                    got,
                )
            hits.append(hit)
        computed_cols.append([h[0] for h in hits])
        points_cols.append([h[1] for h in hits])
        number_cols.append([h[2] for h in hits])

    index = {node.code: i for i, node in enumerate(leaves)}
    base = [i for i, node in enumerate(leaves) if node.kind in (CriterionKind.ITEM, CriterionKind.SUB)]
    bonus = [index[c] for c in compiled.bonus]
    veto = [index[c] for c in compiled.veto]
    parents = [(p, _text(p), [index[k] for k in kids]) for p, kids in compiled.children.items()]
    mandatory = [(c, index.get(c)) for c in compiled.mandatory]
    out: dict[int, Scored] = {}
    rows = zip(
        org_ids,
        zip(*computed_cols, strict=True),
        zip(*points_cols, strict=True),
        zip(*number_cols, strict=True),
        strict=True,
    )
    for pk, computed_row, points_row, row in rows:
        computed = "{" + ",".join(computed_row) + "}"
        own = overrides.get(pk)
        if own:  # people scored some items: the general path
            t = totals(compiled, json.loads(computed), own)
            text = _text({k: str(v) for k, v in t.self_points.items()})
            grade = grade_for(compiled, t.self_total, t.self_vetoed, bool(t.self_short))
            out[pk] = Scored(computed, text, t.self_total, t.review_total, t.self_vetoed, grade)
            continue
        extra = min(sum([row[i] for i in bonus], ZERO), compiled.bonus_max)
        total = sum([row[i] for i in base], ZERO) + extra
        vetoed = any(row[i] == 0 for i in veto)
        sums = {p: sum([row[i] for i in kids], ZERO) for p, _k, kids in parents}
        short = bool(mandatory) and bool(
            short_of(compiled, {c: (row[i] if i is not None else sums[c]) for c, i in mandatory})
        )
        text = "{" + ",".join([*points_row, *(f"{k}:{_text(str(sums[p]))}" for p, k, _kids in parents)]) + "}"
        out[pk] = Scored(computed, text, total, total, vetoed, grade_for(compiled, total, vetoed, short))
    return out
