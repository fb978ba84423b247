"""``gonghui metrics CODE --year Y [--json]``: every metric of one organization for a year."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.metrics import Period, compute, registry, sources
from gonghui.core.scope import org_model, unscoped


class Command(BaseCommand):
    help = "Print every metric of one organization (its whole subtree) for a year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", help="Organization code, e.g. DEMO-BUREAU")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="One JSON object {metric: value}.")

    def handle(self, *args: Any, code: str, year: int, json: bool = False, **options: Any) -> None:
        with unscoped("a command acts for the operator across unions"):
            orgs = org_model().objects.filter(code=code)
            org = orgs.first()
            if org is None:
                raise CommandError(f"No organization has the code {code!r}.")
            values = compute(orgs, Period.year(year))
            metrics = sorted(registry.all(), key=lambda m: m.name)
            said = sources(orgs, Period.year(year), [m.name for m in metrics])
        if json:
            self.stdout.write(_dumps({m.name: values[m.name][org.pk] for m in metrics}))
            return
        self.stdout.write(f"{org.name} ({org.code}) {year}")
        for m in metrics:
            source = said.get(m.name, {}).get(org.pk)
            label = f"{m.label}（{source}）" if source else str(m.label)
            self.stdout.write(f"  {m.name:<34} {m.format(values[m.name][org.pk]):>12}  {label}")


def _dumps(data: dict[str, Any]) -> str:
    def default(v: Any) -> Any:
        return float(v) if hasattr(v, "as_tuple") else str(v)

    return json.dumps(data, ensure_ascii=False, default=default, sort_keys=True)
