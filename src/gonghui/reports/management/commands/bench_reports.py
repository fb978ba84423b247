"""``gonghui bench_reports``: the reports' speed targets, one figure each, the last line JSON.

Builds in bulk, in the current database, a federation of ``--unions`` grassroots unions (under
``--townships`` township unions, 0: directly under the federation; two groups each) with
``--members`` members (their JOIN events, the per-union tallies built), each union's employer
facts and, in last year (the year the statistics page opens on), a few records of each kind
the statistics read: a union committee with three seats and a women workers' committee, a
congress session, a disclosure, a collective contract, an approved and paid aid case, a visit
and a posted voucher of two lines. Then times ``statistics_tables`` + ``statistics_xlsx`` for
the federation (``statistics_s``: last year, the membership events at its end; the year under
way, today's tallies, is printed too) and counts their queries, against a baseline federation
of ``--baseline`` unions: the counts must be equal.

The other parts' measures are called by name (``MEASURES``) while the data is there; one not
yet merged prints "not available". Each figure is printed with its target and the ratio
figure / target; the last line is one JSON object (the figures, null where not available, and
the machine: CPUs, load average, date, database). Everything is rolled back unless ``--keep``.

A quick run: ``gonghui bench_reports --unions 200 --members 20000``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.module_loading import import_string

from gonghui.accounts.access import Access
from gonghui.care.models import AidCase, AidDisbursement, AidKind, AidStatus, Occasion, Visit
from gonghui.committees.models import Committee, CommitteeKind, Position, Seat
from gonghui.core.scope import unscoped
from gonghui.democracy.models import (
    Channel,
    CollectiveContract,
    Congress,
    ContractKind,
    Disclosure,
    DisclosureCategory,
)
from gonghui.finance.models import Category, Voucher, VoucherLine, VoucherStatus
from gonghui.members import tallies
from gonghui.members.importer.write import insert_rows
from gonghui.members.models import EventKind, Member, MembershipEvent, MemberStatus
from gonghui.members.synthetic import MEMBER_COLS, People, member_row
from gonghui.orgs.models import EmployerYear, Organization, OrgType, UnitKind
from gonghui.reports.statistics.tables import statistics_tables
from gonghui.reports.statistics.workbook import statistics_xlsx

GROUPS_PER_UNION = 2
CHUNK = 20_000
BATCH = 5_000
UNIT_KINDS = [
    UnitKind.ENTERPRISE,
    UnitKind.ENTERPRISE,
    UnitKind.AGENCY,
    UnitKind.INSTITUTION,
    UnitKind.VILLAGE,
]

# (name, target, unit) of each figure of the JSON line, in order.
TARGETS: list[tuple[str, float, str]] = [
    ("summary_s", 1.0, "s"),
    ("pack_s", 5.0, "s"),
    ("pack_peak_mb", 300.0, "MB"),
    ("statistics_s", 10.0, "s"),
    ("dashboard_p95_ms", 200.0, "ms"),
]
# The other parts' measures: (dotted name, the figures it returns, whether it takes the federation).
# When each runs: "alone" before the million members are built (its peak of memory is its own;
# it builds and rolls back its own data), "inside" within the rolled-back transaction (the
# summary's measure loads the demo if absent), "federation" over the built federation.
MEASURES: list[tuple[str, tuple[str, ...], str]] = [
    ("gonghui.reports.summary.bench.measure", ("summary_s",), "inside"),
    ("gonghui.reports.pack.bench.measure", ("pack_s", "pack_peak_mb"), "alone"),
    ("gonghui.reports.dashboards.bench.measure", ("dashboard_p95_ms",), "federation"),
]


class RollbackError(Exception):
    """Raised to roll the benchmark data back."""


class _Superuser:
    """Who runs the benchmark: every permission everywhere (as a superuser's ``Access``)."""

    is_superuser = True
    is_active = True
    is_authenticated = True
    pk = None


def superuser_access() -> Access:
    return Access(_Superuser(), [])


# ---- building -------------------------------------------------------------------------------
def build(code: str, unions: int, members: int, townships: int, year: int) -> Organization:
    """The federation ``code`` and everything below it, in bulk; its tallies built for today."""
    step = Organization._get_path
    last = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    root_path = step(None, 1, (Organization._str2int(last) + 1) if last else 1)
    root = Organization.objects.create(
        path=root_path,
        depth=1,
        numchild=townships or unions,
        code=code,
        name=f"{code}基准总工会",
        org_type=OrgType.FEDERATION,
    )
    rows: list[Organization] = []
    parents: list[tuple[str, int]] = []  # the unions' parents: (path, depth)
    for t in range(townships):
        per = unions // townships + (1 if t < unions % townships else 0)
        path = step(root.path, 2, t + 1)
        rows.append(
            Organization(
                path=path,
                depth=2,
                numchild=per,
                code=f"{code}-T{t:03d}",
                name=f"{code}第{t + 1}街道工会",
                org_type=OrgType.TOWNSHIP,
            )
        )
        parents += [(path, 2)] * per
    if not townships:
        parents = [(root.path, 1)] * unions
    seen: dict[str, int] = {}
    for u, (parent, depth) in enumerate(parents):
        seen[parent] = seen.get(parent, 0) + 1
        path = step(parent, depth + 1, seen[parent])
        rows.append(
            Organization(
                path=path,
                depth=depth + 1,
                numchild=GROUPS_PER_UNION,
                code=f"{code}-U{u:05d}",
                name=f"{code}基准单位{u}工会",
                org_type=OrgType.GRASSROOTS,
                unit_kind=UNIT_KINDS[u % len(UNIT_KINDS)],
                founded_on=dt.date(year, 6, 1) if u % 20 == 0 else dt.date(2000, 1, 1),
            )
        )
        for g in range(GROUPS_PER_UNION):
            rows.append(
                Organization(
                    path=step(path, depth + 2, g + 1),
                    depth=depth + 2,
                    numchild=0,
                    code=f"{code}-U{u:05d}-G{g}",
                    name=f"{code}基准单位{u}第{g + 1}小组",
                    org_type=OrgType.GROUP,
                )
            )
    Organization.objects.bulk_create(rows, batch_size=BATCH)
    under = Organization.objects.filter(path__startswith=root.path, org_type=OrgType.GRASSROOTS)
    ids = list(under.order_by("path").values_list("pk", flat=True))
    groups: dict[int, list[int]] = {}
    parent_of = dict(under.values_list("path", "pk"))
    steplen = Organization.steplen
    for pk, path in Organization.objects.filter(
        path__startswith=root.path, org_type=OrgType.GROUP
    ).values_list("pk", "path"):
        groups.setdefault(parent_of[path[:-steplen]], []).append(pk)
    per_union = max(1, members // max(1, unions))
    EmployerYear.objects.bulk_create(
        [
            EmployerYear(organization_id=pk, year=y, employer_name=f"单位{pk}", employees=per_union + 20)
            for pk in ids
            for y in (year, year + 1)
        ],
        batch_size=BATCH,
    )
    _members(ids, groups, members)
    _records(root, ids, year)
    with connection.cursor() as c:
        c.execute("ANALYZE")  # what PostgreSQL's autovacuum (or SQLite's PRAGMA optimize) keeps current
    tallies.refresh(root)
    return root


def _members(ids: list[int], groups: dict[int, list[int]], members: int) -> None:
    people = People(seed=2026)
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    serial = Member.objects.count()
    before = Member.objects.aggregate(m=Max("pk"))["m"] or 0
    for start in range(0, members, CHUNK):
        rows = []
        for i in range(start, min(start + CHUNK, members)):
            p = people.person(serial + i)
            union = ids[i % len(ids)]
            status = MemberStatus.RETAINED if i % 50 == 0 else MemberStatus.ACTIVE
            group = groups[union][i % GROUPS_PER_UNION]
            rows.append(
                member_row(p, org_id=union, group_id=group, card=f"B{serial + i:09d}", status=status, now=now)
            )
        insert_rows(Member, MEMBER_COLS, rows)
    q = connection.ops.quote_name
    events, people_table = q(MembershipEvent._meta.db_table), q(Member._meta.db_table)
    sql = (
        f"INSERT INTO {events} (organization_id, member_id, kind, {q('on')}, status, reason, note, "  # noqa: S608
        f"created_at) SELECT organization_id, id, %s, join_date, status, '', '', %s FROM {people_table} "
        "WHERE id > %s"
    )
    with connection.cursor() as c:
        c.execute(sql, [str(EventKind.JOIN), now, before])


def _records(root: Organization, ids: list[int], year: int) -> None:
    """A few records of each kind per union, dated in ``year``."""
    first = dict(
        Member.objects.filter(organization__path__startswith=root.path)
        .values("organization_id")
        .annotate(m=Min("pk"))
        .values_list("organization_id", "m")
    )
    day = dt.date(year, 3, 20)
    at = {pk: i for i, pk in enumerate(ids)}  # which records a union has goes by its place, not its key
    committees = Committee.objects.bulk_create(
        [
            Committee(
                organization_id=pk,
                kind=CommitteeKind.UNION,
                name="工会委员会",
                term_years=5,
                term_start=dt.date(year - 2, 3, 1),
            )
            for pk in ids
        ]
        + [
            Committee(organization_id=pk, kind=CommitteeKind.WOMEN, name="女职工委员会")
            for pk in ids
            if at[pk] % 3
        ],
        batch_size=BATCH,
    )
    union_committees = [c for c in committees if c.kind == CommitteeKind.UNION]
    if any(c.pk is None for c in union_committees):  # a backend that does not return keys
        union_committees = list(Committee.objects.filter(organization_id__in=ids, kind=CommitteeKind.UNION))
    Seat.objects.bulk_create(
        [
            Seat(
                organization_id=c.organization_id,
                committee_id=c.pk,
                order=i,
                position=position,
                person_name=f"委员{c.pk}-{i}",
                gender="F" if i == 2 else "M",
                full_time=(i == 0 and at[c.organization_id] % 4 == 0),
            )
            for c in union_committees
            for i, position in enumerate([Position.CHAIR, Position.VICE_CHAIR, Position.MEMBER])
        ],
        batch_size=BATCH,
    )
    Congress.objects.bulk_create(
        [
            Congress(
                organization_id=pk,
                term_no=1,
                session_no=1,
                name="第一届职代会第一次会议",
                held_on=day,
                delegates_total=45,
                delegates_present=42,
            )
            for pk in ids
            if at[pk] % 5
        ],
        batch_size=BATCH,
    )
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                organization_id=pk,
                item="业务招待费公开",
                category=DisclosureCategory.HOSPITALITY_PHONE,
                channel=Channel.NOTICE_BOARD,
                disclosed_on=day,
            )
            for pk in ids
        ],
        batch_size=BATCH,
    )
    CollectiveContract.objects.bulk_create(
        [
            CollectiveContract(
                organization_id=pk,
                kind=ContractKind.COMPREHENSIVE if at[pk] % 4 else ContractKind.WOMEN,
                title="集体合同",
                employer_party="所在单位",
                signed_on=dt.date(year, 3, 28),
                effective_from=dt.date(year, 4, 1),
                effective_to=dt.date(year + 2, 3, 31),
            )
            for pk in ids
            if at[pk] % 7
        ],
        batch_size=BATCH,
    )
    kinds = list(AidKind)
    cases = AidCase.objects.bulk_create(
        [
            AidCase(
                organization_id=pk,
                case_no=f"B{pk}",
                member_id=m,
                kind=kinds[at[pk] % len(kinds)],
                applied_on=day,
                year=year,
                amount_requested=Decimal("2000"),
                status=AidStatus.PAID,
                approved_on=day,
                approved_amount=Decimal("2000"),
            )
            for pk, m in first.items()
        ],
        batch_size=BATCH,
    )
    if any(c.pk is None for c in cases):
        cases = list(AidCase.objects.filter(organization_id__in=ids, case_no__startswith="B"))
    AidDisbursement.objects.bulk_create(
        [
            AidDisbursement(
                organization_id=c.organization_id,
                aid_case_id=c.pk,
                amount=Decimal("2000"),
                source="union",
                paid_on=day,
            )
            for c in cases
        ],
        batch_size=BATCH,
    )
    occasions = list(Occasion)
    Visit.objects.bulk_create(
        [
            Visit(
                organization_id=pk,
                title="慰问",
                occasion=occasions[at[pk] % len(occasions)],
                target_group="frontline",
                visited_on=day,
                union_officers="工会主席",
                recipient_count=10,
                cash_amount=Decimal("1000"),
                goods_value=Decimal("200"),
            )
            for pk in ids
        ],
        batch_size=BATCH,
    )
    vouchers = Voucher.objects.bulk_create(
        [
            Voucher(
                organization_id=pk,
                date=day,
                year=year,
                number=1,
                status=VoucherStatus.POSTED,
                description="会费收入与慰问支出",
                income_total=Decimal("5000"),
                expenditure_total=Decimal("1200"),
            )
            for pk in ids
        ],
        batch_size=BATCH,
    )
    if any(v.pk is None for v in vouchers):
        vouchers = list(Voucher.objects.filter(organization_id__in=ids, year=year, number=1))
    VoucherLine.objects.bulk_create(
        [
            VoucherLine(organization_id=v.organization_id, voucher_id=v.pk, category=category, amount=amount)
            for v in vouchers
            for category, amount in (
                (Category.DUES, Decimal("5000")),
                (Category.RIGHTS_VISITS, Decimal("1200")),
            )
        ],
        batch_size=BATCH,
    )


# ---- measuring ------------------------------------------------------------------------------
def statistics_run(root: Organization, year: int) -> dict[str, Any]:
    """statistics_tables + statistics_xlsx of ``root`` for ``year``: seconds, CPU and queries."""
    access = superuser_access()
    with CaptureQueriesContext(connection) as ctx:
        start, cpu = time.perf_counter(), time.process_time()
        tables = statistics_tables(root, year, access=access)
        tables_s = time.perf_counter() - start
        out = io.BytesIO()
        statistics_xlsx(tables, org=root, year=year, out=out)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": round(seconds, 2),
        "tables_s": round(tables_s, 2),
        "cpu_s": round(cpu, 2),
        "queries": len(ctx.captured_queries),
        "xlsx_kb": len(out.getvalue()) // 1024,
    }


def other_measures(when: str, root: Organization | None, write: Any) -> dict[str, Any]:
    """The other parts' measures that run ``when`` (see ``MEASURES``)."""
    figures: dict[str, Any] = {}
    for dotted, names, moment in MEASURES:
        if moment != when:
            continue
        try:
            measure = import_string(dotted)
        except (ImportError, AttributeError):
            write(f"{dotted}: not available")
            continue
        try:
            got = measure(federation=root) if moment == "federation" else measure()
        except Exception as e:  # another part's measure failing must not lose ours
            write(f"{dotted}: failed ({type(e).__name__}: {e})")
            continue
        figures.update({n: got.get(n) for n in names})
    return figures


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (None, None, None)
    return {
        "cpus": os.cpu_count(),
        "load": [round(x, 2) for x in load if x is not None],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "db": connection.vendor,
        "python": platform.python_version(),
    }


class Command(BaseCommand):
    help = "Benchmark the reports (statistics, and the other parts' measures); the last line is JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unions", type=int, default=10_000)
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument(
            "--townships", type=int, default=20, help="0: the unions directly under the federation"
        )
        parser.add_argument(
            "--baseline",
            type=int,
            default=50,
            help="Unions of the smaller run whose query count must be equal.",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark data instead of rolling it back."
        )

    def handle(
        self,
        *args: Any,
        unions: int,
        members: int,
        townships: int,
        baseline: int,
        keep: bool = False,
        **o: Any,
    ) -> None:
        if unions < 1 or members < 0 or baseline < 1 or townships < 0:
            raise CommandError(
                "--unions and --baseline must be positive, --members and --townships not negative."
            )
        year = timezone.localdate().year - 1
        write = self.stdout.write
        figures: dict[str, Any] = {name: None for name, _t, _u in TARGETS}
        facts: dict[str, Any] = {}
        with unscoped("a benchmark command acts across unions"):
            figures.update(other_measures("alone", None, write))
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    root = build("BENCH-R", unions, members, min(townships, unions), year)
                    small = build(
                        "BENCH-S", baseline, min(members, baseline * 100), min(townships, baseline), year
                    )
                    facts["fill_s"] = round(time.perf_counter() - started, 1)
                    write(f"built {unions:,} unions and {members:,} members in {facts['fill_s']} s")
                    past, now = statistics_run(root, year), statistics_run(root, year + 1)
                    past_small, now_small = statistics_run(small, year), statistics_run(small, year + 1)
                    figures["statistics_s"] = past["seconds"]
                    facts["statistics_this_year_s"] = now["seconds"]
                    facts["statistics_queries"] = {
                        f"{year}": [past_small["queries"], past["queries"]],
                        f"{year + 1}": [now_small["queries"], now["queries"]],
                    }
                    for label, run, base in (
                        (str(year), past, past_small),
                        (f"{year + 1} (today)", now, now_small),
                    ):
                        same = "equal" if run["queries"] == base["queries"] else "DIFFERENT"
                        write(
                            f"statistics {label}: {run['seconds']} s (tables {run['tables_s']} s, "
                            f"cpu {run['cpu_s']} s, xlsx {run['xlsx_kb']} KB); queries {baseline:,} unions → "
                            f"{base['queries']}, {unions:,} unions → {run['queries']} ({same})"
                        )
                    figures.update(other_measures("inside", None, write))
                    figures.update(other_measures("federation", root, write))
                    if not keep:
                        raise RollbackError
            except RollbackError:
                pass
        for name, target, unit in TARGETS:
            value = figures.get(name)
            if value is None:
                write(f"{name}: not available (target ≤ {target:g} {unit})")
            else:
                write(f"{name}: {value} {unit} (target ≤ {target:g} {unit}, ratio {value / target:.2f})")
        write(
            json.dumps(
                {**figures, **facts, "unions": unions, "members": members, **machine()}, ensure_ascii=False
            )
        )
