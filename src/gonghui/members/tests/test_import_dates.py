"""The import warns of unlikely ages with row and column, and refuses impossible dates (issue 18, item 9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gonghui.members.importer import jobs
from gonghui.members.importer.plan import check_file
from gonghui.members.models import ImportJob
from gonghui.members.synthetic import People
from gonghui.members.tests.conftest import person_row
from gonghui.members.validators import with_check_char

OLD_MAN = with_check_char("53010219100515001")  # born 1910-05-15, a man


def _rows(people: People) -> list[list[Any]]:
    rows = [person_row(people.person(i), i + 1) for i in range(3)]
    child = people.person(0).birth_date
    rows[0][8] = dt.date(child.year + 5, child.month, min(child.day, 28)).isoformat()  # joined at five
    rows[1][2], rows[1][4], rows[1][5], rows[1][8] = "男", OLD_MAN, "1910-05-15", "1950-01-01"
    return rows


def test_unlikely_ages_are_warnings_with_row_and_column(
    tree: Any, people: People, write_xlsx: Callable[..., str]
) -> None:
    plan = check_file(write_xlsx(_rows(people)), tree.union_a)
    assert plan.ok, [p.as_list() for p in plan.problems]  # warnings do not block
    found = {(w.row, w.column[0]): w.message for w in plan.warnings}
    assert "5 岁" in found[(2, "I")] and "16" in found[(2, "I")]  # the join date's column
    assert "100" in found[(3, "F")]  # the birth date's column
    assert plan.warning_count == 2 and plan.new == 3


def test_joining_before_birth_is_a_problem(tree: Any, people: People, write_xlsx: Callable[..., str]) -> None:
    rows = _rows(people)
    born = people.person(2).birth_date
    rows[2][8] = (born - dt.timedelta(days=1)).isoformat()
    plan = check_file(write_xlsx(rows), tree.union_a)
    assert not plan.ok and any(p.row == 4 and p.column[0] == "I" for p in plan.problems)


def test_the_preview_lists_the_warnings(
    tree: Any, people: People, write_xlsx: Callable[..., str], chair_a: Any
) -> None:
    path = write_xlsx(_rows(people))
    with open(path, "rb") as f:
        chair_a.post("/members/import/", {"organization": tree.union_a.pk, "file": f})
    job = ImportJob.objects.get()
    assert job.warning_count == 2 and job.warnings[0][0] == 2
    page = chair_a.get(f"/members/import/{job.pk}/").content.decode()
    assert "不太合常理" in page and "入会时仅 5 岁" in page and "导入" in page
    jobs.job_commit(job.pk)
    assert ImportJob.objects.get().status == "done"
