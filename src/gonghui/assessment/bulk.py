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
    keys = [_text(n.code) for n in leaves]
    frags: list[list[str]] = []  # per leaf, per org: '"A1":[value,points]'
    points: list[list[Decimal]] = []  # per leaf, per org: effective points (defaults applied)
    for node, key in zip(leaves, keys, strict=True):
        default = ONE if node.kind == CriterionKind.VETO else ZERO
        if node.scorer is None:
            frags.append([f"{key}:[null,null]"] * len(org_ids))
            points.append([default] * len(org_ids))
            continue
        column, scorer = values[node.metric], node.scorer  # type: ignore[index]
        memo: dict[tuple[type, Any], tuple[str, Decimal]] = {}
        col_frags, col_points = [], []
        for pk in org_ids:
            v = column.get(pk)
            hit = memo.get((type(v), v))
            if hit is None:
                p = scorer(v)
                hit = (f"{key}:[{_text(json_value(v))},{_text(str(p))}]", p if p is not None else default)
                memo[(type(v), v)] = hit
            col_frags.append(hit[0])
            col_points.append(hit[1])
        frags.append(col_frags)
        points.append(col_points)

    index = {n.code: i for i, n in enumerate(leaves)}
    base = [i for i, n in enumerate(leaves) if n.kind in (CriterionKind.ITEM, CriterionKind.SUB)]
    bonus = [index[c] for c in compiled.bonus]
    veto = [index[c] for c in compiled.veto]
    parents = [(_text(p), [index[k] for k in kids]) for p, kids in compiled.children.items()]
    point_frag: dict[tuple[str, Decimal], str] = {}

    def frag(key: str, p: Decimal) -> str:
        f = point_frag.get((key, p))
        if f is None:
            f = point_frag[(key, p)] = f"{key}:{_text(str(p))}"
        return f

    out: dict[int, Scored] = {}
    for j, pk in enumerate(org_ids):
        computed = "{" + ",".join(col[j] for col in frags) + "}"
        own = overrides.get(pk)
        if own:  # people scored some items: the general path
            t = totals(compiled, json.loads(computed), own)
            text = _text({k: str(v) for k, v in t.self_points.items()})
            grade = grade_for(compiled, t.self_total, t.self_vetoed)
            out[pk] = Scored(computed, text, t.self_total, t.review_total, t.self_vetoed, grade)
            continue
        row = [col[j] for col in points]
        extra = min(sum((row[i] for i in bonus), ZERO), compiled.bonus_max)
        total = sum((row[i] for i in base), ZERO) + extra
        vetoed = any(row[i] == 0 for i in veto)
        parts = [frag(k, row[i]) for i, k in enumerate(keys)]
        parts += [frag(k, sum((row[i] for i in kids), ZERO)) for k, kids in parents]
        text = "{" + ",".join(parts) + "}"
        out[pk] = Scored(computed, text, total, total, vetoed, grade_for(compiled, total, vetoed))
    return out
