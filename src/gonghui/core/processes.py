"""Which process runs a job, and whether it still lives: how a job left half-way by a killed
process (a web server or a ``db_worker`` stopped by SIGKILL, an out-of-memory kill, a power
cut) is told from one still running.

A job records its runner as ``host:pid:start`` when it starts (``start`` is the process's
start time in clock ticks since boot, from ``/proc``, so a later process that reuses the pid
is not mistaken for it). A runner on this host is alive exactly when that process is; a
runner on another host cannot be asked, and is judged by the job's age instead.
"""

from __future__ import annotations

import os
import socket
from functools import cache
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus


def _start_ticks(pid: int) -> str | None:
    """The process's start time (field 22 of /proc/<pid>/stat), None if there is no such
    process or it has ended (a zombie: killed, not yet collected by its parent)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) <= 19 or fields[0] in ("Z", "X"):
        return None
    return fields[19]


@cache
def _host() -> str:
    return socket.gethostname()[:60]


def this_process() -> str:
    """This process as a job records its runner: ``host:pid:start``."""
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_ticks(pid) or '0'}"


def runner_alive(runner: str) -> bool | None:
    """Whether the process ``runner`` (as ``this_process`` wrote it) is still running: True or
    False for a process of this host, None when it cannot be told (another host, no runner)."""
    parts = runner.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    host, pid, start = parts[0], int(parts[1]), parts[2]
    if host != _host():
        return None
    if pid == os.getpid():
        return True
    ticks = _start_ticks(pid)
    if ticks is None:
        if not os.path.isdir("/proc/self"):  # no /proc (not Linux): ask the kernel directly
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            except PermissionError:  # alive, another user's
                return True
            return True
        return False
    return start in ("0", ticks)


def end_queue_entries(tasks: list[Any], job_id: int) -> int:
    """Mark as failed the background-queue entries (django-tasks' database backend) of
    ``tasks`` that were still running job ``job_id`` when a reaper found its process dead.

    The worker that claimed them was killed, so nothing else would ever close them: they
    would stay "running" in the queue for good. Returns how many were closed.
    """
    from django_tasks_db.models import DBTaskResult  # a model: only once the apps are loaded

    paths = [t.module_path for t in tasks]
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path__in=paths, args_kwargs__args__0=job_id
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{__name__}.RunnerLost",
        traceback="The process running this task stopped; gonghui ended its job as failed.",
    )
