"""``gonghui import_members``: problems printed as row, column, message; non-zero exit; nothing written."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gonghui.members.models import Member
from gonghui.members.tests.conftest import person_row


def _run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_members", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_dry_run_then_import_then_again(tree: Any, roster: Callable[..., str]) -> None:
    path = roster(3)
    code, out, _err = _run(path, "--org", "UA", "--dry-run")
    assert code == 0 and "3" in out and Member.objects.count() == 0
    code, out, _err = _run(path, "--org", "UA")
    assert code == 0 and Member.objects.count() == 3
    code, out, _err = _run(path, "--org", "UA")
    assert code == 0 and "未变 3" in out


def test_problems_exit_non_zero_and_write_nothing(
    tree: Any, people: Any, write_xlsx: Callable[..., str]
) -> None:
    rows = [person_row(people.person(i), i + 1) for i in range(3)]
    rows[2][6] = "123"
    code, _out, err = _run(write_xlsx(rows), "--org", "UA")
    assert code == 1 and Member.objects.count() == 0
    row, column, message = err.splitlines()[0].split("\t")
    assert row == "4" and column.startswith("G") and "手机" in message


def test_bad_arguments(tree: Any, roster: Callable[..., str]) -> None:
    with pytest.raises(CommandError):
        call_command("import_members", "/nonexistent.xlsx", "--org", "UA")
    with pytest.raises(CommandError):
        call_command("import_members", roster(1), "--org", "NOPE")
    code, _out, err = _run(roster(1), "--org", "UA-G1")
    assert code == 1 and "工会小组" in err
