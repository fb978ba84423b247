"""Job kinds for the jobs' tests only: one that writes bytes and reports progress, one that
fails, one refused with a reason, one whose process dies half-way, one that lists what its
writer can see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gonghui.accounts.roles import Perm
from gonghui.core.errors import DomainError
from gonghui.members.models import Member
from gonghui.orgs.models import Organization
from gonghui.reports.jobs import kinds
from gonghui.reports.jobs.kinds import JobContext, job_kind
from gonghui.reports.jobs.models import ReportJob

CONTENT = "第一行\n第二行\n".encode()
# What the writers saw while running: progress as stored, the names they could read.
seen: dict[str, Any] = {}


def write_bytes(ctx: JobContext) -> str:
    ctx.out.write(CONTENT[:9])
    ctx.progress(0.42)
    running = ReportJob.objects.unscoped("the test reads the running job").get(status="running")
    seen["progress"] = running.progress
    ctx.out.write(CONTENT[9:])
    ctx.progress(1.0)
    return f"../{ctx.organization.name} {ctx.params.get('year', '')}年测试.xlsx"


def write_then_fail(ctx: JobContext) -> str:
    ctx.out.write(b"half a file")
    ctx.progress(0.5)
    raise RuntimeError("the writer broke")


class ProcessKilled(BaseException):
    """The process dying under the writer (a SIGKILL): no handler of the runner's runs."""


def write_then_die(ctx: JobContext) -> str:
    ctx.out.write(b"half a pack")
    ctx.out.flush()
    raise ProcessKilled


def write_refused(ctx: JobContext) -> str:
    ctx.out.write(b"half")
    raise DomainError("该联合会下没有任何基层工会。")


def write_scope(ctx: JobContext) -> str:
    names = sorted(Member.objects.values_list("name", flat=True))
    orgs = sorted(Organization.objects.values_list("name", flat=True))
    seen["members"], seen["orgs"] = names, orgs
    ctx.out.write("\n".join(names + orgs).encode())
    return "scope.txt"


KINDS = {
    "test-bytes": (write_bytes, Perm.MEMBERS_VIEW),
    "test-fail": (write_then_fail, Perm.MEMBERS_VIEW),
    "test-refused": (write_refused, Perm.MEMBERS_VIEW),
    "test-killed": (write_then_die, Perm.MEMBERS_VIEW),
    "test-scope": (write_scope, Perm.MEMBERS_VIEW),
    "test-personal": (write_bytes, Perm.PERSONAL_DATA),
}


@contextmanager
def registered_test_kinds() -> Iterator[None]:
    """The kinds above registered for the duration of a test, then removed."""
    for name, (write, perm) in KINDS.items():
        job_kind(name, label=f"测试报表 {name}", perm=perm)(write)
    seen.clear()
    try:
        yield
    finally:
        for name in KINDS:
            kinds._kinds.pop(name, None)
