"""``gonghui bench_score --unions 10000``: score N unions against a 60-item standard, set-based.

Builds (in bulk) a federation of N unions, each with two union groups and its employer's
facts, some founded this year and some with a legal-person certificate; builds a standard
of ``--items`` items cycling through every registered metric and every computed rule kind;
then times ``score_assessments`` over the whole campaign and counts its queries. The same
is done for ``--baseline`` unions (1,000 by default): the query counts must be equal. Prints
one JSON line per run, the N run first. Everything is rolled back unless ``--keep``.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.assessment import scoring
from gonghui.assessment.models import Assessment, Campaign
from gonghui.assessment.services.campaigns import _add_assessments
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.services.standards import standard_from_definition
from gonghui.core.metrics import Kind, registry
from gonghui.core.scope import unscoped
from gonghui.orgs.models import EmployerYear, Organization, OrgType, UnitKind
from gonghui.orgs.services import org_create

YEAR = 2025


class RollbackError(Exception):
    """Raised to roll the benchmark data back."""


def bench_definition(items: int, names: list[str] | None = None) -> dict[str, Any]:
    """``items`` items of 1 point in sections of 10, one rule kind after another over the metrics."""
    metrics = [registry.get(n) for n in names] if names else sorted(registry.all(), key=lambda m: m.name)
    sections = []
    for s in range(0, items, 10):
        rows = []
        for i in range(s, min(s + 10, items)):
            m = metrics[i % len(metrics)]
            rows.append(
                {
                    "code": f"I{i + 1:03d}",
                    "title": f"{m.name}",
                    "points": "1",
                    "guidance": "",
                    "evidence": "",
                    "rule": _rule(i, m),
                }
            )
        sections.append(
            {
                "code": f"S{s // 10 + 1}",
                "title": f"第{s // 10 + 1}部分",
                "points": str(len(rows)),
                "items": rows,
            }
        )
    return {
        "code": "bench-score",
        "title": "基准测试标准",
        "description": "",
        "unit_types": [],
        "total": str(items),
        "bonus_max": "0",
        "grades": [{"name": "达标", "min": str(items * 6 // 10)}, {"name": "不达标", "min": "0"}],
        "sections": sections,
        "bonus": [],
        "veto": [],
    }


def _rule(i: int, m: Any) -> dict[str, Any]:
    if m.kind == Kind.BOOL:
        return {"type": "boolean", "metric": m.name}
    kind = i % 4
    if kind == 0:
        return {"type": "threshold", "metric": m.name, "min": "1"}
    if kind == 1:
        return {"type": "bands", "metric": m.name, "bands": [["90", "1"], ["60", "0.5"]]}
    if kind == 2:
        return {"type": "proportional", "metric": m.name, "full_at": "100", "zero_at": "0"}
    return {"type": "deduction", "metric": m.name, "expected": "5", "per": "0.25"}


def build_federation(code: str, unions: int) -> Organization:
    """A federation with ``unions`` unions of two groups each, and their employers' facts (bulk)."""
    root = org_create(
        parent=None, data={"code": code, "name": f"{code}基准总工会", "org_type": OrgType.FEDERATION}
    )
    rows: list[Organization] = []
    for i in range(unions):
        path = Organization._get_path(root.path, 2, i + 1)
        rows.append(
            Organization(
                path=path,
                depth=2,
                numchild=2,
                code=f"{code}-{i:05d}",
                name=f"基准工会{i:05d}",
                org_type=OrgType.GRASSROOTS,
                unit_kind=UnitKind.ENTERPRISE if i % 3 else UnitKind.AGENCY,
                founded_on=dt.date(YEAR, 1 + i % 12, 1) if i % 10 == 0 else dt.date(2010, 1, 1),
                legal_person_cert_no=f"BENCH{i:07d}" if i % 2 else "",
            )
        )
        for g in (1, 2):
            rows.append(
                Organization(
                    path=Organization._get_path(path, 3, g),
                    depth=3,
                    numchild=0,
                    code=f"{code}-{i:05d}-G{g}",
                    name=f"基准工会{i:05d}第{g}小组",
                    org_type=OrgType.GROUP,
                    founded_on=dt.date(2010, 1, 1),
                )
            )
    Organization.objects.bulk_create(rows, batch_size=5000)
    Organization.objects.filter(pk=root.pk).update(numchild=unions)
    ids = (
        Organization.objects.filter(path__startswith=root.path, depth=2)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    EmployerYear.objects.bulk_create(
        [
            EmployerYear(
                organization_id=pk,
                year=YEAR,
                employer_name=f"基准单位{n}",
                employees=50 + n % 400,
                women_employees=20,
            )
            for n, pk in enumerate(ids)
        ],
        batch_size=5000,
    )
    return root


def score_run(code: str, unions: int, standard: Any) -> dict[str, Any]:
    root = build_federation(code, unions)
    campaign = Campaign.objects.create(
        organization=root,
        name="基准考核",
        year=YEAR,
        standard=standard,
        root=root,
        org_types=[OrgType.GRASSROOTS],
        self_deadline=dt.date(YEAR, 11, 30),
        acceptance_deadline=dt.date(YEAR, 12, 31),
    )
    _add_assessments(campaign)
    scoring._cache.clear()  # each run compiles the standard itself: the same work, the same queries
    with CaptureQueriesContext(connection) as ctx:
        start, cpu = time.perf_counter(), time.process_time()
        n = score_assessments(Assessment.objects.filter(campaign=campaign))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "unions": n,
        "queries": len(ctx.captured_queries),
        "seconds": round(seconds, 2),
        "cpu": round(cpu, 2),
    }


class Command(BaseCommand):
    help = "Benchmark: score N unions against a 60-item standard; prints JSON lines (rolled back)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unions", type=int, default=10_000)
        parser.add_argument("--items", type=int, default=60)
        parser.add_argument(
            "--baseline", type=int, default=1_000, help="The smaller run whose query count must be equal."
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark data instead of rolling it back."
        )
        parser.add_argument(
            "--metrics", default="", help="Comma-separated metric names (default: every registered one)."
        )

    def handle(
        self,
        *args: Any,
        unions: int,
        items: int,
        baseline: int,
        keep: bool = False,
        metrics: str = "",
        **options: Any,
    ) -> None:
        if unions < 1 or items < 1 or baseline < 1:
            raise CommandError("--unions, --items and --baseline must be positive.")
        registry.load()
        names = [n.strip() for n in metrics.split(",") if n.strip()]
        unknown = [n for n in names if n not in registry]
        if unknown:
            raise CommandError(f"Unknown metrics: {', '.join(unknown)}")
        results: list[dict[str, Any]] = []
        with unscoped("a benchmark command acts across unions"):
            try:
                with transaction.atomic():
                    standard, _ = standard_from_definition(definition=bench_definition(items, names))
                    for code, size in (("BENCH-N", unions), ("BENCH-B", baseline)):
                        run = score_run(code, size, standard)
                        results.append(run)
                    if not keep:
                        raise RollbackError
            except RollbackError:
                pass
        for r in results:
            line = {"unions": r["unions"], "items": items, "seconds": r["seconds"], "queries": r["queries"]}
            self.stdout.write(json.dumps(line))
        big, small = results
        same = "equal" if big["queries"] == small["queries"] else "DIFFERENT"
        counts = (
            f"{small['unions']:,} unions → {small['queries']}, {big['unions']:,} unions → {big['queries']}"
        )
        self.stdout.write(f"queries: {counts} ({same})")
        # SQLite runs in this process: its CPU time shows the work whatever the machine's load.
        cpu = ", ".join(f"{r['unions']:,} unions {r['cpu']} s" for r in results)
        self.stdout.write(f"cpu time of this process: {cpu}")
