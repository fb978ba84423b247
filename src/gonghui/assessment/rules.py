"""Scoring rules: how an item's points follow from a metric value.

Each kind lives in one place: ``normalize`` checks a rule read from a file and returns
its canonical form (numbers as strings), ``compile`` turns it into a fast function
value → points used for thousands of unions at once, ``describe`` says it in words.

Kinds: threshold (all or nothing), bands (graded by value), proportional (linear, or a
deduction per step short of the target), deduction (per occurrence or per missing
thing, floored at 0, optionally capped), boolean, checklist (the sum of sub-items) and
manual (scored by people).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.assessment import measures
from gonghui.assessment.numbers import RuleError, decimal_of, num_text
from gonghui.core.metrics import Kind
from gonghui.core.metrics import registry as metrics

ZERO = Decimal(0)
CENT = Decimal("0.01")
Scorer = Callable[[Any], Decimal | None]

METRIC_KINDS = ("threshold", "bands", "proportional", "deduction", "boolean")  # read one measure
ALL_KINDS = (*METRIC_KINDS, "deductions", "fixed", "checklist", "manual")
VETO_KINDS = ("threshold", "boolean", "manual")
UNKNOWN = ("zero", "full", "manual")  # what a value the records cannot give scores

# Names a federation may write in its own language (Excel sheets, YAML alike).
KIND_ALIASES = {
    "达标": "threshold",
    "门槛": "threshold",
    "分档": "bands",
    "比例": "proportional",
    "扣分": "deduction",
    "扣分制": "deductions",
    "基础分": "fixed",
    "固定": "fixed",
    "是否": "boolean",
    "有无": "boolean",
    "清单": "checklist",
    "人工": "manual",
    "人工评分": "manual",
}
PARAM_ALIASES = {
    "最低": "min",
    "不低于": "min",
    "最高": "max",
    "不高于": "max",
    "满分值": "full_at",
    "零分值": "zero_at",
    "每档": "step",
    "每档扣": "deduct",
    "每次扣": "per",
    "每项扣": "per",
    "最多扣": "cap",
    "应有": "expected",
    "基础": "base",
    "扣分项": "deductions",
    "未知": "unknown",
}
PARAMS = {
    "threshold": {"min", "max"},
    "bands": {"bands"},
    "proportional": {"full_at", "zero_at", "step", "deduct"},
    "deduction": {"per", "cap", "expected"},
    "boolean": set(),
    "deductions": {"base", "deductions"},
    "fixed": set(),
    "checklist": set(),
    "manual": set(),
}
DEDUCTION_KEYS = {*measures.KEYS, "per", "cap", "off", "min", "max", "is", "title"}
GATE_KEYS = {*measures.KEYS, "min", "max", "is", "title"}


def kind_of(raw: Any) -> str:
    kind = str(raw or "").strip()
    return KIND_ALIASES.get(kind, kind.lower())


def _measure_error(e: measures.MeasureError) -> RuleError:
    return RuleError(str(e), e.key)


def normalize(
    raw: Any,
    points: Decimal,
    *,
    veto: bool = False,
    has_subs: bool = False,
    item: str = "",
    fields: list[dict[str, str]] | None = None,
    gate: Any = None,
) -> dict[str, Any]:
    """The canonical form of a rule of an item worth ``points``; RuleError if it is wrong.

    ``fields`` are the values the item asks the union to report (a rule may read them);
    ``gate`` the item's gate conditions, kept with the rule."""
    if raw is None and has_subs:
        raw = {"type": "checklist"}
    if not isinstance(raw, dict):
        raise RuleError(_("The rule must be a mapping with a type, e.g. {type: manual}."), "type")
    kind = kind_of(raw.get("type"))
    if kind not in ALL_KINDS:
        raise RuleError(
            _("Unknown rule type “%(type)s”; use one of: %(kinds)s.")
            % {"type": raw.get("type") or "", "kinds": ", ".join(ALL_KINDS)},
            "type",
        )
    if veto and kind not in VETO_KINDS:
        raise RuleError(
            _("A veto item takes a threshold, boolean or manual rule, not %(type)s.") % {"type": kind}, "type"
        )
    if kind == "checklist" and not has_subs:
        raise RuleError(_("A checklist rule needs sub-items."), "type")
    if has_subs and kind != "checklist":
        raise RuleError(_("An item with sub-items takes the checklist rule."), "type")
    params = {PARAM_ALIASES.get(k, k): v for k, v in raw.items() if k != "type" and k not in measures.KEYS}
    unknown_setting = params.pop("unknown", None)
    inner_gate = params.pop("gate", None)  # an Excel row has no item-level keys: its gate comes here
    if gate is None:
        gate = inner_gate
    unknown = sorted(set(params) - PARAMS[kind])
    if unknown:
        raise RuleError(
            _("Unknown setting %(key)s for a %(type)s rule; it takes: %(keys)s.")
            % {"key": unknown[0], "type": kind, "keys": ", ".join(sorted(PARAMS[kind])) or "—"},
            unknown[0],
        )
    rule: dict[str, Any] = {"type": kind}
    kw = {"item": item, "fields": fields or []}
    try:
        measure = measures.parse(raw, **kw)
    except measures.MeasureError as e:
        raise _measure_error(e) from None
    if kind in METRIC_KINDS:
        if measure is None:
            raise RuleError(
                _("The rule needs a measure: metric, ratio, count, sum, share, target or reported."), "metric"
            )
        rule.update(measures.canonical(measure))
    elif measure is not None:
        raise RuleError(_("A %(type)s rule takes no metric.") % {"type": kind}, "metric")
    if unknown_setting is not None:
        setting = {"满分": "full", "零分": "zero", "人工": "manual"}.get(
            str(unknown_setting), str(unknown_setting)
        )
        if kind not in (*METRIC_KINDS, "deductions") or setting not in UNKNOWN:
            raise RuleError(_("unknown is zero, full or manual, on a rule that reads a measure."), "unknown")
        if setting != "zero":
            rule["unknown"] = setting
    try:
        _NORMALIZERS.get(kind, lambda r, p, pts, m, kw: None)(rule, params, points, measure, kw)
    except measures.MeasureError as e:
        raise _measure_error(e) from None
    if gate is not None:
        if veto:
            raise RuleError(_("A veto item takes no gate."), "gate")
        rule["gate"] = _gates(gate, kw)
    return rule


def _fit(measure: Any, kind: str, key: str) -> None:
    """A rule must fit what its measure is: yes/no, a count, a rate, an amount."""
    mk = measure.kind
    what = measure.label()
    if mk == Kind.BOOL and kind in ("threshold", "bands", "proportional", "deduction"):
        raise RuleError(
            _("%(what)s is a yes/no measure: use type: boolean (or a checklist), not %(type)s.")
            % {"what": what, "type": kind},
            key,
        )
    if kind == "boolean" and mk in (Kind.RATE, Kind.AMOUNT):
        raise RuleError(
            _(
                "%(what)s is a rate or an amount: a yes/no rule would give all points for any value "
                "above 0. Use type: threshold with min."
            )
            % {"what": what},
            key,
        )
    if kind == "deduction" and mk in (Kind.RATE, Kind.AMOUNT):
        raise RuleError(
            _("%(what)s is not a number of occurrences: points off per one of it make no sense.")
            % {"what": what},
            key,
        )


def _scale(measure: Any, numbers: list[tuple[str, Decimal | None]]) -> None:
    try:
        measures.check_scale(measure, numbers)
    except measures.MeasureError as e:
        raise _measure_error(e) from None


def _gates(raw: Any, kw: dict[str, Any]) -> list[dict[str, Any]]:
    entries = raw if isinstance(raw, list) else [raw]
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry:
            raise RuleError(
                _("gate is a condition or a list of them, e.g. {metric: committee_present}."), "gate"
            )
        extra = sorted(set(entry) - GATE_KEYS)
        if extra:
            raise RuleError(
                _("unknown key %(key)s in a gate; allowed: %(keys)s.")
                % {"key": extra[0], "keys": ", ".join(sorted(GATE_KEYS))},
                "gate",
            )
        try:
            cond = measures.parse_condition(entry, "gate", **kw)
        except measures.MeasureError as e:
            raise RuleError(str(e), "gate") from None
        out.append(_condition_out(cond, entry))
    return out


def _condition_out(cond: Any, entry: dict[str, Any]) -> dict[str, Any]:
    out = {**measures.canonical(cond.measure), **measures.condition_keys(cond)}
    title = str(entry.get("title") or "").strip()
    if title:
        out["title"] = title[:100]
    return out


def _threshold(rule: dict, params: dict, points: Decimal, measure: Any, kw: dict) -> None:
    _fit(measure, "threshold", "min")
    lo = decimal_of(params["min"], "min") if params.get("min") is not None else None
    hi = decimal_of(params["max"], "max") if params.get("max") is not None else None
    if lo is None and hi is None:
        raise RuleError(_("A threshold rule needs min or max."), "min")
    if lo is not None and hi is not None and lo > hi:
        raise RuleError(_("min cannot be above max."), "min")
    _scale(measure, [("min", lo), ("max", hi)])
    if lo is not None:
        rule["min"] = num_text(lo)
    if hi is not None:
        rule["max"] = num_text(hi)


def _bands(rule: dict, params: dict, points: Decimal, measure: Any, kw: dict) -> None:
    _fit(measure, "bands", "bands")
    raw = params.get("bands")
    if not isinstance(raw, list | tuple) or not raw:
        raise RuleError(_("A bands rule needs a list of [at least, points] pairs."), "bands")
    bands: list[tuple[Decimal, Decimal]] = []
    for pair in raw:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise RuleError(_("Each band is a pair [at least, points], e.g. [95, 6]."), "bands")
        bands.append((decimal_of(pair[0], "bands"), decimal_of(pair[1], "bands")))
    for (a, pa), (b, pb) in itertools.pairwise(bands):
        if b >= a:
            raise RuleError(
                _("Bands go from the highest value down: %(b)s comes after %(a)s.") % {"a": a, "b": b},
                "bands",
            )
        if pb > pa:
            raise RuleError(
                _("A lower band cannot give more points (%(pb)s after %(pa)s).") % {"pa": pa, "pb": pb},
                "bands",
            )
    if any(p < 0 for _a, p in bands):
        raise RuleError(_("Band points cannot be negative."), "bands")
    if bands[0][1] != points:
        raise RuleError(
            _("The highest band gives %(band)s points but the item is worth %(points)s.")
            % {"band": num_text(bands[0][1]), "points": num_text(points)},
            "bands",
        )
    _scale(measure, [("bands", a) for a, _p in bands])
    rule["bands"] = [[num_text(a), num_text(p)] for a, p in bands]


def _proportional(rule: dict, params: dict, points: Decimal, measure: Any, kw: dict) -> None:
    _fit(measure, "proportional", "full_at")
    if params.get("full_at") is None:
        raise RuleError(_("A proportional rule needs full_at (the value that earns full points)."), "full_at")
    full = decimal_of(params["full_at"], "full_at")
    _scale(measure, [("full_at", full)])
    rule["full_at"] = num_text(full)
    stepped = params.get("step") is not None or params.get("deduct") is not None
    if stepped:
        if params.get("zero_at") is not None:
            raise RuleError(_("Use either zero_at or step and deduct, not both."), "zero_at")
        step = decimal_of(params.get("step"), "step")
        deduct = decimal_of(params.get("deduct"), "deduct")
        if step <= 0 or deduct <= 0:
            raise RuleError(_("step and deduct must be above 0."), "step")
        _scale(measure, [("step", step)])
        rule["step"], rule["deduct"] = num_text(step), num_text(deduct)
    else:
        zero = decimal_of(params.get("zero_at", 0), "zero_at")
        if zero >= full:
            raise RuleError(_("zero_at must be below full_at."), "zero_at")
        _scale(measure, [("zero_at", zero)])
        rule["zero_at"] = num_text(zero)


def _per_cap(out: dict, params: dict) -> None:
    per = decimal_of(params.get("per"), "per")
    if per <= 0:
        raise RuleError(_("per (points off each time) must be above 0."), "per")
    out["per"] = num_text(per)
    if params.get("cap") is not None:
        cap = decimal_of(params["cap"], "cap")
        if cap <= 0:
            raise RuleError(_("cap must be above 0."), "cap")
        out["cap"] = num_text(cap)


def _deduction(rule: dict, params: dict, points: Decimal, measure: Any, kw: dict) -> None:
    _fit(measure, "deduction", "per")
    _per_cap(rule, params)
    if params.get("expected") is not None:
        expected = decimal_of(params["expected"], "expected")
        if expected <= 0:
            raise RuleError(_("expected must be above 0."), "expected")
        rule["expected"] = num_text(expected)


def _deductions(rule: dict, params: dict, points: Decimal, measure: Any, kw: dict) -> None:
    """扣分制: a pool of points (``base``, the item's points unless less) that every deduction
    draws on, never below 0. A deduction is a count with points off each (``per``, ``cap``)
    or a condition with points off when it fails (``off``)."""
    if params.get("base") is not None:
        base = decimal_of(params["base"], "base")
        if base <= 0 or base > points:
            raise RuleError(
                _("base is the pool of points, above 0 and at most the item's %(points)s.")
                % {"points": num_text(points)},
                "base",
            )
        if base != points:
            rule["base"] = num_text(base)
    raw = params.get("deductions")
    if not isinstance(raw, list) or not raw:
        raise RuleError(
            _("A deductions rule needs a list of deductions, e.g. [{metric: …, per: 1}]."), "deductions"
        )
    out = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise RuleError(_("Each deduction is a mapping with a measure and per or off."), "deductions")
        entry = {("off" if k in ("deduct", "扣") else k): v for k, v in entry.items()}  # points off once
        extra = sorted(set(entry) - DEDUCTION_KEYS)
        if extra:
            raise RuleError(
                _("unknown key %(key)s in a deduction; allowed: %(keys)s.")
                % {"key": extra[0], "keys": ", ".join(sorted(DEDUCTION_KEYS))},
                "deductions",
            )
        try:
            if entry.get("off") is not None:
                if entry.get("per") is not None or entry.get("cap") is not None:
                    raise RuleError(
                        _("A deduction takes per (each time) or off (once), not both."), "deductions"
                    )
                cond = measures.parse_condition(
                    {k: v for k, v in entry.items() if k not in ("off", "title")}, "deductions", **kw
                )
                d = _condition_out(cond, entry)
                off = decimal_of(entry["off"], "off")
                if off <= 0:
                    raise RuleError(_("off must be above 0."), "deductions")
                d["off"] = num_text(off)
            else:
                m = measures.parse({k: v for k, v in entry.items() if k in measures.KEYS}, **kw)
                if m is None:
                    raise RuleError(_("Each deduction reads a measure (metric, count …)."), "deductions")
                _fit(m, "deduction", "deductions")
                d = measures.canonical(m)
                _per_cap(d, entry)
                title = str(entry.get("title") or "").strip()
                if title:
                    d["title"] = title[:100]
        except measures.MeasureError as e:
            raise RuleError(str(e), "deductions") from None
        except RuleError as e:
            raise RuleError(str(e), "deductions") from None
        out.append(d)
    rule["deductions"] = out


def _boolean(rule: dict, params: dict, points: Decimal, measure: Any, kw: dict) -> None:
    _fit(measure, "boolean", "type")


_NORMALIZERS: dict[str, Callable[[dict, dict, Decimal, Any, dict], None]] = {
    "threshold": _threshold,
    "boolean": _boolean,
    "bands": _bands,
    "proportional": _proportional,
    "deduction": _deduction,
    "deductions": _deductions,
}


# ---- the measures of a stored rule -------------------------------------------
def rule_measures(rule: dict[str, Any], *, item: str = "", fields: list | None = None) -> list[Any]:
    """The measures a stored rule reads, in the order its scorer takes their values."""
    kw = {"item": item, "fields": fields or []}
    kind = rule.get("type")
    if kind in METRIC_KINDS:
        m = measures.parse(rule, **kw)
        return [m] if m is not None else []
    if kind == "deductions":
        out = []
        for d in rule["deductions"]:
            if "off" in d:
                out.append(measures.parse_condition(_cond_raw(d), "deductions", **kw).measure)
            else:
                out.append(measures.parse(d, **kw))
        return out
    return []


def _cond_raw(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("off", "title")}


def rule_gates(rule: dict[str, Any], *, item: str = "", fields: list | None = None) -> list[Any]:
    """The gate conditions (measures.Condition) of a stored rule."""
    kw = {"item": item, "fields": fields or []}
    return [measures.parse_condition(_cond_raw(g), "gate", **kw) for g in rule.get("gate", [])]


# ---- scoring -------------------------------------------------------------
def _number(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | int):
        return Decimal(int(value))
    return Decimal(str(value))


def compile_rule(rule: dict[str, Any], points: Decimal, **kw: Any) -> Scorer | None:
    """(values of the rule's measures) → points; None for manual and checklist items.

    The values are known: a value the records cannot give never reaches a scorer (see
    ``scoring.judge``, which applies the item's ``unknown`` setting)."""
    kind = rule.get("type")
    if kind == "fixed":
        return lambda vals: points
    if kind == "deductions":
        base = Decimal(rule.get("base", points))
        parts: list[Callable[[Any], Decimal]] = []
        worst: list[Decimal] = []  # what an entry takes off at most
        for d in rule["deductions"]:
            if "off" in d:
                cond = measures.parse_condition(_cond_raw(d), "deductions", **kw)
                parts.append(lambda v, c=cond, off=Decimal(d["off"]): ZERO if c.holds(v) else off)
                worst.append(Decimal(d["off"]))
            else:
                cap = Decimal(d["cap"]) if "cap" in d else None
                parts.append(_counted(Decimal(d["per"]), cap))
                worst.append(cap if cap is not None else base)
        # In a pool, an entry whose value the records cannot give takes off all it could
        # (``unknown: full``: nothing); the other entries count as usual.
        unknown_full = rule.get("unknown") == "full"

        def pooled(vals: Any) -> Decimal:
            off = ZERO
            for f, most, v in zip(parts, worst, vals, strict=True):
                off += f(v) if v is not None else (ZERO if unknown_full else most)
            return max(ZERO, base - off)

        return pooled
    one = _single(rule, points)
    if one is None:
        return None
    return lambda vals: one(vals[0])


def _counted(per: Decimal, cap: Decimal | None, expected: Decimal | None = None) -> Callable[[Any], Decimal]:
    def off(v: Any) -> Decimal:
        n = _number(v)
        times = max(ZERO, expected - n) if expected is not None else max(ZERO, n)
        taken = times * per
        return cap if cap is not None and taken > cap else taken

    return off


def _single(rule: dict[str, Any], points: Decimal) -> Callable[[Any], Decimal] | None:
    kind = rule.get("type")
    if kind == "threshold":
        lo = Decimal(rule["min"]) if "min" in rule else None
        hi = Decimal(rule["max"]) if "max" in rule else None

        def threshold(v: Any) -> Decimal:
            n = _number(v)
            if (lo is not None and n < lo) or (hi is not None and n > hi):
                return ZERO
            return points

        return threshold
    if kind == "bands":
        bands = [(Decimal(a), Decimal(p)) for a, p in rule["bands"]]

        def banded(v: Any) -> Decimal:
            n = _number(v)
            for at_least, p in bands:
                if n >= at_least:
                    return p
            return ZERO

        return banded
    if kind == "proportional":
        full = Decimal(rule["full_at"])
        if "step" in rule:
            step, deduct = Decimal(rule["step"]), Decimal(rule["deduct"])

            def stepped(v: Any) -> Decimal:
                n = _number(v)
                if n >= full:
                    return points
                steps = math.ceil((full - n) / step)  # a part of a step counts as a whole one
                return max(ZERO, points - steps * deduct)

            return stepped
        zero = Decimal(rule["zero_at"])
        span = full - zero

        def linear(v: Any) -> Decimal:
            n = _number(v)
            if n <= zero:
                return ZERO
            if n >= full:
                return points
            return (points * (n - zero) / span).quantize(CENT, ROUND_HALF_UP)

        return linear
    if kind == "deduction":
        off = _counted(
            Decimal(rule["per"]),
            Decimal(rule["cap"]) if "cap" in rule else None,
            Decimal(rule["expected"]) if "expected" in rule else None,
        )
        return lambda v: max(ZERO, points - off(v))
    if kind == "boolean":
        return lambda v: points if v and (not isinstance(v, int | Decimal) or v > 0) else ZERO
    return None


# ---- words ---------------------------------------------------------------
def metric_label(name: str) -> str:
    return str(metrics.get(name).label) if name in metrics else name


def describe(
    rule: dict[str, Any], points: Decimal, *, veto: bool = False, item: str = "", fields: list | None = None
) -> str:
    """The rule in a sentence, for the assessment sheet and the report."""
    kw = {"item": item, "fields": fields or []}
    text = _describe(rule, points, veto, kw)
    if rule.get("unknown") == "full":
        text += _(" A value the records cannot give earns full points.")
    elif rule.get("unknown") == "manual":
        text += _(" A value the records cannot give is scored by people.")
    gates = rule_gates(rule, **kw) if rule.get("gate") else []
    if gates:
        conds = _("; ").join(g.get("title") or c.words() for g, c in zip(rule["gate"], gates, strict=True))
        text = _("Gate: %(conds)s, otherwise 0. ") % {"conds": conds} + text
    return text


def _describe(rule: dict[str, Any], points: Decimal, veto: bool, kw: dict[str, Any]) -> str:
    kind = rule.get("type")
    found = rule_measures(rule, **kw) if kind in METRIC_KINDS else []
    m = found[0].label() if found else ""
    if kind == "manual":
        return _("Scored by people against the guidance.")
    if kind == "checklist":
        return _("The sum of the sub-items.")
    if kind == "fixed":
        return _("Points every union gets.")
    if kind == "threshold":
        parts = []
        if "min" in rule:
            parts.append(_("%(metric)s at least %(n)s") % {"metric": m, "n": rule["min"]})
        if "max" in rule:
            parts.append(_("%(metric)s at most %(n)s") % {"metric": m, "n": rule["max"]})
        cond = _(" and ").join(parts)
        if veto:
            return _("Vetoed unless %(cond)s.") % {"cond": cond}
        return _("Full points when %(cond)s, otherwise 0.") % {"cond": cond}
    if kind == "boolean":
        if veto:
            return _("Vetoed unless: %(metric)s.") % {"metric": m}
        return _("Full points when: %(metric)s; otherwise 0.") % {"metric": m}
    if kind == "bands":
        bands = _("; ").join(_("≥ %(at)s: %(points)s") % {"at": a, "points": p} for a, p in rule["bands"])
        return _("%(metric)s %(bands)s; below: 0.") % {"metric": m, "bands": bands}
    if kind == "proportional":
        if "step" in rule:
            return _(
                "%(metric)s ≥ %(full)s: full points; %(deduct)s off for each %(step)s short "
                "(a part counts as a whole step), down to 0."
            ) % {"metric": m, "full": rule["full_at"], "deduct": rule["deduct"], "step": rule["step"]}
        return _("In proportion to %(metric)s: %(zero)s or less gives 0, %(full)s gives full points.") % {
            "metric": m,
            "zero": rule["zero_at"],
            "full": rule["full_at"],
        }
    if kind == "deduction":
        return _per_words(rule, m) + _(", down to 0.")
    if kind == "deductions":
        base = rule.get("base", num_text(points))
        parts = []
        for d, measure in zip(rule["deductions"], rule_measures(rule, **kw), strict=True):
            if "off" in d:
                cond = measures.parse_condition(_cond_raw(d), "deductions", **kw)
                parts.append(
                    _("%(off)s off unless %(cond)s")
                    % {"off": d["off"], "cond": d.get("title") or cond.words()}
                )
            else:
                parts.append(_per_words(d, d.get("title") or measure.label()))
        return _("From %(base)s points: %(parts)s; never below 0.") % {
            "base": base,
            "parts": _("; ").join(parts),
        }
    return ""


def _per_words(rule: dict[str, Any], what: str) -> str:
    if "expected" in rule:
        text = _("%(per)s off for each one of %(metric)s short of %(expected)s") % {
            "per": rule["per"],
            "metric": what,
            "expected": rule["expected"],
        }
    else:
        text = _("%(per)s off for each one of %(metric)s") % {"per": rule["per"], "metric": what}
    if "cap" in rule:
        text += _(", at most %(cap)s off") % {"cap": rule["cap"]}
    return text
