"""The 台账 pack's benchmark: the pack of a 10,000-member union, its time and peak memory.

``measure()`` builds, in bulk and inside a transaction it rolls back, a federation with one
union of ``members`` members (with their monthly dues for the year: 12 rows each), a year of
posted vouchers and a realistic handful of every other record the ledgers read; then writes the
default set's pack (all fifteen ledgers) as the union's chair reads it (personal data in full,
hardship files included: the most work) into a temporary file, and returns::

    {"pack_s": wall seconds of write_pack, "pack_peak_mb": peak resident memory during it,
     "pack_peak_method": how the peak was read, "pack_rows": records written, "pack_bytes": zip size}

The peak is the process's resident set high-water mark (``VmHWM`` of /proc/self/status) reset
just before the pack is written (``echo 5 > /proc/self/clear_refs``): the whole process, with
Django, the test data's Python objects and the database cache, not only the pack's own
allocations — what a worker writing the pack would need. Where the reset is not allowed, the
figure is the RSS before the pack plus tracemalloc's peak of the pack's Python allocations
(``pack_peak_method`` says which).
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from gonghui.accounts.access import get_access
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import Role
from gonghui.activities.models import Activity
from gonghui.care.models.hardship import HardshipFile
from gonghui.care.models.visits import Visit
from gonghui.core.scope import unscoped
from gonghui.core.sensitivity import Viewer
from gonghui.democracy.models.congress import Congress, Proposal, Representative
from gonghui.finance.models.dues import DuesRecord
from gonghui.finance.models.ledger import Category, Voucher, VoucherLine, VoucherStatus
from gonghui.members.importer.write import insert_rows
from gonghui.members.models import Member, MemberStatus
from gonghui.members.synthetic import MEMBER_COLS, People, member_row
from gonghui.orgs.models import Organization, OrgType
from gonghui.orgs.services import org_create
from gonghui.protection.models import Inspection, MediationCase
from gonghui.reports.pack.build import write_pack
from gonghui.reports.pack.sets import get_set
from gonghui.skills.models import Training
from gonghui.voice.models import Activist, Suggestion

YEAR = 2025
GROUPS = 10
CHUNK = 20_000


def build(members: int) -> tuple[Organization, User]:
    """A federation, one union with its groups and ``members`` members, and a year of records."""
    fed = org_create(
        parent=None, data={"code": "BENCH-PACK-F", "name": "基准市总工会", "org_type": OrgType.FEDERATION}
    )
    union = org_create(
        parent=fed, data={"code": "BENCH-PACK-U", "name": "基准单位工会", "org_type": OrgType.GRASSROOTS}
    )
    groups = [
        org_create(
            parent=union,
            data={"code": f"BENCH-PACK-G{g:02d}", "name": f"第{g + 1}小组", "org_type": OrgType.GROUP},
        ).pk
        for g in range(GROUPS)
    ]
    union.refresh_from_db()
    people = People(seed=7)
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    for start in range(0, members, CHUNK):
        rows = []
        for i in range(start, min(start + CHUNK, members)):
            p = people.person(i)
            joined = min(p.join_date, dt.date(YEAR, 12, 31)) if p.join_date else None
            card, active = f"C{i:08d}", MemberStatus.ACTIVE
            rows.append(
                member_row(
                    p,
                    org_id=union.pk,
                    group_id=groups[i % GROUPS],
                    card=card,
                    status=active,
                    now=now,
                    join_date=joined,
                )
            )
        insert_rows(Member, MEMBER_COLS, rows)
    ids = list(Member.objects.filter(organization=union).order_by("pk").values_list("pk", flat=True))
    dues_cols = ["organization_id", "member_id", "year", "month", "wage", "amount", "exempt"]
    rng = random.Random(7)  # noqa: S311 (test data)
    batch: list[tuple[Any, ...]] = []
    for pk in ids:
        wage = Decimal(rng.randrange(3000, 12000))
        for month in range(1, 13):
            batch.append(
                (union.pk, pk, YEAR, month, wage, (wage * Decimal("0.005")).quantize(Decimal("0.01")), False)
            )
        if len(batch) >= CHUNK:
            insert_rows(DuesRecord, dues_cols, batch)
            batch = []
    if batch:
        insert_rows(DuesRecord, dues_cols, batch)
    _records(union, ids, rng)
    user = User.objects.create_user(username="bench-pack-chair", password=None)
    RoleGrant.objects.create(user=user, organization=union, role=Role.CHAIR)
    return union, user


def _records(union: Organization, ids: list[int], rng: random.Random) -> None:
    """A year of the other records, in the numbers a big union keeps."""
    day = lambda n: dt.date(YEAR, 1, 1) + dt.timedelta(days=n % 365)  # noqa: E731
    vouchers = Voucher.objects.bulk_create(
        [
            Voucher(
                organization=union,
                date=day(n // 3),
                year=YEAR,
                description=f"凭证{n + 1}",
                status=VoucherStatus.POSTED,
                number=n + 1,
            )
            for n in range(1000)
        ]
    )
    cats = list(Category)
    VoucherLine.objects.bulk_create(
        [
            VoucherLine(
                organization=union,
                voucher=v,
                category=cats[(n + k) % len(cats)],
                amount=Decimal(rng.randrange(100, 90000)) / 10,
                summary=f"摘要{n}-{k}",
            )
            for n, v in enumerate(vouchers)
            for k in range(2)
        ]
    )
    HardshipFile.objects.bulk_create(
        [
            HardshipFile(
                organization=union,
                member_id=ids[n * (len(ids) // 200 or 1)],
                file_no=f"KN{n:04d}",
                assessed_on=day(n),
                causes="illness",
                annual_income=Decimal(20000 + n),
                household_size=3,
                situation="因病致困，家庭收入低。",
            )
            for n in range(min(200, len(ids)))
        ]
    )
    Visit.objects.bulk_create(
        [
            Visit(
                organization=union,
                title=f"慰问{n}",
                occasion="new_year",
                target_group="frontline",
                visited_on=day(n * 3),
                union_officers="工会主席",
                recipient_count=10,
                cash_amount=Decimal(5000),
                goods_value=Decimal(1200),
            )
            for n in range(100)
        ]
    )
    congress = Congress.objects.create(
        organization=union,
        kind="workers",
        term_no=3,
        session_no=1,
        held_on=day(60),
        delegates_total=300,
        delegates_present=280,
    )
    Representative.objects.bulk_create(
        [Representative(organization=union, congress=congress, person_name=f"代表{n}") for n in range(300)]
    )
    Proposal.objects.bulk_create(
        [
            Proposal(
                organization=union,
                congress=congress,
                title=f"提案{n}",
                submitter=f"代表{n}",
                category="wages",
            )
            for n in range(60)
        ]
    )
    Suggestion.objects.bulk_create(
        [
            Suggestion(
                organization=union, proposer=f"职工{n}", title=f"建议{n}", submitted_on=day(n), content="内容"
            )
            for n in range(300)
        ]
    )
    Activist.objects.bulk_create(
        [Activist(organization=union, name=f"积极分子{n}", year=YEAR, area="publicity") for n in range(300)]
    )
    Activity.objects.bulk_create(
        [
            Activity(organization=union, title=f"活动{n}", kind="culture", held_on=day(n * 2))
            for n in range(150)
        ]
    )
    Training.objects.bulk_create(
        [
            Training(organization=union, course=f"培训{n}", audience="representatives", started_on=day(n * 5))
            for n in range(60)
        ]
    )
    Inspection.objects.bulk_create(
        [Inspection(organization=union, inspected_on=day(n * 7), place=f"车间{n}") for n in range(50)]
    )
    MediationCase.objects.bulk_create(
        [
            MediationCase(
                organization=union,
                title=f"争议{n}",
                applicant=f"职工{n}",
                respondent="公司",
                kind="pay",
                received_on=day(n * 9),
            )
            for n in range(30)
        ]
    )


def _hwm_kb() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _reset_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    hwm = _hwm_kb()
    return hwm is not None and hwm <= _rss_kb() + 1024


def measure(members: int = 10_000) -> dict[str, Any]:
    """Build a ``members``-member union, write its pack, roll everything back; the figures."""
    out: dict[str, Any] = {}
    with unscoped("a benchmark builds and reads its own union"), transaction.atomic():
        union, user = build(members)
        viewer = Viewer(get_access(user), reveal=True)
        ledger_set = get_set("default")
        with tempfile.TemporaryFile() as tmp:
            gc.collect()
            exact = _reset_hwm()
            if not exact:
                base = _rss_kb()
                tracemalloc.start()
            start, cpu = time.perf_counter(), time.process_time()
            result = write_pack(tmp, organization=union, year=YEAR, ledger_set=ledger_set, viewer=viewer)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            if exact:
                peak_kb, method = _hwm_kb() or 0, "VmHWM (process peak RSS, reset before the pack)"
            else:
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                peak_kb, method = base + peak // 1024, "RSS before + tracemalloc peak of the pack"
            out = {
                "pack_s": round(seconds, 3),
                "pack_cpu_s": round(cpu, 3),  # this process's CPU: what a busy machine does not inflate
                "pack_peak_mb": round(peak_kb / 1024, 1),
                "pack_peak_method": method,
                "pack_rows": sum(e.rows or 0 for e in result.entries),
                "pack_bytes": tmp.tell(),
                "members": members,
                "db": connection.vendor,
            }
        transaction.set_rollback(True)  # nothing of the benchmark stays
    return out
