"""``gonghui bench_roster --members 1000000``: roster pages on a big database, through the test client.

In a fresh database of the current kind (new SQLite file or PostgreSQL database) and a fresh
process: a federation with ``--unions`` unions (5 groups each), the members spread evenly,
each with a JOIN event and employer facts. Then, as a union's chair and as the federation's
admin, each page is requested ``--repeat`` times after a warm-up: the roster list, the
three searches (name prefix, pinyin initials, last four ID digits) and the statistics.
Prints one JSON line per (user, page) with p50 and p95 in milliseconds; a search's line also
says how many members it matched. The people's ID numbers are realistic (``synthetic.py``:
sequence codes over 001–998), so four tail digits match about 1 in 10,000 of them.

The statistics of today add up per-union tallies (``members/tallies.py``), rebuilt when a
union's roster changed: before each statistics request (warm-ups too, untimed) one member
of a random union in the user's scope is edited through the service, so every timed request
pays a realistic rebuild. One more line gives the cold figure: the federation's first
request of a day, when every union's tallies are stale.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import Role
from gonghui.core.scope import subtree_q, unscoped
from gonghui.members.importer.write import insert_rows
from gonghui.members.management.commands.bench_import import argparse_suppress, fresh_database_env
from gonghui.members.models import EventKind, Member, MembershipEvent, MemberStatus, TallyState
from gonghui.members.selectors import search_q
from gonghui.members.services import member_update
from gonghui.members.synthetic import MEMBER_COLS, People, member_row
from gonghui.orgs.models import EmployerYear, Organization, OrgType

GROUPS_PER_UNION = 5
CHUNK = 20_000


def fill(members: int, unions: int) -> dict[str, Any]:
    """A federation, its unions and groups, and ``members`` members with their JOIN events, in bulk."""
    from gonghui.conftest import make_org  # the tests' helper: it loads pytest, a dev dependency

    root = make_org(None, "BENCH-FED", OrgType.FEDERATION, name="基准总工会")
    step = Organization._get_path
    union_rows, group_rows = [], []
    for u in range(unions):
        path = step(root.path, 2, u + 1)
        union_rows.append(
            Organization(
                path=path,
                depth=2,
                numchild=GROUPS_PER_UNION,
                code=f"BU{u:05d}",
                name=f"基准单位{u}工会",
                org_type=OrgType.GRASSROOTS,
                founded_on=dt.date(2000, 1, 1),
            )
        )
        for g in range(GROUPS_PER_UNION):
            group_rows.append(
                Organization(
                    path=step(path, 3, g + 1),
                    depth=3,
                    numchild=0,
                    code=f"BU{u:05d}-G{g}",
                    name=f"基准单位{u}第{g + 1}小组",
                    org_type=OrgType.GROUP,
                )
            )
    Organization.objects.bulk_create(union_rows + group_rows, batch_size=2000)
    Organization.objects.filter(pk=root.pk).update(numchild=unions)
    ids = dict(Organization.objects.filter(depth=2).values_list("code", "pk"))
    groups = dict(Organization.objects.filter(depth=3).values_list("code", "pk"))
    EmployerYear.objects.bulk_create(
        [
            EmployerYear(organization_id=pk, year=2025, employer_name=code, employees=members // unions + 50)
            for code, pk in ids.items()
        ]
    )
    people = People(seed=99)
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    for start in range(0, members, CHUNK):
        rows = []
        for i in range(start, min(start + CHUNK, members)):
            p = people.person(i)
            u = i % unions
            code = f"BU{u:05d}"
            group = groups[f"{code}-G{i % GROUPS_PER_UNION}"]
            rows.append(
                member_row(
                    p, org_id=ids[code], group_id=group, card=f"C{i:08d}", status=MemberStatus.ACTIVE, now=now
                )
            )
        with transaction.atomic():
            insert_rows(Member, MEMBER_COLS, rows)
    with transaction.atomic():
        q = connection.ops.quote_name
        events, people_table = q(MembershipEvent._meta.db_table), q(Member._meta.db_table)
        sql = (
            f"INSERT INTO {events} (organization_id, member_id, kind, {q('on')}, status, reason, note, "  # noqa: S608
            f"created_at) SELECT organization_id, id, %s, join_date, %s, '', '', %s FROM {people_table}"
        )
        with connection.cursor() as c:
            c.execute(sql, [str(EventKind.JOIN), str(MemberStatus.ACTIVE), now])
    with connection.cursor() as c:
        c.execute("ANALYZE")  # what PostgreSQL's autovacuum (or SQLite's PRAGMA optimize) keeps current
    first = Member.objects.filter(organization_id=ids["BU00000"]).order_by("pk").first()
    return {"root": root, "union": Organization.objects.get(code="BU00000"), "tail": first.id_number[-4:]}


def measure(
    client: Any,
    url: str,
    params: dict[str, Any],
    repeat: int,
    headers: dict[str, str],
    before: Callable[[], None] | None = None,
) -> dict[str, Any]:
    times, cpu = [], []
    status = None
    for i in range(repeat + 3):
        if before is not None:  # not timed
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        resp = client.get(url, params, secure=True, **headers)
        elapsed = (time.perf_counter() - start) * 1000
        status = resp.status_code
        if i >= 3:  # warm-up
            times.append(elapsed)
            cpu.append((time.process_time() - start_cpu) * 1000)

    def p95(values: list[float]) -> float:
        return round(sorted(values)[min(len(values) - 1, int(len(values) * 0.95))], 1)

    return {
        "status": status,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": p95(times),
        # This process's CPU per request (on SQLite the database works in-process too).
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": p95(cpu),
    }


def edit_one_member(org: Any, rng: random.Random) -> Callable[[], None]:
    """A function that edits one member of a random union under ``org`` through the service."""
    with unscoped("a benchmark command acts across unions"):
        unions = list(
            Organization.objects.filter(subtree_q(org.path), depth__lte=2).values_list("pk", flat=True)
        )
    count = iter(range(1_000_000_000))

    def edit() -> None:
        with unscoped("a benchmark command acts across unions"):
            member = None
            while member is None:
                member = Member.objects.filter(organization_id=rng.choice(unions)).order_by().first()
            member_update(actor=None, obj=member, data={"job": f"基准岗位{next(count)}"})

    return edit


def search_matches(org: Any, text: str) -> int:
    """How many members in ``org``'s subtree a search finds (untimed: the work each search does).

    Counted as for someone who may search ID numbers by their last digits (``Q()``).
    """

    with unscoped("a benchmark command acts across unions"):
        under = Organization.objects.filter(subtree_q(org.path)).values("pk")
        return Member.objects.filter(search_q(text, Q()), organization__in=under).count()


def cold_statistics(client: Any, org: Any, members: int) -> dict[str, Any]:
    """The first statistics request of a day: every union's tallies are a day old."""
    runs, cpu = [], []
    for _ in range(3):
        with unscoped("a benchmark command acts across unions"):
            TallyState.objects.update(built_on=timezone.localdate() - dt.timedelta(days=1))
        start, start_cpu = time.perf_counter(), time.process_time()
        resp = client.get("/members/statistics/", {"org": org.pk}, secure=True, HTTP_HX_REQUEST="true")
        runs.append(round((time.perf_counter() - start) * 1000, 1))
        cpu.append(round((time.process_time() - start_cpu) * 1000, 1))
    return {
        "user": "bench_admin",
        "members_in_scope": members,
        "page": "statistics cold (first request of the day, every union stale)",
        "status": resp.status_code,
        "runs_ms": runs,
        "cpu_ms": cpu,
    }


def run(members: int, unions: int, repeat: int) -> list[dict[str, Any]]:

    with unscoped("a benchmark command acts across unions"):
        started = time.perf_counter()
        facts = fill(members, unions)
        fill_s = time.perf_counter() - started
        users = []
        for name, role, org in (
            ("bench_chair", Role.CHAIR, facts["union"]),
            ("bench_admin", Role.FEDERATION_ADMIN, facts["root"]),
        ):
            user = User.objects.create_user(username=name, password="bench-pass-1234")  # noqa: S106
            RoleGrant.objects.create(user=user, organization=org, role=role)
            users.append((name, user, org))
    out = []
    rng = random.Random(7)  # noqa: S311 (which member to edit)
    for name, user, org in users:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        pages = [
            ("roster list", "/members/", {"org": org.pk}, {}),
            ("search name 张", "/members/", {"org": org.pk, "q": "张"}, {}),
            ("search pinyin zs", "/members/", {"org": org.pk, "q": "zs"}, {}),
            ("search ID tail", "/members/", {"org": org.pk, "q": facts["tail"]}, {}),
            ("statistics", "/members/statistics/", {"org": org.pk}, {"HTTP_HX_REQUEST": "true"}),
        ]
        members_in_scope = members if org.depth == 1 else members // unions
        for page, url, params, headers in pages:
            before = edit_one_member(org, rng) if page == "statistics" else None
            result = measure(client, url, params, repeat, headers, before)
            if "q" in params:
                result["matches"] = search_matches(org, params["q"])
            out.append({"user": name, "members_in_scope": members_in_scope, "page": page, **result})
        if org.depth == 1:
            out.append(cold_statistics(client, org, members))
    out.append(
        {
            "fill_seconds": round(fill_s, 1),
            "members": members,
            "unions": unions,
            "db": connection.vendor,
            "load": os.getloadavg()[0],
        }
    )
    return out


class Command(BaseCommand):
    help = "Benchmark the roster pages on a database of --members members over --unions unions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--unions", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--child", action="store_true", help=argparse_suppress())

    def handle(self, *args: Any, members: int, unions: int, repeat: int, child: bool, **o: Any) -> None:
        if child:
            for line in run(members, unions, repeat):
                self.stdout.write(json.dumps(line, ensure_ascii=False))
            return
        tmp = Path(tempfile.mkdtemp(prefix="gh-bench-roster-"))
        env, drop = fresh_database_env(tmp / "roster")
        try:
            cmd = [sys.executable, "-m", "gonghui"]
            subprocess.run([*cmd, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
            done = subprocess.run(  # noqa: S603
                [
                    *cmd,
                    "bench_roster",
                    "--child",
                    "--members",
                    str(members),
                    "--unions",
                    str(unions),
                    "--repeat",
                    str(repeat),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            self.stdout.write(done.stdout.strip())
        finally:
            drop()
            shutil.rmtree(tmp, ignore_errors=True)
