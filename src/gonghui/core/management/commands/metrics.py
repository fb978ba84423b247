"""``gonghui metrics CODE (--year Y | --from DATE --to DATE) [--json]``: every metric of one
organization (its whole subtree) for a year or for any period, e.g. a three-year look-back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.metrics import Period, compute, registry, sources
from gonghui.core.scope import org_model, unscoped


class Command(BaseCommand):
    help = "Print every metric of one organization (its whole subtree) for a year or a period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", help="Organization code, e.g. DEMO-BUREAU")
        parser.add_argument("--year", type=int, help="A calendar year, e.g. 2025.")
        parser.add_argument("--from", dest="start", metavar="DATE", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", metavar="DATE", help="Last day, YYYY-MM-DD.")
        parser.add_argument("--json", action="store_true", help="One JSON object {metric: value}.")

    def handle(
        self,
        *args: Any,
        code: str,
        year: int | None = None,
        start: str | None = None,
        end: str | None = None,
        json: bool = False,
        **options: Any,
    ) -> None:
        period = _period(year, start, end)
        with unscoped("a command acts for the operator across unions"):
            orgs = org_model().objects.filter(code=code)
            org = orgs.first()
            if org is None:
                raise CommandError(f"No organization has the code {code!r}.")
            values = compute(orgs, period)
            metrics = sorted(registry.all(), key=lambda m: m.name)
            said = sources(orgs, period, [m.name for m in metrics])
        if json:
            self.stdout.write(_dumps({m.name: values[m.name][org.pk] for m in metrics}))
            return
        self.stdout.write(f"{org.name} ({org.code}) {period.label}")
        for m in metrics:
            source = said.get(m.name, {}).get(org.pk)
            label = f"{m.label}（{source}）" if source else str(m.label)
            self.stdout.write(f"  {m.name:<34} {m.format(values[m.name][org.pk]):>12}  {label}")


def _period(year: int | None, start: str | None, end: str | None) -> Period:
    """The period asked for: a year, or a range given by both ends; never both, never neither."""
    if year is not None:
        if start or end:
            raise CommandError("Give either --year or --from and --to, not both.")
        if not 1 <= year <= 9999:
            raise CommandError(f"--year {year} is not a year.")
        return Period.year(year)
    if not (start and end):
        raise CommandError("Give --year, or both --from and --to.")
    first, last = _date("--from", start), _date("--to", end)
    if first > last:
        raise CommandError(f"--from {first} is after --to {last}.")
    return Period(first, last)


def _date(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} {text!r} is not a date (YYYY-MM-DD).") from None


def _dumps(data: dict[str, Any]) -> str:
    def default(v: Any) -> Any:
        return float(v) if hasattr(v, "as_tuple") else str(v)

    return json.dumps(data, ensure_ascii=False, default=default, sort_keys=True)
