# ruff: noqa: S603 (our own fixed commands: gunicorn, locust)
"""Load test of the member pages: a fresh PostgreSQL database with one union of N members, each
with a bound account; gunicorn on loopback; locust headless (``bench/portal_locustfile.py``).

    python bench/portal_load.py --members 20000 --users 200 --minutes 3 --workers 4

The members are written in bulk (``bench/province.py``'s machinery: COPY, synthetic people with
valid ID numbers), their accounts likewise. The server runs with ``DevSender`` (the code is
shown on the page; the stored one is hashed) and trusts loopback as its proxy, so that every
simulated phone has an address of its own. Prints one JSON line: p50/p95 and errors per page,
overall, and the ratio of the worst page's p95 to the 150 ms target. The database is dropped
at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from load import BIN, free_port, group_stats, server_env, server_times, wait_up  # noqa: E402
from province import add_members, build_tree, create_database, insert_model_rows  # noqa: E402

TARGET_P95_MS = 150.0
UNUSABLE = "!"  # no password: members sign in by code


def parse() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=20_000)
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--spawn-rate", type=float, default=20)
    ap.add_argument("--wait", default="1,3", help="seconds between a phone's pages: MIN,MAX")
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    ap.add_argument("--max-requests", type=int, default=500_000)
    ap.add_argument("--prefix", default="gh_portal_load", help="the database's name before _<pid>")
    ap.add_argument("--keep", action="store_true", help="keep the database and the logs")
    return ap.parse_args()


def build(members: int) -> list[str]:
    """One union of ``members`` members and their bound accounts; their mobiles."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from gonghui.core.scope import unscoped
    from gonghui.members.models import Member
    from gonghui.portal.models import MemberAccount

    with unscoped("a benchmark builds one union of members"):
        facts = build_tree(argparse.Namespace(unions=1, members=members, cities=1, counties=1, townships=1))
        add_members(facts["unions"], members)
        people: dict[str, str] = {}
        for mobile, id_number in Member.objects.values_list("mobile", "id_number").iterator():
            if mobile and mobile not in people:
                people[mobile] = id_number
        user_model = get_user_model()
        now = dt.datetime.now(dt.UTC)
        names = [f"member-bench-{n}" for n in range(len(people))]
        insert_model_rows(
            user_model,
            [user_model(username=u, password=UNUSABLE, date_joined=now, is_active=True) for u in names],
        )
        users = dict(user_model.objects.filter(username__in=names).values_list("username", "pk"))
        accounts = [
            MemberAccount(user_id=users[u], mobile=m, id_number=i, created_at=now, bound_at=now)
            for u, (m, i) in zip(names, people.items(), strict=True)
        ]
        insert_model_rows(MemberAccount, accounts)
        _open_survey(facts["unions"][0], members)
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return list(people)


def _open_survey(union: int, members: int) -> None:
    """An online 会员评家 round open for answers, with the standard questions."""
    from django.utils import timezone

    from gonghui.voice.models import SatisfactionSurvey, SurveyState
    from gonghui.voice.services import add_default_questions

    survey = SatisfactionSurvey.objects.create(
        organization_id=union,
        title="网上会员评家（压测）",
        held_on=timezone.localdate(),
        online=True,
        state=SurveyState.OPEN,
        opened_at=timezone.now(),
        forms_issued=members,
    )
    add_default_questions(survey)


def page_figures(stats: dict[str, Any], csv_path: Path) -> dict[str, Any]:
    import csv

    out = {}
    for row in csv.DictReader(csv_path.open(encoding="utf-8")):
        if row["Name"] == "Aggregated":
            continue
        out[row["Name"]] = {
            "n": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
        }
    return out


def main() -> None:
    a = parse()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["GONGHUI_MANIFEST_STATIC"] = "0"
    tmp = Path(tempfile.mkdtemp(prefix="gonghui-portal-load-"))
    name, drop = create_database(a.prefix)
    server = None
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        mobiles = build(a.members)
        build_s = round(time.perf_counter() - started, 1)
        (tmp / "mobiles.txt").write_text("\n".join(mobiles), encoding="utf-8")
        from django.db import connections

        connections.close_all()
        env = server_env(tmp / "data")
        env.update(
            GONGHUI_CODE_SENDER="gonghui.portal.senders.DevSender",
            TRUSTED_PROXIES="127.0.0.1",
            PORTAL_MOBILES=str(tmp / "mobiles.txt"),
            PORTAL_WAIT=a.wait,
            LOAD_MAX_REQUESTS=str(a.max_requests),
        )
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"), "gonghui.wsgi:application", "-c", "python:gonghui.gunicorn_conf",
                "--bind", f"127.0.0.1:{port}", "--workers", str(a.workers), "--timeout", "120",
                "--access-logfile", str(tmp / "access.log"),
            ],
            env=env, cwd=ROOT, stdout=(tmp / "gunicorn.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_up(host)
        for _ in range(a.workers * 3):  # warm every worker up before measuring
            urllib.request.urlopen(host + "/m/sign-in/", timeout=120).read()  # noqa: S310 (loopback)
        run_started = time.time()
        subprocess.run(
            [
                str(BIN / "locust"), "-f", str(ROOT / "bench" / "portal_locustfile.py"), "--headless",
                "-u", str(a.users), "-r", str(a.spawn_rate), "-t", f"{int(a.minutes * 60)}s",
                "--host", host, "--csv", str(tmp / "locust"), "--only-summary", "--loglevel", "WARNING",
            ],
            env=env, cwd=ROOT, check=False, stdout=(tmp / "locust.out").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        elapsed = time.time() - run_started
        server.terminate()
        server.wait(30)
        access = (tmp / "access.log").read_text(encoding="utf-8", errors="replace")
        stats = group_stats(tmp / "locust_stats.csv")
        pages = page_figures(stats, tmp / "locust_stats.csv")
        measured = {k: v for k, v in pages.items() if not k.startswith("sign-in:page")}
        worst = max((v["p95_ms"] for v in measured.values()), default=0.0)
        result = {
            "db": "pg",
            "members": a.members,
            "accounts": len(mobiles),
            "build_s": build_s,
            "users": a.users,
            "minutes": a.minutes,
            "elapsed_s": round(elapsed, 1),
            "gunicorn_workers": a.workers,
            "requests": stats["overall"]["requests"],
            "errors": stats["overall"]["failures"],
            "rps": round(stats["overall"]["requests"] / max(elapsed, 1), 1),
            "p50_ms": stats["overall"]["p50"],
            "p95_ms": stats["overall"]["p95"],
            "pages": pages,
            "worst_page_p95_ms": worst,
            "p95_vs_150ms_target": round(worst / TARGET_P95_MS, 3),
            "server_ms": server_times(access),
            "server_500s": sum(1 for line in access.splitlines() if '" 500 ' in line),
            "load_avg": os.getloadavg(),
            "cpus": os.cpu_count(),
        }
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if server is not None and server.poll() is None:
            server.kill()
        if a.keep:
            print(f"kept database {name} and {tmp}", file=sys.stderr)
        else:
            drop()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
