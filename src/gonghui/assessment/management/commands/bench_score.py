"""``gonghui bench_score --unions 10000``: score N unions against a 60-item standard, set-based.

Builds (in bulk) a federation of N unions, each with two union groups and its employer's
facts, some founded this year and some with a legal-person certificate; builds a standard
of ``--items`` items cycling through every registered metric and every computed rule kind;
then times ``score_assessments`` over the whole campaign and counts its queries. The same
is done for ``--baseline`` unions (1,000 by default): the query counts must be equal. Prints
one JSON line per run, the N run first. Everything is rolled back unless ``--keep``.

``--measures`` adds a section of ten items that read derived measures (issue 15): ratios,
counts and sums filtered by field, each-quarter and each-half conditions, N years, shares of
the unions below, a deductions pool and a gate; every union and one group of two then hold a
year of activities (one per quarter for three unions in four), so that these items score from
real rows.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.activities.models import Activity, ActivityKind, Occasion
from gonghui.assessment import scoring
from gonghui.assessment.loader import read_definition
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


def bench_definition(items: int, names: list[str] | None = None, *, measures: bool = False) -> dict[str, Any]:
    """``items`` items of 1 point in sections of 10, one rule kind after another over the metrics;
    with ``measures``, a further section of the derived measures (``MEASURE_ITEMS``)."""
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
    total = items
    if measures:
        rows = [
            {"code": f"M{n + 1:02d}", "title": title, "points": "1", "guidance": "", "evidence": "", **rule}
            for n, (title, rule) in enumerate(MEASURE_ITEMS)
        ]
        sections.append({"code": "M", "title": "派生指标", "points": str(len(rows)), "items": rows})
        total += len(rows)
    return {
        "code": "bench-score-measures" if measures else "bench-score",
        "title": "基准测试标准",
        "description": "",
        "unit_types": [],
        "total": str(total),
        "bonus_max": "0",
        "grades": [{"name": "达标", "min": str(total * 6 // 10)}, {"name": "不达标", "min": "0"}],
        "sections": sections,
        "bonus": [],
        "veto": [],
    }


_ACTIVE = {"count": "activities", "min": 1}
# (title, the item's rule and gate) as written in a standard file, before normalizing.
MEASURE_ITEMS: list[tuple[str, dict[str, Any]]] = [
    (
        "节日活动占比",
        {"rule": {"type": "threshold", "ratio": ["festival_activity_count", "activity_count"], "min": 25}},
    ),
    ("小组与职工比", {"rule": {"type": "threshold", "ratio": ["union_group_count", "employees"], "min": 1}}),
    (
        "五一、春节活动",
        {
            "rule": {
                "type": "bands",
                "count": "activities",
                "where": {"occasion": ["labour_day", "春节"]},
                "bands": [[2, 1], [1, 0.5]],
            }
        },
    ),
    ("每季度活动", {"rule": {"type": "threshold", "count": "activities", "every": "quarter", "min": 1}}),
    ("直属小组活跃", {"rule": {"type": "threshold", "share": {**_ACTIVE, "of": "children"}, "min": 50}}),
    (
        "小组活跃占比",
        {
            "rule": {
                "type": "proportional",
                "share": {**_ACTIVE, "of": "subtree", "types": ["group"]},
                "full_at": 100,
                "zero_at": 0,
            }
        },
    ),
    (
        "体育活动参与",
        {
            "rule": {
                "type": "proportional",
                "sum": "activities.participant_count",
                "where": {"kind": "体育"},
                "full_at": 100,
                "step": 20,
                "deduct": 0.25,
            }
        },
    ),
    (
        "活动扣分",
        {
            "rule": {
                "type": "deductions",
                "deductions": [
                    {"count": "activities", "every": "half", "min": 2, "off": 0.5},
                    {"ratio": ["festival_activity_count", "activity_count"], "min": 50, "off": 0.5},
                ],
                "unknown": "full",
            }
        },
    ),
    ("三年活动", {"rule": {"type": "threshold", "count": "activities", "years": 3, "min": 4}}),
    (
        "基础分",
        {"rule": {"type": "fixed"}, "gate": {"count": "activities", "every": "half", "min": 1}},
    ),
]


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
    if m.kind in (Kind.RATE, Kind.AMOUNT):  # points off per one make sense only for counts
        return {"type": "threshold", "metric": m.name, "min": "50"}
    return {"type": "deduction", "metric": m.name, "expected": "5", "per": "0.25"}


def build_federation(code: str, unions: int, *, activities: bool = False) -> Organization:
    """A federation with ``unions`` unions of two groups each, and their employers' facts (bulk);
    with ``activities``, a year of activities of the unions and of their first groups."""
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
    if activities:
        _activities(root)
    return root


OCCASIONS = [Occasion.SPRING_FESTIVAL, Occasion.LABOUR_DAY, Occasion.OTHER, Occasion.NATIONAL_DAY]
KINDS = [ActivityKind.SPORTS, ActivityKind.CULTURE, ActivityKind.SPORTS, ActivityKind.READING]


def _activities(root: Organization) -> None:
    """Three unions in four hold an activity in each quarter; every other union's first group one."""
    rows: list[Activity] = []
    pairs = Organization.objects.filter(path__startswith=root.path, depth__gt=1).order_by("path")
    for n, (pk, depth) in enumerate(pairs.values_list("pk", "depth")):
        union = n // 3  # the rows come union, group 1, group 2
        if depth == 2 and union % 4:
            for q in range(4):
                rows.append(
                    Activity(
                        organization_id=pk,
                        title=f"基准活动{union}-{q}",
                        occasion=OCCASIONS[q],
                        kind=KINDS[q],
                        held_on=dt.date(YEAR, 3 * q + 2, 15),
                        participant_count=10 + (union + q) % 40,
                    )
                )
        elif depth == 3 and n % 3 == 1 and union % 2:
            rows.append(
                Activity(
                    organization_id=pk,
                    title=f"小组活动{union}",
                    occasion=Occasion.OTHER,
                    kind=ActivityKind.OUTING,
                    held_on=dt.date(YEAR, 6, 1),
                    participant_count=8,
                )
            )
    Activity.objects.bulk_create(rows, batch_size=5000)


def score_run(code: str, unions: int, standard: Any, *, activities: bool = False) -> dict[str, Any]:
    root = build_federation(code, unions, activities=activities)
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
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum would gather them after such a load: without
        # them PostgreSQL plans the grouped metric queries for the tables as they were before.
        tables = [m._meta.db_table for m in (Organization, EmployerYear, Activity, Assessment)]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
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
        parser.add_argument(
            "--measures",
            action="store_true",
            help="Add ten items of derived measures (ratios, filtered counts, quarters, shares of the "
            "unions below) and a year of activities to score them from.",
        )

    def handle(
        self,
        *args: Any,
        unions: int,
        items: int,
        baseline: int,
        keep: bool = False,
        metrics: str = "",
        measures: bool = False,
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
                    definition = bench_definition(items, names, measures=measures)
                    if measures:  # written as in a file: checked and normalized by the loader
                        text = yaml.safe_dump(definition, allow_unicode=True, sort_keys=False)
                        definition = read_definition(text.encode(), "bench.yaml")
                    standard, _ = standard_from_definition(definition=definition)
                    for code, size in (("BENCH-N", unions), ("BENCH-B", baseline)):
                        run = score_run(code, size, standard, activities=measures)
                        results.append(run)
                    if not keep:
                        raise RollbackError
            except RollbackError:
                pass
        for r in results:
            line = {
                "unions": r["unions"],
                "items": items + (len(MEASURE_ITEMS) if measures else 0),
                "seconds": r["seconds"],
                "queries": r["queries"],
            }
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
