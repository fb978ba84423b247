# ruff: noqa: S311 (load test randomness, not security)
"""Load mix for gonghui (run by ``bench/load.py``; loopback only, bounded in time and count).

Three kinds of people, as on a working day:

- ``OfficerUser``: a union chair lists the roster, searches it, opens a member, edits a member
  and a work meeting (real form POSTs with the CSRF token, on records of their own union);
- ``FederationUser``: a federation admin opens the home page, the dashboards, the statistics,
  the returns, the member statistics;
- ``ImporterUser``: a chair uploads a small roster (CSV of new people with valid ID numbers),
  checks it and imports it;
- ``WriterUser`` (only when named on the command line): writes and nothing else, for the
  SQLite concurrent-writers run.

The users are locust's ``FastHttpUser`` (geventhttpclient): the load generator shares this
machine's cores with the server, and this client costs a fraction of ``requests``' CPU.

Request names start with the group (``officer:``, ``federation:``, ``importer:``, ``writer:``):
``load.py`` reads the figures per group from them. An answer counts as a failure when its
status is not the expected one or an edit comes back with the form (a validation error).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

PASSWORD = os.environ.get("LOAD_PASSWORD", "gonghui-demo-2025")
# Bounded in count as well as in time: the run stops after this many requests.
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "500000"))
# Think times are multiplied by this (``load.py --pace``): 1 is the stress pace below.
PACE = float(os.environ.get("LOAD_PACE", "1"))
CHAIRS = ["bureau_chair", "changan_chair", "chengguan_chair"]
FEDERATION = ["city_admin", "county_admin", "qingshan_admin"]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
_count = {"requests": 0}


def paced(low: float, high: float) -> Any:
    return between(low * PACE, high * PACE)


@events.test_start.add_listener
def _loopback_only(environment: Any, **_: Any) -> None:
    host = urlparse(environment.host or "").hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"bench/locustfile.py runs against loopback only, not {host!r}")


@events.request.add_listener
def _bounded(**_: Any) -> None:
    _count["requests"] += 1
    runner = getattr(_bounded, "runner", None)
    if _count["requests"] >= MAX_REQUESTS and runner is not None:
        runner.quit()


@events.init.add_listener
def _keep_runner(environment: Any, **_: Any) -> None:
    _bounded.runner = environment.runner  # type: ignore[attr-defined]


# The measured window (``load.py``): LOAD_MEASURE_S seconds from the moment every user has
# logged in — a password hash each, which on a busy ramp-up queues for a minute. Without
# LOAD_MARK, from the first user on.
MEASURE_S = float(os.environ.get("LOAD_MEASURE_S", "0"))
MARK = os.environ.get("LOAD_MARK", "")
_logged_in = {"n": 0}


@events.test_start.add_listener
def _measure_from_start(environment: Any, **_: Any) -> None:
    if MEASURE_S and not MARK:
        gevent.spawn_later(MEASURE_S, environment.runner.quit)


def logged_in(environment: Any) -> None:
    """A user has logged in; once they all have, the measured window starts."""
    _logged_in["n"] += 1
    if not MARK or _logged_in["n"] != environment.runner.target_user_count:
        return
    environment.stats.reset_all()
    Path(MARK).write_text(str(Path(os.environ["LOAD_ACCESS_LOG"]).stat().st_size))
    gevent.spawn_later(MEASURE_S, environment.runner.quit)


class _Forms(HTMLParser):
    """Every <form> of a page: its attributes and the values a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}, "multi": {}, "options": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.forms[-1]["multi"].setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select, self._first_option = name, None
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self.forms[-1]["options"].setdefault(self._select, []).append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select and self.forms:
            # Nothing selected: a browser sends the first option.
            fields = self.forms[-1]["fields"]
            if not fields.get(self._select) and self._first_option:
                fields[self._select] = self._first_option
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def main_form(html: str) -> dict[str, Any]:
    """The page's own POST form (no action: it posts to itself), with the most fields."""
    parser = _Forms()
    parser.feed(html)
    own = [
        f
        for f in parser.forms
        if f["attrs"].get("method", "").lower() == "post" and not f["attrs"].get("action")
    ]
    if not own:
        raise ValueError("no form on the page")
    form = max(own, key=lambda f: len(f["fields"]))
    data: dict[str, Any] = dict(form["fields"])
    data.update(form["multi"])
    data["__options__"] = form["options"]
    return data


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def new_id_number(rng: random.Random) -> str:
    """A valid resident ID number, almost surely new: a random county of a real province."""
    born = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(11000))
    area = f"{rng.choice(['11', '31', '44', '51', '62', '65'])}{rng.randrange(10000):04d}"
    first17 = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


class _Gonghui(FastHttpUser):
    abstract = True
    usernames: list[str] = []
    group = ""

    def on_start(self) -> None:
        self.username = random.choice(self.usernames)
        page = self.client.get("/accounts/login/", name=f"{self.group}:login")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(page.text),
            },
            headers={"Referer": page.url},
            name=f"{self.group}:login",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login of {self.username} refused ({r.status_code})")
                raise StopUser
        logged_in(self.environment)

    def get(self, url: str, name: str) -> Any:
        return self.client.get(url, name=f"{self.group}:{name}")

    def edit(self, url: str, name: str, change: dict[str, str]) -> None:
        """GET the edit form, POST it back with ``change``: a success redirects."""
        page = self.get(url, f"{name} form")
        if page.status_code != 200:
            return
        data = main_form(page.text)
        data.pop("__options__")
        data.update(change)
        with self.client.post(
            url,
            data=data,
            headers={"Referer": page.url},
            name=f"{self.group}:{name} save",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                errors = re.findall(r"invalid-feedback[^>]*>([^<]+)", r.text)[:3]
                r.failure(f"edit refused ({r.status_code}): {errors}")

    def edit_a_member(self) -> None:
        pk = self.pick("members")
        if pk:
            self.edit(
                f"/members/{pk}/edit/", "member edit", {"job": random.choice(["检修工", "值班员", "技术员"])}
            )

    def edit_a_meeting(self) -> None:
        pk = self.pick("work-meetings")
        if pk:
            self.edit(
                f"/work-meetings/{pk}/edit/",
                "meeting edit",
                {"decisions": f"压测修改 {random.randrange(10**6)}"},
            )

    def pick(self, slug: str) -> str | None:
        page = self.get(f"/{slug}/", f"{slug} list")
        ids = re.findall(rf'href="/{slug}/(\d+)/"', page.text)
        return random.choice(ids) if ids else None


class OfficerUser(_Gonghui):
    weight = 6
    wait_time = paced(1, 5)
    usernames = CHAIRS
    group = "officer"

    @task(4)
    def roster(self) -> None:
        self.get("/members/", "members list")

    @task(3)
    def search(self) -> None:
        self.get(f"/members/?q={random.choice(SURNAMES)}", "members search")

    @task(2)
    def member(self) -> None:
        pk = self.pick("members")
        if pk:
            self.get(f"/members/{pk}/", "member detail")

    @task(2)
    def edit_member(self) -> None:
        self.edit_a_member()

    @task(1)
    def edit_meeting(self) -> None:
        self.edit_a_meeting()

    @task(1)
    def home(self) -> None:
        self.get("/", "home")


class FederationUser(_Gonghui):
    weight = 3
    wait_time = paced(2, 6)
    usernames = FEDERATION
    group = "federation"

    @task(2)
    def home(self) -> None:
        self.get("/", "home")

    @task(3)
    def dashboards(self) -> None:
        self.get("/reports/dashboards/", "dashboards")

    @task(3)
    def statistics(self) -> None:
        self.get("/reports/statistics/", "statistics")

    @task(1)
    def member_statistics(self) -> None:
        self.get("/members/statistics/", "member statistics")

    @task(1)
    def returns(self) -> None:
        self.get("/federation/returns/", "returns")


def roster_csv(rng: random.Random, rows: int) -> bytes:
    lines = ["姓名,身份证号,入会时间"]
    lines += [
        f"压测{rng.choice(SURNAMES)}{rng.randrange(10**6)},{new_id_number(rng)},2024-03-01"
        for _ in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


class _Importer(_Gonghui):
    abstract = True

    def import_roster(self) -> None:
        page = self.get("/members/import/", "import page")
        if page.status_code != 200:
            return
        form = main_form(page.text)
        if not form.get("organization"):  # no union preselected: the first one offered
            form["organization"] = next(o for o in form["__options__"]["organization"] if o)
        file = ("roster.csv", roster_csv(random.Random(), random.randint(5, 20)), "text/csv")
        with self.client.post(
            "/members/import/",
            data={k: v for k, v in form.items() if k in {"csrfmiddlewaretoken", "organization"}},
            files={"file": file},
            headers={"Referer": page.url},
            name=f"{self.group}:import upload",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"upload refused ({r.status_code})")
                return
            job_url = r.headers["Location"]
        job = self.get(job_url, "import check")
        with self.client.post(
            f"{job_url.rstrip('/')}/commit/",
            data={"csrfmiddlewaretoken": csrf_token(job.text)},
            headers={"Referer": job.url},
            name=f"{self.group}:import commit",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"commit refused ({r.status_code})")
        with self.client.get(job_url, name=f"{self.group}:import result", catch_response=True) as done:
            if "alert-success" not in done.text:  # the "Imported: n new members" banner
                done.failure("the roster was not imported")


class ImporterUser(_Importer):
    weight = 1
    wait_time = paced(5, 15)
    usernames = ["bureau_chair", "changan_chair"]
    group = "importer"

    @task
    def roster(self) -> None:
        self.import_roster()


class WriterUser(_Importer):
    """Writes only, back to back: the SQLite concurrent-writers run (``load.py --writers``)."""

    # Only in the writers run (load.py sets LOAD_MODE): never part of the plain mix.
    abstract = os.environ.get("LOAD_MODE") != "writers"
    wait_time = between(0.05, 0.3)
    usernames = CHAIRS
    group = "writer"

    @task(4)
    def edit_member(self) -> None:
        self.edit_a_member()

    @task(2)
    def edit_meeting(self) -> None:
        self.edit_a_meeting()

    @task(1)
    def roster(self) -> None:
        self.import_roster()
