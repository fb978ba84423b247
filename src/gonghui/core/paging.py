"""Pages of scoped lists that stay fast when a federation's scope holds a million rows.

Two habits of big lists: the page's keys are read first with a lean ordered query (no joins,
often index-only), then only those rows are loaded with their related objects; and the total
is counted up to ``COUNT_CAP`` rows, because page 1 of a million members needs no exact count
("10000+ records") while the count would cost more than the page.

A search's list is narrow (its matches, collected through the search's indexes): there one
query reads the ordered keys of the first ``cap + 1`` matches, whose number is the count and
a slice of which is the page, so the matches are collected and checked once, not twice. A
wide list keeps the two queries: its count walks any index, its page 25 entries of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode

COUNT_CAP = 10_000


class RecordPaginator(Paginator):
    object_list: QuerySet

    def __init__(
        self, object_list: QuerySet, per_page: int, cap: int = COUNT_CAP, *, narrow: bool = False
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.narrow = narrow

    @cached_property
    def first_keys(self) -> list[Any]:
        """The keys of the first cap + 1 rows, in the list's order (one query)."""
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        if self.narrow:
            return len(self.first_keys)
        # COUNT(*) over a LIMITed subquery: reads at most cap + 1 index entries.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """True when there are more rows than were counted (the shown total is a floor)."""
        return self.count > self.cap

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.narrow:
            keys = self.first_keys[bottom : bottom + self.per_page]
        else:
            keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # The keys came through every filter and the scope: the rows are read by them alone
        # (re-applying a search's filters would collect all its matches again, and the scope's
        # subqueries would be evaluated once more).
        rows_of = self.object_list.order_by()
        rows_of.query.where = WhereNode()
        by_pk = {obj.pk: obj for obj in rows_of.filter(pk__in=keys)}
        rows: Sequence[Any] = [by_pk[k] for k in keys if k in by_pk]
        page = self._get_page(rows, number, self)  # type: ignore[attr-defined]  # Django's, not in the stubs
        page.elided = list(self.get_elided_page_range(number))
        return page
