"""The federation's dashboard under load: ``measure(federation)`` times N requests of its data.

``measure(federation)`` signs a federation admin of ``federation`` in (a user made for the run)
and requests the dashboard's API (``/api/v1/reports/dashboards``: every chart of the
federation's home with its table and option, the same work as the home page's charts) ``repeat``
times after a warm-up; the warm-up pays the day's tally rebuild, as the first request of a day
does. Everything it writes (the user, the tallies, a built federation) is rolled back.

Given no federation, it builds a modest one in bulk (``UNIONS`` unions, ``MEMBERS`` members with
their JOIN events and employer facts, a 60-item campaign of this year and one of last year with
scores), for a check without the big benchmark's data.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import Role
from gonghui.assessment.management.commands.bench_score import bench_definition
from gonghui.assessment.models import Assessment, Campaign, Status
from gonghui.assessment.services.campaigns import _add_assessments
from gonghui.assessment.services.standards import standard_from_definition
from gonghui.core.scope import unscoped
from gonghui.members.management.commands.bench_roster import fill
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerYear, Organization, OrgType

UNIONS = 500
MEMBERS = 50_000
REPEAT = 40
URL = "/api/v1/reports/dashboards"


class RollbackError(Exception):
    """Raised to roll the run back."""


def measure(
    federation: Organization | None = None,
    *,
    year: int | None = None,
    repeat: int = REPEAT,
    unions: int = UNIONS,
    members: int = MEMBERS,
) -> dict[str, Any]:
    """{"dashboard_p95_ms", "dashboard_p50_ms", "queries", "unions", "members", "year", "requests"}."""
    year = year or timezone.localdate().year
    result: dict[str, Any] = {}
    with unscoped("a benchmark builds and reads a whole federation"):
        try:
            with transaction.atomic():
                if federation is None:
                    federation = build(year, unions, members)
                result = _run(federation, year, repeat)
                raise RollbackError
        except RollbackError:
            pass
    return result


def build(year: int, unions: int = UNIONS, members: int = MEMBERS) -> Organization:
    """A federation of ``unions`` unions and ``members`` members with two scored campaigns."""
    root = fill(members, unions)["root"]
    facts = EmployerYear.objects.filter(organization__path__startswith=root.path, year=2025)
    if year != 2025:
        facts.update(year=year)
    standard, _created = standard_from_definition(definition=bench_definition(60))
    rng = random.Random(14)  # noqa: S311 (not security)
    codes = [c.code for c in standard.criteria.filter(kind="item")]
    for y, name in ((year - 1, "去年考核"), (year, "今年考核")):
        campaign = Campaign.objects.create(
            organization=root,
            name=name,
            year=y,
            standard=standard,
            root=root,
            org_types=[OrgType.GRASSROOTS],
            self_deadline=dt.date(y, 3, 31),
            acceptance_deadline=dt.date(y, 6, 30),
        )
        _add_assessments(campaign)
        rows = list(Assessment.objects.filter(campaign=campaign))
        statuses = [s.value for s in Status]
        for a in rows:
            points = {c: str(Decimal(rng.choice((0, 0.5, 1, 1, 1)))) for c in codes}
            a.points = points
            a.score = sum((Decimal(p) for p in points.values()), Decimal(0))
            a.grade = "达标" if a.score >= 36 else "不达标"
            a.status = rng.choice(statuses)
        Assessment.objects.bulk_update(rows, ["points", "score", "grade", "status"], batch_size=2000)
    return root


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1)


def _run(federation: Organization, year: int, repeat: int) -> dict[str, Any]:
    user = User.objects.create_user(username=f"bench-dashboard-{federation.pk}", password=None)
    RoleGrant.objects.create(user=user, organization=federation, role=Role.FEDERATION_ADMIN)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    params = {"org": federation.pk, "year": year}
    times: list[float] = []
    cpu: list[float] = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        start = time.perf_counter()
        first = client.get(URL, params, secure=True)  # the warm-up: the day's tallies built
        first_ms = (time.perf_counter() - start) * 1000
        if first.status_code != 200:
            raise RuntimeError(f"the dashboard answered {first.status_code}: {first.content[:300]!r}")
        counted: list[str] = []

        def count(execute: Any, sql: str, *args: Any) -> Any:
            counted.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):  # the request's own queries (session, user included)
            client.get(URL, params, secure=True)
        for _i in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            resp = client.get(URL, params, secure=True)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            if resp.status_code != 200:
                raise RuntimeError(f"the dashboard answered {resp.status_code}")
    charts = first.json()["charts"]
    units = Organization.objects.filter(path__startswith=federation.path, org_type=OrgType.GRASSROOTS).count()
    members = Member.objects.filter(organization__path__startswith=federation.path).count()
    return {
        "dashboard_p95_ms": _p95(times),
        "dashboard_p50_ms": round(statistics.median(times), 1),
        # This process's CPU per request (SQLite works in-process: the figure whatever the load).
        "dashboard_cpu_p95_ms": _p95(cpu),
        "first_ms": round(first_ms, 1),
        "queries": len(counted),
        "charts": [c["id"] for c in charts],
        "unions": units,
        "members": members,
        "year": year,
        "requests": repeat,
        "database": connection.vendor,
    }
