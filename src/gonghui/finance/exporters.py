"""The ledger report as a spreadsheet: the same rows and totals as the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.exporters import Exporter
from gonghui.finance.selectors import LedgerReport, LedgerRow


class LedgerExporter(Exporter):
    def __init__(self, report: LedgerReport) -> None:
        self.report = report
        self.filename = _("Ledger %(org)s %(year)s") % {"org": report.org.name, "year": report.year}

    def header(self) -> list[str]:
        return [
            pgettext("ledger", "Section"),
            pgettext("ledger", "Category"),
            _("Budget"),
            _("Actual"),
            _("Variance"),
            _("Execution rate (%)"),
        ]

    def _row(self, section: str, row: LedgerRow) -> list[Any]:
        return [section, row.label, row.budget, row.actual, row.variance, row.rate]

    def rows(self) -> Iterator[list[Any]]:
        r = self.report
        yield [_("Balance"), _("Opening balance"), None, r.opening, None, None]
        for row in r.income:
            yield self._row(_("Income"), row)
        yield [_("Income"), _("Total income"), r.income_budget, r.income_total, None, r.income_rate]
        for row in r.expenditure:
            yield self._row(_("Expenditure"), row)
        yield [
            _("Expenditure"),
            _("Total expenditure"),
            r.expenditure_budget,
            r.expenditure_total,
            None,
            r.expenditure_rate,
        ]
        yield [_("Balance"), _("Change of the year (income − expenditure)"), None, r.change, None, None]
        yield [_("Balance"), _("Closing balance"), None, r.closing, None, None]
