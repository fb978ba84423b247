"""A job's runner is alive exactly while its process is: a killed one is told apart, even when
its pid is reused, and a runner on another host is left to the jobs' age rule."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from gonghui.core.processes import _start_ticks, runner_alive, this_process


def killed_runner() -> str:
    """The identity a job would have recorded for a process that was then SIGKILLed."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        host = this_process().rsplit(":", 2)[0]
        runner = f"{host}:{child.pid}:{_start_ticks(child.pid)}"
        assert runner_alive(runner) is True
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    return runner


def test_this_process_is_alive_and_a_killed_one_is_not() -> None:
    assert runner_alive(this_process()) is True
    assert runner_alive(killed_runner()) is False


def test_a_reused_pid_is_not_taken_for_the_dead_runner() -> None:
    host, pid, ticks = this_process().rsplit(":", 2)
    parent = os.getppid()  # alive, but started at another time than the runner recorded
    assert runner_alive(f"{host}:{parent}:{int(ticks) + 1}") is False
    assert runner_alive(f"{host}:{pid}:{ticks}") is True


def test_a_runner_on_another_host_or_unreadable_cannot_be_told() -> None:
    _host, pid, ticks = this_process().rsplit(":", 2)
    assert runner_alive(f"another-host:{pid}:{ticks}") is None
    assert runner_alive("garbage") is None
