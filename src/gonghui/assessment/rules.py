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

import difflib
import itertools
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.metrics import registry as metrics

ZERO = Decimal(0)
CENT = Decimal("0.01")
Scorer = Callable[[Any], Decimal | None]

METRIC_KINDS = ("threshold", "bands", "proportional", "deduction", "boolean")
ALL_KINDS = (*METRIC_KINDS, "checklist", "manual")
VETO_KINDS = ("threshold", "boolean", "manual")

# Names a federation may write in its own language (Excel sheets, YAML alike).
KIND_ALIASES = {
    "达标": "threshold",
    "门槛": "threshold",
    "分档": "bands",
    "比例": "proportional",
    "扣分": "deduction",
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
}
PARAMS = {
    "threshold": {"min", "max"},
    "bands": {"bands"},
    "proportional": {"full_at", "zero_at", "step", "deduct"},
    "deduction": {"per", "cap", "expected"},
    "boolean": set(),
    "checklist": set(),
    "manual": set(),
}


class RuleError(ValueError):
    """A rule is wrong; ``key`` names the part of the rule at fault (for the location)."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


def decimal_of(value: Any, key: str) -> Decimal:
    """A number from a file (int, float, "95%", "0.5"), or RuleError naming ``key``."""
    if isinstance(value, bool) or value is None:
        raise RuleError(_("%(key)s must be a number.") % {"key": key}, key)
    text = str(value).strip().rstrip("%").strip()
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise RuleError(
            _("%(key)s must be a number, not “%(value)s”.") % {"key": key, "value": value}, key
        ) from None
    if not d.is_finite():
        raise RuleError(_("%(key)s must be a number.") % {"key": key}, key)
    return d


def num_text(d: Decimal) -> str:
    """A canonical text for a number: 6, 0.5, 95.5 (no exponent, no trailing zeros)."""
    text = format(d.normalize(), "f")
    return text if text != "-0" else "0"


def kind_of(raw: Any) -> str:
    kind = str(raw or "").strip()
    return KIND_ALIASES.get(kind, kind.lower())


def check_metric(name: Any) -> str:
    name = str(name or "").strip()
    if not name:
        raise RuleError(_("The rule needs a metric."), "metric")
    if name not in metrics:
        known = [m.name for m in metrics.all()]
        close = difflib.get_close_matches(name, known, n=1)
        hint = _("; did you mean %(name)s?") % {"name": close[0]} if close else ""
        raise RuleError(_("Unknown metric %(name)s%(hint)s") % {"name": name, "hint": hint}, "metric")
    return name


def normalize(raw: Any, points: Decimal, *, veto: bool = False, has_subs: bool = False) -> dict[str, Any]:
    """The canonical form of a rule of an item worth ``points``; RuleError if it is wrong."""
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
    params = {PARAM_ALIASES.get(k, k): v for k, v in raw.items() if k not in ("type", "metric")}
    unknown = sorted(set(params) - PARAMS[kind])
    if unknown:
        raise RuleError(
            _("Unknown setting %(key)s for a %(type)s rule; it takes: %(keys)s.")
            % {"key": unknown[0], "type": kind, "keys": ", ".join(sorted(PARAMS[kind])) or "—"},
            unknown[0],
        )
    rule: dict[str, Any] = {"type": kind}
    if kind in METRIC_KINDS:
        rule["metric"] = check_metric(raw.get("metric"))
    elif raw.get("metric"):
        raise RuleError(_("A %(type)s rule takes no metric.") % {"type": kind}, "metric")
    _NORMALIZERS.get(kind, lambda r, p, pts: None)(rule, params, points)
    return rule


def _threshold(rule: dict, params: dict, points: Decimal) -> None:
    lo = decimal_of(params["min"], "min") if params.get("min") is not None else None
    hi = decimal_of(params["max"], "max") if params.get("max") is not None else None
    if lo is None and hi is None:
        raise RuleError(_("A threshold rule needs min or max."), "min")
    if lo is not None and hi is not None and lo > hi:
        raise RuleError(_("min cannot be above max."), "min")
    if lo is not None:
        rule["min"] = num_text(lo)
    if hi is not None:
        rule["max"] = num_text(hi)


def _bands(rule: dict, params: dict, points: Decimal) -> None:
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
    rule["bands"] = [[num_text(a), num_text(p)] for a, p in bands]


def _proportional(rule: dict, params: dict, points: Decimal) -> None:
    if params.get("full_at") is None:
        raise RuleError(_("A proportional rule needs full_at (the value that earns full points)."), "full_at")
    full = decimal_of(params["full_at"], "full_at")
    rule["full_at"] = num_text(full)
    stepped = params.get("step") is not None or params.get("deduct") is not None
    if stepped:
        if params.get("zero_at") is not None:
            raise RuleError(_("Use either zero_at or step and deduct, not both."), "zero_at")
        step = decimal_of(params.get("step"), "step")
        deduct = decimal_of(params.get("deduct"), "deduct")
        if step <= 0 or deduct <= 0:
            raise RuleError(_("step and deduct must be above 0."), "step")
        rule["step"], rule["deduct"] = num_text(step), num_text(deduct)
    else:
        zero = decimal_of(params.get("zero_at", 0), "zero_at")
        if zero >= full:
            raise RuleError(_("zero_at must be below full_at."), "zero_at")
        rule["zero_at"] = num_text(zero)


def _deduction(rule: dict, params: dict, points: Decimal) -> None:
    per = decimal_of(params.get("per"), "per")
    if per <= 0:
        raise RuleError(_("per (points off each time) must be above 0."), "per")
    rule["per"] = num_text(per)
    if params.get("cap") is not None:
        cap = decimal_of(params["cap"], "cap")
        if cap <= 0:
            raise RuleError(_("cap must be above 0."), "cap")
        rule["cap"] = num_text(cap)
    if params.get("expected") is not None:
        expected = decimal_of(params["expected"], "expected")
        if expected <= 0:
            raise RuleError(_("expected must be above 0."), "expected")
        rule["expected"] = num_text(expected)


_NORMALIZERS: dict[str, Callable[[dict, dict, Decimal], None]] = {
    "threshold": _threshold,
    "bands": _bands,
    "proportional": _proportional,
    "deduction": _deduction,
}


# ---- scoring -------------------------------------------------------------
def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(str(value))


def compile_rule(rule: dict[str, Any], points: Decimal) -> Scorer:
    """value → points (Decimal); None for manual and checklist items. Unknown values score 0."""
    kind = rule.get("type")
    if kind == "threshold":
        lo = Decimal(rule["min"]) if "min" in rule else None
        hi = Decimal(rule["max"]) if "max" in rule else None

        def threshold(v: Any) -> Decimal:
            n = _number(v)
            if n is None or (lo is not None and n < lo) or (hi is not None and n > hi):
                return ZERO
            return points

        return threshold
    if kind == "bands":
        bands = [(Decimal(a), Decimal(p)) for a, p in rule["bands"]]

        def banded(v: Any) -> Decimal:
            n = _number(v)
            if n is not None:
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
                if n is None:
                    return ZERO
                if n >= full:
                    return points
                steps = math.ceil((full - n) / step)  # a part of a step counts as a whole one
                return max(ZERO, points - steps * deduct)

            return stepped
        zero = Decimal(rule["zero_at"])
        span = full - zero

        def linear(v: Any) -> Decimal:
            n = _number(v)
            if n is None or n <= zero:
                return ZERO
            if n >= full:
                return points
            return (points * (n - zero) / span).quantize(CENT, ROUND_HALF_UP)

        return linear
    if kind == "deduction":
        per = Decimal(rule["per"])
        cap = Decimal(rule["cap"]) if "cap" in rule else None
        expected = Decimal(rule["expected"]) if "expected" in rule else None

        def deducted(v: Any) -> Decimal:
            n = _number(v) or ZERO
            times = max(ZERO, expected - n) if expected is not None else max(ZERO, n)
            off = times * per
            if cap is not None and off > cap:
                off = cap
            return max(ZERO, points - off)

        return deducted
    if kind == "boolean":

        def boolean(v: Any) -> Decimal:
            return points if v and (not isinstance(v, int | Decimal) or v > 0) else ZERO

        return boolean
    return lambda v: None


# ---- words ---------------------------------------------------------------
def metric_label(name: str) -> str:
    return str(metrics.get(name).label) if name in metrics else name


def describe(rule: dict[str, Any], points: Decimal, *, veto: bool = False) -> str:
    """The rule in a sentence, for the assessment sheet."""
    kind = rule.get("type")
    m = metric_label(rule["metric"]) if "metric" in rule else ""
    if kind == "manual":
        return _("Scored by people against the guidance.")
    if kind == "checklist":
        return _("The sum of the sub-items.")
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
        if "expected" in rule:
            text = _("%(per)s off for each one of %(metric)s short of %(expected)s") % {
                "per": rule["per"],
                "metric": m,
                "expected": rule["expected"],
            }
        else:
            text = _("%(per)s off for each one of %(metric)s") % {"per": rule["per"], "metric": m}
        if "cap" in rule:
            text += _(", at most %(cap)s off") % {"cap": rule["cap"]}
        return text + _(", down to 0.")
    return ""
