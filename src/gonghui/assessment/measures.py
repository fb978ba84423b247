"""What a rule may read: a registered metric, or a measure derived from the records.

A rule, a gate or a deduction names one *measure* with these keys (docs/standards.md):

- ``metric: name`` — a registered metric (``core.metrics``);
- ``ratio: [a, b]`` — a ÷ b of two metrics, as a percentage;
- ``count: <record type>`` / ``sum: <record type>.<field>``, with ``where: {field: values}`` —
  the records of one type in the period, over the fields the type declares filterable;
- ``share: {metric: name, min|max|is: …, of: children|subtree, types: […], unit_kinds: […]}`` —
  the percentage of the unions below for which the condition holds;
- ``target: metric`` — the union's value ÷ the target its federation set for the campaign;
- ``reported: key`` — a value the union reported with the item (alone, or beside another
  source: read when the records give nothing);
- modifiers ``every: quarter|half`` (the smallest value of the year's quarters or halves, so
  that ``min: 1`` means "each quarter at least once") and ``years: N`` (the N years up to the
  campaign's, so that ``max: 0`` means "none in N years").

``parse`` checks such keys as read from a file (RuleError naming the key) and returns the
canonical keys and a ``Measure``; ``compute_all`` computes many measures for every union of
a campaign at once, each with a few set-based queries whatever the number of unions. A value
the records cannot give is None, with the reason kept per union.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from gonghui.assessment.fields import kind_of_field, number_of
from gonghui.assessment.numbers import RuleError, decimal_of
from gonghui.assessment.targets import target_values
from gonghui.core.metrics import Kind, Period, Values, compute, per_org_each
from gonghui.core.metrics import registry as metrics
from gonghui.core.records import registry as records
from gonghui.core.sensitivity import sensitive_fields
from gonghui.orgs.models import Organization, OrgType, UnitKind

SOURCES = ("metric", "ratio", "count", "sum", "share", "target", "reported")
MODIFIERS = ("where", "every", "years")
KEYS = (*SOURCES, *MODIFIERS)
COMPARISONS = ("min", "max", "is")
SHARE_KEYS = {"metric", "ratio", "count", "sum", "where", *COMPARISONS, "of", "types", "unit_kinds"}
EVERY = {"quarter": 4, "half": 2, "季度": 4, "每季度": 4, "半年": 2}
MAX_YEARS = 10
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# A reason a value is unknown, kept per union: (code, argument).
Reason = tuple[str, str]


class MeasureError(ValueError):
    """Raised by ``parse``; the rules module turns it into its RuleError."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def _metric_name(raw: Any, key: str) -> str:
    name = str(raw or "").strip()
    if not name:
        raise MeasureError(_("%(key)s needs a metric.") % {"key": key}, key)
    if name not in metrics:
        close = difflib.get_close_matches(name, [m.name for m in metrics.all()], n=1)
        hint = _("; did you mean %(name)s?") % {"name": close[0]} if close else ""
        raise MeasureError(_("Unknown metric %(name)s%(hint)s") % {"name": name, "hint": hint}, key)
    return name


# ---- the measure ----------------------------------------------------------------
@dataclass(frozen=True)
class Condition:
    """A measure compared: at least ``min``, at most ``max``, or a yes/no equal to ``is``."""

    measure: Measure
    low: Decimal | None = None
    high: Decimal | None = None
    expect: bool | None = None  # for yes/no measures

    def holds(self, value: Any) -> bool:
        if value is None:
            return False
        if self.expect is not None:
            return bool(value) is self.expect
        n = Decimal(value) if not isinstance(value, Decimal) else value
        return (self.low is None or n >= self.low) and (self.high is None or n <= self.high)

    def words(self) -> str:
        label = self.measure.label()
        if self.expect is not None:
            return label if self.expect else _("not: %(what)s") % {"what": label}
        parts = []
        if self.low is not None:
            parts.append(_("%(what)s at least %(n)s") % {"what": label, "n": _num(self.low)})
        if self.high is not None:
            parts.append(_("%(what)s at most %(n)s") % {"what": label, "n": _num(self.high)})
        return _(" and ").join(parts)


@dataclass(frozen=True)
class Measure:
    source: str
    name: str = ""  # the metric (metric, target), the record type (count, sum) or the field (reported)
    other: str = ""  # ratio: the base metric; sum: the summed field
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    every: int = 0  # 4 (quarters) or 2 (halves)
    years: int = 0
    share: Share | None = None
    reported: str = ""  # a reported field read when the records give nothing
    item: str = ""  # the item whose reported values are read
    field_type: str = ""  # the reported field's type
    field_label: str = ""

    @property
    def key(self) -> str:
        """The measure's name in the computed columns: a plain metric keeps its own name."""
        if self.source == "metric" and not (self.every or self.years or self.reported):
            return self.name
        return json.dumps(canonical(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def kind(self) -> str:
        if self.source in ("ratio", "share", "target"):
            return Kind.RATE
        if self.source == "metric":
            return metrics.get(self.name).kind
        if self.source == "reported":
            return kind_of_field(self.field_type)
        if self.source == "count":
            return Kind.COUNT
        f = _model_field(self.name, self.other)
        return Kind.AMOUNT if isinstance(f, models.DecimalField) else Kind.COUNT

    def label(self) -> str:
        text = self._label()
        if self.every:
            text = (_("%(what)s in each quarter") if self.every == 4 else _("%(what)s in each half-year")) % {
                "what": text
            }
        if self.years:
            text = _("%(what)s over %(n)s years") % {"what": text, "n": self.years}
        return text

    def _label(self) -> str:
        if self.source == "metric":
            return str(metrics.get(self.name).label)
        if self.source == "ratio":
            return _("%(a)s ÷ %(b)s") % {
                "a": metrics.get(self.name).label,
                "b": metrics.get(self.other).label,
            }
        if self.source == "target":
            return _("%(what)s against its target") % {"what": metrics.get(self.name).label}
        if self.source == "reported":
            return _("reported: %(label)s") % {"label": self.field_label}
        if self.source == "share":
            assert self.share is not None
            return _("share of the unions below where %(cond)s") % {"cond": self.share.condition.words()}
        rt = records.get(self.name)
        what = str(rt.verbose_name_plural)
        if self.where:
            what += "（" + "；".join(_where_words(rt.model, f, v) for f, v in self.where) + "）"
        if self.source == "count":
            return _("number of %(what)s") % {"what": what}
        return _("%(field)s of %(what)s, added up") % {
            "field": _model_field(self.name, self.other).verbose_name,
            "what": what,
        }


@dataclass(frozen=True)
class Share:
    condition: Condition
    of: str = "subtree"  # "children" (direct) or "subtree" (all unions below)
    types: tuple[str, ...] = ()
    unit_kinds: tuple[str, ...] = ()


def _num(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text if text != "-0" else "0"


def canonical(m: Measure) -> dict[str, Any]:
    """The measure's keys as written into the stored definition."""
    out: dict[str, Any] = {}
    if m.source == "metric":
        out["metric"] = m.name
    elif m.source == "ratio":
        out["ratio"] = [m.name, m.other]
    elif m.source == "count":
        out["count"] = m.name
    elif m.source == "sum":
        out["sum"] = f"{m.name}.{m.other}"
    elif m.source == "target":
        out["target"] = m.name
    elif m.source == "reported":
        out["reported"] = m.name
    elif m.source == "share":
        assert m.share is not None
        s = m.share
        inner = {**canonical(s.condition.measure), **condition_keys(s.condition), "of": s.of}
        if s.types:
            inner["types"] = list(s.types)
        if s.unit_kinds:
            inner["unit_kinds"] = list(s.unit_kinds)
        out["share"] = inner
    if m.where:
        out["where"] = {f: list(v) for f, v in m.where}
    if m.every:
        out["every"] = "quarter" if m.every == 4 else "half"
    if m.years:
        out["years"] = m.years
    if m.reported:
        out["reported"] = m.reported
    return out


def condition_keys(c: Condition) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.expect is not None:
        out["is"] = c.expect
    if c.low is not None:
        out["min"] = _num(c.low)
    if c.high is not None:
        out["max"] = _num(c.high)
    return out


# ---- reading from a file ------------------------------------------------------------
def _record_type(slug: Any, key: str) -> Any:
    slug = str(slug or "").strip()
    try:
        return records.get(slug)
    except KeyError:
        close = difflib.get_close_matches(slug, [rt.slug for rt in records], n=1)
        hint = _("; did you mean %(name)s?") % {"name": close[0]} if close else ""
        raise MeasureError(
            _("Unknown record type %(name)s%(hint)s") % {"name": slug, "hint": hint}, key
        ) from None


def _model_field(slug: str, name: str) -> Any:
    return records.get(slug).model._meta.get_field(name)


def _where_words(model: type[models.Model], name: str, values: tuple[str, ...]) -> str:
    f = model._meta.get_field(name)
    labels = dict(f.choices or [])
    shown = "、".join(str(labels.get(v, v)) for v in values)
    return f"{f.verbose_name}：{shown}"


def filterable(rt: Any) -> list[str]:
    """The fields ``where:`` may filter a record type by: those its list page filters by, less
    the personal ones (a count by illness or income would tell them about a small union)."""
    personal = sensitive_fields(rt.model)
    return [f for f in rt.list_filters if "__" not in f and f not in personal]


def summable(rt: Any) -> list[str]:
    """The numeric fields ``sum:`` may add up, less the personal ones."""
    personal = sensitive_fields(rt.model)
    return [
        f.name
        for f in rt.model._meta.get_fields()
        if isinstance(f, models.IntegerField | models.DecimalField)
        and f.concrete
        and not f.primary_key
        and f.name not in personal
        and f.name != "year"
    ]


def _where(rt: Any, raw: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``where: {field: value or [values]}`` over the type's filterable fields; choice values
    may be written by their Chinese label."""
    if not isinstance(raw, dict) or not raw:
        raise MeasureError(_("where is a mapping {field: value or [values]}."), "where")
    allowed = filterable(rt)
    out = []
    for name, value in raw.items():
        if name not in allowed:
            raise MeasureError(
                _("%(type)s can be filtered by: %(fields)s, not %(name)s.")
                % {"type": rt.verbose_name_plural, "fields": ", ".join(allowed) or "—", "name": name},
                "where",
            )
        f = rt.model._meta.get_field(name)
        values = value if isinstance(value, list) else [value]
        if not values:
            raise MeasureError(_("where %(name)s needs at least one value.") % {"name": name}, "where")
        picked = []
        for v in values:
            text = "true" if v is True else "false" if v is False else str(v).strip()
            if f.choices:
                by_label = {str(label): key for key, label in f.choices}
                keys = {str(key) for key, _label in f.choices}
                if text in by_label:
                    text = str(by_label[text])
                elif text not in keys:
                    raise MeasureError(
                        _("%(value)s is not a value of %(field)s; it takes: %(values)s.")
                        % {
                            "value": v,
                            "field": name,
                            "values": "、".join(f"{k}（{label}）" for k, label in f.choices),
                        },
                        "where",
                    )
            elif isinstance(f, models.BooleanField) and text not in ("true", "false"):
                raise MeasureError(_("%(field)s is true or false.") % {"field": name}, "where")
            picked.append(text)
        out.append((name, tuple(sorted(set(picked)))))
    return tuple(sorted(out))


def _positive_int(raw: Any, key: str, top: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip().isdigit():
        raise MeasureError(_("%(key)s is a whole number from 1 to %(n)s.") % {"key": key, "n": top}, key)
    n = int(str(raw).strip())
    if not 1 <= n <= top:
        raise MeasureError(_("%(key)s is a whole number from 1 to %(n)s.") % {"key": key, "n": top}, key)
    return n


def parse(raw: dict[str, Any], *, item: str = "", fields: Iterable[dict[str, str]] = ()) -> Measure | None:
    """The measure named by the keys of ``raw`` (a rule, a gate, a deduction), or None if it
    names none. ``fields`` are the reported fields of the item the measure belongs to."""
    given = [k for k in SOURCES if raw.get(k) not in (None, "")]
    reported_key = raw.get("reported")
    if "reported" in given and len(given) > 1:
        given.remove("reported")  # reported beside another source: the fallback
    else:
        reported_key = None
    if not given:
        for k in MODIFIERS:
            if raw.get(k) is not None:
                raise MeasureError(_("%(key)s needs a measure (metric, count …).") % {"key": k}, k)
        return None
    if len(given) > 1:
        raise MeasureError(
            _("A rule reads one measure, not %(keys)s.") % {"keys": " and ".join(given)}, given[1]
        )
    source = given[0]
    value = raw[source]
    m: dict[str, Any] = {"source": source}
    if source in ("metric", "target"):
        m["name"] = _metric_name(value, source)
    elif source == "ratio":
        if not isinstance(value, list) or len(value) != 2:
            raise MeasureError(_("ratio is a pair [part, base] of metrics."), "ratio")
        m["name"], m["other"] = _metric_name(value[0], "ratio"), _metric_name(value[1], "ratio")
        families = {metrics.get(n).kind in (Kind.AMOUNT,) for n in value}
        if len(families) > 1:
            raise MeasureError(
                _("A ratio compares like with like: money with money, counts with counts."), "ratio"
            )
    elif source == "count":
        m["name"] = _record_type(value, "count").slug
    elif source == "sum":
        slug, _dot, name = str(value).partition(".")
        rt = _record_type(slug, "sum")
        numeric = summable(rt)
        if name not in numeric:
            raise MeasureError(
                _("sum is <record type>.<field>; %(type)s can add up: %(fields)s.")
                % {"type": rt.slug, "fields": ", ".join(numeric) or "—"},
                "sum",
            )
        m["name"], m["other"] = rt.slug, name
    elif source == "reported":
        m.update(_reported(value, item, fields, "reported"))
    elif source == "share":
        m["share"] = _share(value)
    if raw.get("where") is not None:
        if source not in ("count", "sum"):
            raise MeasureError(_("where goes with count or sum."), "where")
        m["where"] = _where(records.get(m["name"]), raw["where"])
    for key, top in (("every", 0), ("years", MAX_YEARS)):
        if raw.get(key) is None:
            continue
        if source not in ("metric", "count", "sum"):
            raise MeasureError(_("%(key)s goes with metric, count or sum.") % {"key": key}, key)
        if key == "every":
            every = EVERY.get(str(raw["every"]).strip())
            if every is None:
                raise MeasureError(_("every is quarter or half."), "every")
            m["every"] = every
        else:
            m["years"] = _positive_int(raw["years"], "years", top)
    if m.get("every") and m.get("years"):
        raise MeasureError(_("Use every or years, not both."), "every")
    if reported_key is not None:
        if source not in ("metric", "count", "sum"):
            raise MeasureError(_("reported goes beside metric, count or sum."), "reported")
        r = _reported(reported_key, item, fields, "reported")
        m["reported"], m["item"], m["field_type"], m["field_label"] = (
            r["name"],
            item,
            r["field_type"],
            r["field_label"],
        )
    measure = Measure(**m)
    if measure.reported and kind_of_field(measure.field_type) != measure.kind:
        raise MeasureError(
            _("The reported field %(key)s does not measure the same kind of thing as the records.")
            % {"key": measure.reported},
            "reported",
        )
    return measure


def _reported(value: Any, item: str, fields: Iterable[dict[str, str]], key: str) -> dict[str, Any]:
    by_key = {f["key"]: f for f in fields}
    name = str(value or "").strip()
    if name not in by_key:
        raise MeasureError(
            _("reported names one of the item's fields: %(keys)s.") % {"keys": ", ".join(by_key) or "—"},
            key,
        )
    return {
        "name": name,
        "item": item,
        "field_type": by_key[name]["type"],
        "field_label": by_key[name]["label"],
    }


def parse_condition(raw: dict[str, Any], key: str, **kw: Any) -> Condition:
    """A measure with ``min``, ``max`` or (for a yes/no measure) ``is``; a yes/no measure
    alone means "yes"."""
    measure = parse(raw, **kw)
    if measure is None:
        raise MeasureError(_("A condition needs a measure (metric, count …)."), key)
    kind = measure.kind
    if kind == Kind.BOOL:
        if raw.get("min") is not None or raw.get("max") is not None:
            raise MeasureError(
                _("%(what)s is a yes/no measure: write is: true or is: false, not min or max.")
                % {"what": measure.label()},
                "min",
            )
        expect = raw.get("is", True)
        if not isinstance(expect, bool):
            raise MeasureError(_("is is true or false."), "is")
        return Condition(measure, expect=expect)
    if raw.get("is") is not None:
        raise MeasureError(
            _("is goes with a yes/no measure; %(what)s takes min or max.") % {"what": measure.label()}, "is"
        )
    try:
        low = decimal_of(raw["min"], "min") if raw.get("min") is not None else None
        high = decimal_of(raw["max"], "max") if raw.get("max") is not None else None
    except RuleError as e:
        raise MeasureError(str(e), e.key) from None
    if low is None and high is None:
        raise MeasureError(_("A condition on %(what)s needs min or max.") % {"what": measure.label()}, "min")
    if low is not None and high is not None and low > high:
        raise MeasureError(_("min cannot be above max."), "min")
    check_scale(measure, [("min", low), ("max", high)])
    return Condition(measure, low=low, high=high)


def check_scale(measure: Measure, numbers: Iterable[tuple[str, Decimal | None]]) -> None:
    """A rate is a percentage: a threshold of 0.95 was meant as 95."""
    if measure.kind != Kind.RATE:
        return
    for key, n in numbers:
        if n is not None and 0 < n < 1:
            raise MeasureError(
                _("%(what)s is a percentage (0–100): %(n)s means %(n)s %%. Did you mean %(hundred)s?")
                % {"what": measure.label(), "n": _num(n), "hundred": _num(n * 100)},
                key,
            )


def _share(raw: Any) -> Share:
    if not isinstance(raw, dict):
        raise MeasureError(_("share is a mapping {metric: …, min: …, of: children or subtree}."), "share")
    unknown = sorted(set(raw) - SHARE_KEYS)
    if unknown:
        raise MeasureError(
            _("unknown key %(key)s in share; allowed: %(keys)s.")
            % {"key": unknown[0], "keys": ", ".join(sorted(SHARE_KEYS))},
            "share",
        )
    inner = {k: v for k, v in raw.items() if k not in ("of", "types", "unit_kinds")}
    try:
        condition = parse_condition(inner, "share")
    except MeasureError as e:
        raise MeasureError(str(e), "share") from None
    of = str(raw.get("of") or "subtree").strip()
    of = {"直属": "children", "下级": "children", "全部": "subtree", "所有": "subtree"}.get(of, of)
    if of not in ("children", "subtree"):
        raise MeasureError(_("of is children (the unions directly below) or subtree (all below)."), "share")
    types = _choice_list(raw.get("types"), OrgType, "types")
    kinds = _choice_list(raw.get("unit_kinds"), UnitKind, "unit_kinds")
    return Share(condition, of, types, kinds)


def _choice_list(raw: Any, choices: Any, key: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    by_label = {str(label): value for value, label in choices.choices}
    out = []
    for v in values:
        text = by_label.get(str(v).strip(), str(v).strip())
        if text not in choices.values:
            raise MeasureError(
                _("%(key)s takes: %(values)s.") % {"key": key, "values": ", ".join(choices.values)}, "share"
            )
        out.append(text)
    return tuple(sorted(set(out)))


# ---- computing -------------------------------------------------------------------------
@dataclass
class Column:
    """One measure for every union: values, why some are unknown, which came from the union's report."""

    values: Values
    reasons: dict[int, Reason] = field(default_factory=dict)
    self_reported: set[int] = field(default_factory=set)


@dataclass
class Context:
    """What a scoring run knows: the unions (pk, path, depth, type), the campaign and year, and
    the values the unions reported ({item code: {org id: {key: text}}})."""

    orgs: QuerySet
    year: int
    campaign_id: int | None = None
    reported: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    _ids: list[int] | None = None
    _cache: dict[tuple[str, Period], Values] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self.orgs.order_by().values_list("pk", flat=True))
        return self._ids

    def metric(self, name: str, period: Period) -> Values:
        key = (name, period)
        if key not in self._cache:
            self.prefetch([key])
        return self._cache[key]

    def prefetch(self, wanted: Iterable[tuple[str, Period]]) -> None:
        """Compute the metrics of each period in one ``compute`` call (one read of the unions)."""
        by_period: dict[Period, list[str]] = {}
        for name, period in wanted:
            if (name, period) not in self._cache:
                by_period.setdefault(period, []).append(name)
        for period, names in by_period.items():
            for name, values in compute(self.orgs, period, sorted(set(names))).items():
                self._cache[(name, period)] = values


def _metrics_read(m: Measure, year: int) -> list[tuple[str, Period]]:
    """The (metric, period) pairs a measure reads of the unions themselves."""
    if m.source == "metric":
        return [(m.name, p) for p in periods(m, year)]
    if m.source == "ratio":
        return [(m.name, Period.year(year)), (m.other, Period.year(year))]
    if m.source == "target":
        return [(m.name, Period.year(year))]
    return []


def periods(m: Measure, year: int) -> list[Period]:
    if m.years:
        return [Period(dt.date(year - m.years + 1, 1, 1), dt.date(year, 12, 31))]
    if m.every:
        months = 12 // m.every
        out = []
        for i in range(m.every):
            start = dt.date(year, 1 + i * months, 1)
            end_month = (i + 1) * months
            end = (
                dt.date(year, 12, 31)
                if end_month == 12
                else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
            )
            out.append(Period(start, end))
        return out
    return [Period.year(year)]


def _smallest(columns: list[Values], ids: list[int]) -> Values:
    out: Values = {}
    for pk in ids:
        vals = [c.get(pk) for c in columns]
        out[pk] = None if any(v is None for v in vals) else min(vals)
    return out


def _records_qs(m: Measure, period: Period) -> tuple[QuerySet, str]:
    rt = records.get(m.name)
    qs = rt.model.objects.all()
    date_field = getattr(rt, "period_field", "")
    if date_field:
        qs = qs.filter(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end})
    for name, values in m.where:
        f = rt.model._meta.get_field(name)
        if isinstance(f, models.BooleanField):
            qs = qs.filter(**{f"{name}__in": [v == "true" for v in values]})
        else:
            qs = qs.filter(**{f"{name}__in": list(values)})
    path = f"{rt.org_field}__path" if rt.org_field else "path"
    return qs, path


def evidence(m: Measure, org: Any, year: int) -> QuerySet | None:
    """The records behind a count or sum, for the links on the sheet; None for other measures."""
    if m.source == "metric" and not m.years and not m.every:
        ev = metrics.get(m.name).evidence
        return ev(org, Period.year(year)) if ev else None
    if m.source not in ("count", "sum"):
        return None
    period = periods(m, year)
    qs, path = _records_qs(m, Period(period[0].start, period[-1].end))
    return qs.filter(**{f"{path}__startswith": org.path})


def _records(m: Measure, ctx: Context, spans: list[Period]) -> list[Values]:
    """A count or sum per union for each of ``spans`` (the quarters of a year …), in one grouped
    query per depth of the unions: one filtered aggregate per span over the rows of them all."""
    qs, path = _records_qs(m, Period(spans[0].start, spans[-1].end))
    date_field = getattr(records.get(m.name), "period_field", "")
    if not date_field:  # the type has no date: every span holds every record
        spans = spans[:1]
    aggregates = {}
    for i, span in enumerate(spans):
        only = (
            Q(**{f"{date_field}__gte": span.start, f"{date_field}__lte": span.end})
            if len(spans) > 1
            else None
        )
        aggregates[f"p{i}"] = Count("pk", filter=only) if m.source == "count" else Sum(m.other, filter=only)
    raw = per_org_each(qs, ctx.orgs, aggregates, path_field=path)
    zero: Any = 0 if m.kind == Kind.COUNT else Decimal("0.00")
    return [{pk: raw[name].get(pk) or zero for pk in ctx.ids} for name in aggregates]


def _basic(m: Measure, ctx: Context) -> Column:
    """metric, count or sum over the measure's period(s)."""
    spans = periods(m, ctx.year)
    if m.source == "metric":
        columns = [ctx.metric(m.name, period) for period in spans]
    else:
        columns = _records(m, ctx, spans)
    values = columns[0] if len(columns) == 1 else _smallest(columns, ctx.ids)
    col = Column(dict(values))
    for pk, v in col.values.items():
        if v is None:
            col.reasons[pk] = ("metric", m.name)
    return col


def _ratio(m: Measure, ctx: Context) -> Column:
    period = Period.year(ctx.year)
    part, base = ctx.metric(m.name, period), ctx.metric(m.other, period)
    col = Column({})
    for pk in ctx.ids:
        a, b = part.get(pk), base.get(pk)
        if b is None or b == 0:
            col.values[pk] = None
            col.reasons[pk] = ("base", m.other)
        elif a is None:
            col.values[pk] = None
            col.reasons[pk] = ("metric", m.name)
        else:
            col.values[pk] = (Decimal(a) * HUNDRED / Decimal(b)).quantize(CENT, ROUND_HALF_UP)
    return col


def _target(m: Measure, ctx: Context) -> Column:
    actual = ctx.metric(m.name, Period.year(ctx.year))
    pairs = list(ctx.orgs.order_by().values_list("pk", "org_type"))
    goals = target_values(ctx.campaign_id, m.name, pairs) if ctx.campaign_id else {}
    col = Column({})
    for pk, _type in pairs:
        goal, a = goals.get(pk), actual.get(pk)
        if not goal:
            col.values[pk] = None
            col.reasons[pk] = ("target", m.name)
        elif a is None:
            col.values[pk] = None
            col.reasons[pk] = ("metric", m.name)
        else:
            col.values[pk] = (Decimal(a) * HUNDRED / Decimal(goal)).quantize(CENT, ROUND_HALF_UP)
    return col


def _share_of(m: Measure, ctx: Context) -> Column:
    """Set-based over the unions below every target: one query for them (the targets' paths as
    subqueries, one per depth, never as a list of parameters), one computation of the
    condition's measure for all of them, then counted per target in memory. The number of
    queries does not grow with the number of targets."""
    assert m.share is not None
    s = m.share
    steplen = Organization.steplen
    targets = list(ctx.orgs.order_by().values_list("pk", "path", "depth"))
    below = Organization.objects.unscoped("a share counts the unions below each union").filter(
        status="active"
    )
    if s.types:
        below = below.filter(org_type__in=s.types)
    if s.unit_kinds:
        below = below.filter(unit_kind__in=s.unit_kinds)
    depths = sorted({d for _pk, _p, d in targets})
    found: list[tuple[int, str, int]] = []
    if depths:
        ancestors: dict[str, Any] = {}
        under = Q()
        for depth in depths:
            name = f"_anc{depth}"
            ancestors[name] = Substr("path", 1, depth * steplen)
            paths = ctx.orgs.filter(depth=depth).order_by().values("path")
            deeper = Q(depth=depth + 1) if s.of == "children" else Q(depth__gt=depth)
            under |= Q(**{f"{name}__in": paths}) & deeper
        below = below.annotate(**ancestors).filter(under)
        found = list(below.order_by().values_list("pk", "path", "depth"))
    col = Column({})
    if found:
        inner_ctx = Context(
            Organization.objects.unscoped("the unions below, for a share").filter(
                pk__in=below.order_by().values("pk")
            ),
            ctx.year,
            ctx.campaign_id,
            _ids=[pk for pk, _p, _d in found],
        )
        inner = compute_all({"c": s.condition.measure}, inner_ctx)["c"].values
    else:
        inner = {}
    by_target: dict[str, list[int]] = {}
    target_paths = {p for _pk, p, _d in targets}
    for pk, path, _depth in found:
        # of children: its parent alone counts it; of the subtree: every target above it (a
        # federation and its township alike)
        cuts = [len(path) - steplen] if s.of == "children" else range(steplen, len(path), steplen)
        for cut in cuts:
            if path[:cut] in target_paths:
                by_target.setdefault(path[:cut], []).append(pk)
    for pk, path, _depth in targets:
        members = by_target.get(path, [])
        if not members:
            col.values[pk] = None
            col.reasons[pk] = ("none_below", "")
            continue
        held = sum(1 for u in members if s.condition.holds(inner.get(u)))
        col.values[pk] = (Decimal(held) * HUNDRED / Decimal(len(members))).quantize(CENT, ROUND_HALF_UP)
    return col


def _reported_values(m: Measure, ctx: Context) -> dict[int, Any]:
    by_org = ctx.reported.get(m.item, {})
    key = m.name if m.source == "reported" else m.reported
    out = {}
    for pk, values in by_org.items():
        v = number_of(m.field_type, values.get(key))
        if v is not None:
            out[pk] = v
    return out


def _reported_only(m: Measure, ctx: Context) -> Column:
    given = _reported_values(m, ctx)
    col = Column({pk: given.get(pk) for pk in ctx.ids}, self_reported=set(given))
    for pk in ctx.ids:
        if pk not in given:
            col.reasons[pk] = ("reported", m.field_label)
    return col


COMPUTERS: dict[str, Callable[[Measure, Context], Column]] = {
    "metric": _basic,
    "count": _basic,
    "sum": _basic,
    "ratio": _ratio,
    "target": _target,
    "share": _share_of,
    "reported": _reported_only,
}


def compute_all(wanted: dict[str, Measure], ctx: Context) -> dict[str, Column]:
    """{measure key: Column} for every union of ``ctx``; a metric read by several measures for
    the same period is computed once."""
    out: dict[str, Column] = {}
    ctx.prefetch(pair for m in wanted.values() for pair in _metrics_read(m, ctx.year))
    for key, m in wanted.items():
        col = COMPUTERS[m.source](m, ctx)
        if m.reported:
            # The union's report stands in where the records give nothing (no record, no value).
            for pk, v in _reported_values(m, ctx).items():
                if not col.values.get(pk):
                    col.values[pk] = v
                    col.reasons.pop(pk, None)
                    col.self_reported.add(pk)
        out[key] = col
    return out


def reason_entry(reason: Any, org: Any, year: int) -> tuple[str, str] | None:
    """Where the figure a reason misses is entered (the employees of ``year``): (url, words)."""
    if not reason or reason[0] not in ("base", "metric") or len(reason) < 2:
        return None
    m = metrics.get(reason[1]) if reason[1] in metrics else None
    return m.entered_at.link(org, year) if m is not None and m.entered_at is not None else None


def reason_text(reason: Any, year: int) -> str:
    """Why a value is unknown, in a sentence: "2026 年职工人数未填写"."""
    if not reason:
        return ""
    code, arg = reason[0], reason[1] if len(reason) > 1 else ""
    label = str(metrics.get(arg).label) if arg in metrics else arg
    if code == "base":
        return _("%(year)s: %(what)s is not entered or is 0.") % {"year": year, "what": label}
    if code == "metric":
        m = metrics.get(arg) if arg in metrics else None
        why = getattr(m, "unknown", "") if m else ""
        if why:
            return _("%(year)s: %(why)s") % {"year": year, "why": why}
        return _("%(year)s: %(what)s cannot be computed from the records.") % {"year": year, "what": label}
    if code == "target":
        return _("No target for %(what)s is set for this campaign.") % {"what": label}
    if code == "none_below":
        return _("There is no union below to count.")
    if code == "reported":
        return _("“%(what)s” is not reported.") % {"what": arg}
    return str(reason)
