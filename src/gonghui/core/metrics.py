"""THE metrics registry: every statistic of a union for a period, computed in one place.

A metric is a function of (a set of organizations, a period) → {organization id: value},
computed for all of them with a few set-based queries (never one query per union),
plus optionally the records it counted, for evidence links. The assessment engine,
the union pages, the dashboards and the reports all read metrics from here, so a
number is computed once.

Apps declare their metrics in ``<app>/metrics.py`` with ``@metric(...)``; the module is
imported by ``load_metrics()``. A union's metric covers its whole subtree (the union,
its branches and groups): ``per_org()`` does the set-based subtree roll-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Model, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from gonghui.core.discovery import app_modules
from gonghui.core.formats import money_text
from gonghui.core.scope import org_model, subtree_q

Values = dict[int, Any]


@dataclass(frozen=True)
class Period:
    """A closed date range; state metrics (member counts ...) are taken at ``end``."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def as_of(cls, day: dt.date) -> Period:
        return cls(dt.date(day.year, 1, 1), day)

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return (
                str(self.start.year)
                if self.start.year == self.end.year
                else f"{self.start.year}–{self.end.year}"
            )
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


class Kind:
    COUNT = "count"  # a whole number
    RATE = "rate"  # a percentage 0–100 (Decimal, two places); None when the base is unknown
    BOOL = "bool"
    AMOUNT = "amount"  # yuan (Decimal, two places)
    NUMBER = "number"  # any other quantity (hours, days ...)


DEFAULTS = {Kind.COUNT: 0, Kind.BOOL: False, Kind.AMOUNT: Decimal("0.00"), Kind.NUMBER: 0, Kind.RATE: None}
UNITS = {Kind.RATE: "%", Kind.AMOUNT: _("yuan")}


@dataclass(frozen=True)
class Entry:
    """Where the figure behind a metric is entered (the employees of a year behind every rate of
    the staff): declared once by the app that holds it, named by the metrics that need it, so the
    home page and the assessment sheet link to the same page."""

    label: Any  # the link's words, with %(year)s: "填写 %(year)s 年职工人数"
    url: Callable[[Any, int], str]  # fn(organization, year) → the page

    def link(self, org: Any, year: int) -> tuple[str, str]:
        """(url, words) for ``org``'s figure of ``year``."""
        return self.url(org, year), str(self.label) % {"year": year}


@dataclass(frozen=True)
class Note:
    """Why a value on a page is blank or cannot be right, and where to put that right."""

    text: str
    url: str = ""
    link: str = ""


@dataclass(frozen=True)
class Metric:
    name: str
    label: Any
    kind: str
    compute: Callable[[QuerySet, Period], Values]
    description: Any = ""
    # The records behind one union's value: a queryset of a registered record type.
    evidence: Callable[[Any, Period], QuerySet] | None = None
    # Why the value can be unknown (a rate without its base), said to the union: "职工人数未填写".
    unknown: Any = ""
    # Where the missing figure is entered (``unknown``), and why a rate above 100 % cannot be
    # right ("more members at work than employees"): both point at ``entered_at``.
    entered_at: Entry | None = None
    too_high: Any = ""
    # A value that stands for a named step (the rank of an honour's level, 5 = 省级): its name,
    # shown wherever the metric is formatted; the number stays the value (JSON, thresholds).
    labels: Mapping[Any, Any] | None = None
    # Where each org's value came from, when a metric reads more than one kind of record (the
    # roster, or the annual return of a union that keeps none): fn(orgs, period) -> {org id: words}.
    source: Callable[[QuerySet, Period], dict[int, str]] | None = None

    @property
    def unit(self) -> Any:
        return UNITS.get(self.kind, "")

    def format(self, value: Any) -> str:
        if self.labels is not None and value in self.labels:
            return str(self.labels[value])
        return format_value(self.kind, value)


def format_value(kind: str, value: Any) -> str:
    """A value of a metric of ``kind`` as people read it: — for unknown, 是/否, 95.5%, 1,200.00 元."""
    if value is None:
        return "—"
    if kind == Kind.BOOL:
        return str(_("Yes") if value else _("No"))
    if kind == Kind.RATE:
        return f"{value}%"
    if kind == Kind.AMOUNT:
        return money_text(value)
    return str(value)


def value_note(m: Metric, value: Any, org: Any, year: int) -> Note | None:
    """What a page says beside ``m``'s ``value`` for ``org`` in ``year``: why it is unknown, or why
    a rate above 100 % cannot be right, with the link to where the figure is entered; else None."""
    if value is None and m.unknown:
        text = _("%(year)s: %(why)s") % {"year": year, "why": m.unknown}
    elif m.kind == Kind.RATE and value is not None and value > 100 and m.too_high:
        text = _("Above 100%%, which cannot be right: %(why)s") % {"why": str(m.too_high) % {"year": year}}
    else:
        return None
    url, words = m.entered_at.link(org, year) if m.entered_at else ("", "")
    return Note(str(text), url, words)


class MetricRegistry:
    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}
        self._loaded = False

    def register(self, m: Metric) -> Metric:
        if m.name in self._metrics and self._metrics[m.name].compute is not m.compute:
            raise ValueError(f"metric {m.name!r} registered twice")
        self._metrics[m.name] = m
        return m

    def load(self) -> None:
        if not self._loaded:
            app_modules("metrics")  # importing registers
            self._loaded = True

    def get(self, name: str) -> Metric:
        self.load()
        try:
            return self._metrics[name]
        except KeyError:
            raise KeyError(f"unknown metric {name!r}") from None

    def __contains__(self, name: object) -> bool:
        self.load()
        return name in self._metrics

    def all(self) -> list[Metric]:
        self.load()
        return list(self._metrics.values())


registry = MetricRegistry()


def metric(
    name: str,
    *,
    label: Any,
    kind: str,
    description: Any = "",
    evidence: Callable | None = None,
    unknown: Any = "",
    entered_at: Entry | None = None,
    too_high: Any = "",
    labels: Mapping[Any, Any] | None = None,
    source: Callable[[QuerySet, Period], dict[int, str]] | None = None,
) -> Callable[[Callable[[QuerySet, Period], Values]], Callable[[QuerySet, Period], Values]]:
    """Register ``fn(orgs, period) -> {org_id: value}`` as a metric."""

    def deco(fn: Callable[[QuerySet, Period], Values]) -> Callable[[QuerySet, Period], Values]:
        registry.register(
            Metric(
                name, label, kind, fn, description, evidence, unknown, entered_at, too_high, labels, source
            )
        )
        return fn

    return deco


class MetricError(RuntimeError):
    """A metric failed: the whole run fails loudly rather than scoring silently."""


_run: ContextVar[dict[Any, Any] | None] = ContextVar("gonghui_metrics_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """Metrics computed together: inside, ``memoized`` and ``first_in_run`` let a building block
    do once what several metrics of the same targets need (the member snapshots' freshness check)."""
    if _run.get() is not None:
        yield
        return
    token = _run.set({})
    try:
        yield
    finally:
        _run.reset(token)


def _key(name: str, obj: Any) -> tuple[str, Any]:
    """A queryset of targets is known by its SQL (the pages build the same one in several
    places), other objects by their identity. A queryset's SQL is compiled once per run: a
    page asks for it with every metric."""
    if isinstance(obj, QuerySet):
        memo = _run.get()
        known = memo.get(("sql of", id(obj))) if memo is not None else None
        if known is not None:
            return name, known[1]
        sql: Any = id(obj)
        with suppress(EmptyResultSet):
            sql = str(obj.query)
        if memo is not None:  # the queryset is held with its SQL: its identity is not reused
            memo["sql of", id(obj)] = (obj, sql)
        return name, sql
    return name, id(obj)


def memoized(key: tuple[str, Any], make: Callable[[], Any]) -> Any:
    """``make()``, once per ``one_run`` for the same (name, targets); every time outside one.
    The object is held with the value, so that its identity is not reused within the run."""
    memo = _run.get()
    if memo is None:
        return make()
    k = _key(*key)
    if k not in memo:
        memo[k] = (key[1], make())
    return memo[k][1]


def first_in_run(key: tuple[str, Any]) -> bool:
    """Whether (name, targets) is met for the first time in this ``one_run`` (always outside one)."""
    memo = _run.get()
    if memo is None:
        return True
    k = _key(*key)
    first = k not in memo
    memo[k] = (key[1], True)
    return first


def compute(orgs: QuerySet, period: Period, names: Iterable[str] | None = None) -> dict[str, Values]:
    """{metric name: {org id: value}} for every org in ``orgs``; missing values get the kind's default."""
    metrics = [registry.get(n) for n in names] if names is not None else registry.all()
    ids = list(orgs.values_list("pk", flat=True))
    out: dict[str, Values] = {}
    with one_run():
        for m in metrics:
            try:  # a page's figures and its advice may ask for the same metric: counted once
                raw = memoized((f"{m.name} {period}", orgs), partial(m.compute, orgs, period))
            except Exception as e:
                raise MetricError(f"metric {m.name} failed: {e}") from e
            default = DEFAULTS[m.kind]
            out[m.name] = {pk: raw.get(pk, default) for pk in ids}
    return out


def sources(orgs: QuerySet, period: Period, names: Iterable[str]) -> dict[str, dict[int, str]]:
    """{metric name: {org id: where its value came from}} for the metrics among ``names`` that say
    it; metrics sharing one ``source`` function compute it once."""
    out: dict[str, dict[int, str]] = {}
    done: dict[Any, dict[int, str]] = {}
    with one_run():
        for m in (registry.get(n) for n in names):
            if m.source is not None:
                if m.source not in done:
                    done[m.source] = {pk: str(words) for pk, words in m.source(orgs, period).items()}
                out[m.name] = done[m.source]
    return out


# ---- building blocks for set-based metrics --------------------------------
def _unscoped_orgs(orgs: QuerySet) -> QuerySet:
    return org_model().objects.unscoped("metrics run over the given unions").filter(pk__in=orgs.values("pk"))


def _depths(targets: QuerySet) -> list[int]:
    return list(targets.order_by().values_list("depth", flat=True).distinct())


FEW = 50  # targets a run reads once and binds as parameters (a page's own union, its units)


def _few(orgs: QuerySet) -> list[Any] | None:
    """The targets loaded (pk, path, depth) when they are ``FEW`` or fewer, else None."""
    found = list(_unscoped_orgs(orgs).order_by().only("pk", "path", "depth")[: FEW + 1])
    return found if len(found) <= FEW else None


Targets = QuerySet | Sequence[Any]
PATHS_PER_QUERY = 2_000  # loaded targets' paths bound as parameters, well under SQLite's limit


def per_org(
    qs: QuerySet,
    orgs: Targets,
    aggregate: Any = None,
    *,
    path_field: str = "organization__path",
) -> Values:
    """Aggregate the rows of ``qs`` into each org of ``orgs`` whose subtree holds them.

    One grouped query per distinct depth among ``orgs`` (a handful), whatever their
    number: rows are grouped by the prefix of their organization's path that has the
    target's length, and only prefixes that are targets are kept. ``orgs`` is a queryset,
    or organizations already loaded (``pk``, ``path``, ``depth``): their depths and paths
    are then not read again.
    """
    aggregate = aggregate if aggregate is not None else Count("pk")
    return per_org_each(qs, orgs, {"v": aggregate}, path_field=path_field)["v"]


def per_org_each(
    qs: QuerySet,
    orgs: Targets,
    aggregates: dict[str, Any],
    *,
    path_field: str = "organization__path",
) -> dict[str, Values]:
    """``per_org`` for several aggregates of the same rows at once: {name: {org id: value}}.

    The rows are grouped once for all of them (an aggregate with ``filter=`` counts a part
    of them); a target whose subtree holds rows gets every value, even a None or a zero.
    """
    steplen = org_model().steplen
    names = list(aggregates)
    fields = {f"_v{i}": aggregates[name] for i, name in enumerate(names)}
    out: dict[str, Values] = {name: {} for name in names}
    for depth, paths, targets in targets_by_depth(orgs):
        rows = (
            qs.annotate(_anc=Substr(path_field, 1, depth * steplen))
            .filter(_anc__in=paths)
            .order_by()  # an explicit ordering (treebeard's manager has one) would split the groups
            .values("_anc")
            .annotate(**fields)
            .values_list("_anc", *fields)
        )
        by_path = {row[0]: row[1:] for row in rows}
        if by_path:
            for pk, path in targets:  # a lazy queryset: read only when rows were found
                found = by_path.get(path)
                if found is not None:
                    for name, value in zip(names, found, strict=True):
                        out[name][pk] = value
    return out


def targets_by_depth(orgs: Targets) -> Iterator[tuple[int, Any, Iterable[tuple[int, str]]]]:
    """(depth, the targets' paths at that depth for ``IN``, their (pk, path) pairs)."""
    if isinstance(orgs, QuerySet):
        # In a run, a page's few targets are read once and their paths bound, not subqueried.
        in_run = _run.get() is not None
        loaded = memoized(("targets loaded", orgs), partial(_few, orgs)) if in_run else None
        if loaded is not None:
            yield from targets_by_depth(loaded)
            return
        targets = _unscoped_orgs(orgs)
        for depth in memoized(("target depths", orgs), lambda: _depths(targets)):
            at_depth = targets.filter(depth=depth)
            # All targets at this depth, not "path IN (the paths found)": that list could pass
            # SQLite's limit on query parameters for tens of thousands of unions.
            yield depth, at_depth.values("path"), at_depth.order_by().values_list("pk", "path")
        return
    by_depth: dict[int, list[tuple[int, str]]] = {}
    for org in orgs:
        by_depth.setdefault(org.depth, []).append((org.pk, org.path))
    for depth, pairs in sorted(by_depth.items()):
        for i in range(0, len(pairs), PATHS_PER_QUERY):
            chunk = pairs[i : i + PATHS_PER_QUERY]
            yield depth, [path for _pk, path in chunk], chunk


def rate(numerators: Values, denominators: Values) -> Values:
    """Percentages (two places) where the denominator is known and positive; else None."""
    out: Values = {}
    for pk, den in denominators.items():
        if den:
            num = Decimal(numerators.get(pk) or 0)
            out[pk] = (num * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        else:
            out[pk] = None
    return out


def evidence_in(rows: Callable[[Period], QuerySet], path_field: str = "organization__path") -> Any:
    """Evidence of a metric computed from ``rows(period)``: the same rows in one org's subtree."""
    return lambda org, period: rows(period).filter(subtree_q(org.path, path_field))


def records_in(model: type[Model], org: Any, *, path_field: str = "organization__path") -> QuerySet:
    """The records of ``model`` in ``org``'s subtree, for evidence links."""
    return cast(Any, model).objects.filter(subtree_q(org.path, path_field))
