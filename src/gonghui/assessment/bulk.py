"""Scoring thousands of unions at once, column by column.

The same arithmetic as ``scoring.evaluate`` + ``scoring.totals``, shaped for speed: each
rule runs once per distinct metric value (unions share values: counts, yes/no, rates), and
the stored JSON of each union is joined from fragments prepared once per distinct value.
A union whose people already scored some items (overrides) goes through ``scoring.totals``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.assessment.models import CriterionKind
from gonghui.assessment.rules import ZERO
from gonghui.assessment.scoring import ONE, Compiled, grade_for, json_value, totals


@dataclass(frozen=True)
class Scored:
    computed: str  # JSON text {code: [value, points]}
    points: str  # JSON text {code: points}
    self_total: Decimal
    review_total: Decimal
    vetoed: bool
    grade: str


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def score_many(
    compiled: Compiled,
    values: dict[str, dict[int, Any]],
    org_ids: list[int],
    overrides: dict[int, dict[str, tuple[Any, Any]]],
) -> dict[int, Scored]:
    """{org id: Scored} for the union's column (the one that counts while a union self-assesses)."""
    leaves = compiled.leaves
    n = len(org_ids)
    computed_cols: list[list[str]] = []  # per leaf, per org: '"A1":[value,points]'
    points_cols: list[list[str]] = []  # per leaf, per org: '"A1":"points"' (defaults applied)
    number_cols: list[list[Decimal]] = []  # per leaf, per org: the effective points
    for node in leaves:
        key = _text(node.code)
        default = ONE if node.kind == CriterionKind.VETO else ZERO
        if node.scorer is None:
            computed_cols.append([f"{key}:[null,null]"] * n)
            points_cols.append([f"{key}:{_text(str(default))}"] * n)
            number_cols.append([default] * n)
            continue
        column, scorer = values[node.metric], node.scorer  # type: ignore[index]
        # Keyed by value: a metric's values are all of its kind (yes/no, counts, Decimals).
        memo: dict[Any, tuple[str, str, Decimal]] = {}
        hits = []
        for pk in org_ids:
            v = column.get(pk)
            hit = memo.get(v)
            if hit is None:
                p = scorer(v)
                got = p if p is not None else default
                hit = memo[v] = (
                    f"{key}:[{_text(json_value(v))},{_text(str(p))}]",
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
    parents = [(_text(p), [index[k] for k in kids]) for p, kids in compiled.children.items()]
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
            grade = grade_for(compiled, t.self_total, t.self_vetoed)
            out[pk] = Scored(computed, text, t.self_total, t.review_total, t.self_vetoed, grade)
            continue
        extra = min(sum([row[i] for i in bonus], ZERO), compiled.bonus_max)
        total = sum([row[i] for i in base], ZERO) + extra
        vetoed = any(row[i] == 0 for i in veto)
        sums = [f"{k}:{_text(str(sum([row[i] for i in kids], ZERO)))}" for k, kids in parents]
        text = "{" + ",".join([*points_row, *sums]) + "}"
        out[pk] = Scored(computed, text, total, total, vetoed, grade_for(compiled, total, vetoed))
    return out
