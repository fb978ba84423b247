"""The registry of background report jobs: each kind says who may start it and how it writes
its file. The jobs part (models, runner, pages) runs them; the statistics and the 台账 pack
register kinds here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any


@dataclass
class JobContext:
    """What a job's writer gets: the union it is for, its parameters, who started it (their
    ``access`` decides what the file may show, as on a page), a progress callback taking a
    fraction 0..1, and ``out``, the open binary file to write into (a temporary file the runner
    renames into place only when the writer returns: a failed job leaves no file)."""

    organization: Any
    params: dict[str, Any]
    access: Any
    out: IO[bytes]
    progress: Callable[[float], None] = field(default=lambda fraction: None)


@dataclass(frozen=True)
class JobKind:
    name: str  # "statistics", "pack"
    label: Any  # shown on the job's page
    perm: str  # held on the organization to start it
    write: Callable[[JobContext], str]  # writes ctx.out, returns the download's file name


_kinds: dict[str, JobKind] = {}


def job_kind(name: str, *, label: Any, perm: str) -> Callable[[Callable[[JobContext], str]], Callable]:
    def register(fn: Callable[[JobContext], str]) -> Callable[[JobContext], str]:
        _kinds[name] = JobKind(name, label, perm, fn)
        return fn

    return register


def get_kind(name: str) -> JobKind:
    return _kinds[name]


def all_kinds() -> list[JobKind]:
    return list(_kinds.values())
