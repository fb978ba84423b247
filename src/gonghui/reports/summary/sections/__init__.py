"""The summary's sections, one module each, in the order the seed reports write them.

Each module has ``METRICS`` (the metric names it reads; the composer computes them all in one
run) and ``blocks(ctx) -> list[Block]``. A section reads records through the ambient scope
and only the record types the viewer may read on the union (``ctx.can``); a figure without
a record behind it is never printed: the sentence says what is missing instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q, QuerySet

from gonghui.core.metrics import Period, rate
from gonghui.core.records import registry as records
from gonghui.core.scoping import subtree_q
from gonghui.core.sensitivity import Viewer
from gonghui.reports.summary.text import Block, Figure

ORDINALS = "一二三四五六七八九十"


@dataclass
class Ctx:
    """What every section reads: the union, the year, the reader and the metric values."""

    org: Any
    year: int
    viewer: Viewer
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def period(self) -> Period:
        return Period.year(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def m(self, name: str) -> Any:
        return self.values.get(name)

    # ---- permissions --------------------------------------------------------
    def can(self, model: type[Model]) -> bool:
        """Whether the viewer may read ``model``'s records on the union (its type's view_perm)."""
        rt = records.for_model(model)
        access = self.viewer.access
        if access is None:
            return False
        perm = rt.view_perm if rt is not None else ""
        return not perm or access.can(perm, self.org)

    def can_perm(self, perm: str) -> bool:
        access = self.viewer.access
        return access is not None and access.can(perm, self.org)

    # ---- records -------------------------------------------------------------
    def within(self, qs: QuerySet, path_field: str = "organization__path") -> QuerySet:
        """``qs`` narrowed to the union's subtree."""
        return qs.filter(subtree_q(self.org.path, path_field))

    def url(self, model: type[Model]) -> str:
        """The list of ``model``'s records filtered to the union ("" when it is no record type).

        Written as the assessment sheet writes its evidence links (``/<slug>/?org=``), not with
        ``reverse()``: that would load the whole URL configuration (the API's schemas, seconds)
        in a command that only writes a document.
        """
        rt = records.for_model(model)
        return f"/{rt.slug}/?org={self.org.pk}" if rt is not None else ""

    def fig(
        self, key: str, label: str, value: str, model: type[Model] | None = None, url: str = ""
    ) -> Figure:
        return Figure(key, label, value, url or (self.url(model) if model is not None else ""))


# ---- wording ----------------------------------------------------------------
def yuan(amount: Any) -> str:
    """12345 → "12345元", 950497.23 → "950497.23元" (as the seed documents write sums)."""
    d = Decimal(amount or 0).quantize(Decimal("0.01"))
    text = f"{d:.0f}" if d == d.to_integral_value() else f"{d:.2f}"
    return f"{text}元"


def pct(value: Any) -> str:
    """Decimal("100.00") → "100%", Decimal("96.24") → "96.24%"."""
    d = Decimal(value).quantize(Decimal("0.01"))
    text = f"{d:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def joined(items: Iterable[str]) -> str:
    """ "甲、乙和丙"."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


NAMES_LISTED = 20  # a list of names longer than this is cut ("…等N项" follows it in the sentence)


def listed(items: Iterable[str], limit: int | None = None) -> str:
    """ "甲、乙、丙"; with ``limit``, only the first that many (a big union's hundred contests)."""
    names = [str(i) for i in items if str(i)]
    return "、".join(names[:limit] if limit is not None else names)


def some(items: Iterable[str]) -> str:
    """The first ``NAMES_LISTED`` of a list of names."""
    return listed(items, NAMES_LISTED)


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else str(n)


def not_readable(what: str) -> str:
    return f"{what}不在当前账号的查看权限内，相关数字未予列出。"


def p(key: str, text: str, figures: list[Figure] | None = None) -> Block:
    return Block(key, "p", text, figures or [])


def h1(key: str, text: str) -> Block:
    return Block(key, "h1", text)


def h2(key: str, text: str) -> Block:
    return Block(key, "h2", text)


def sentence(parts: list[str]) -> str:
    """Clauses joined by commas into one sentence; a clause that ends in 。 stands alone."""
    out = ""
    for part in parts:
        if not part:
            continue
        if part.endswith("。"):
            if out and not out.endswith("。"):
                out = out.rstrip("，") + "。"
            out += part
        else:
            out += part + "，"
    out = out.rstrip("，")
    return out if not out or out.endswith("。") else out + "。"


def children_q(org: Any) -> Q:
    """The organizations directly under ``org``."""
    return Q(path__startswith=org.path, depth=org.depth + 1)


def percentage(part: Any, whole: Any) -> Decimal | None:
    """part ÷ whole as a percentage with two places (as the metrics' rates), None without a base."""
    return rate({0: part or 0}, {0: whole or 0})[0]
