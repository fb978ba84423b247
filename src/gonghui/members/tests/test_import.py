"""The import: every row checked first, all rows or none written, idempotent, tolerant of real files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from django.db import connection

from gonghui.core.models import AuditEvent
from gonghui.members.importer import check as check_module
from gonghui.members.importer.plan import check_file
from gonghui.members.importer.workbooks import annotated_workbook, template_workbook
from gonghui.members.importer.write import Writer, import_file, write_plan
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.services import member_leave
from gonghui.members.synthetic import People
from gonghui.members.tests.conftest import HEADERS, person_row
from gonghui.members.tests.factories import make_member
from gonghui.members.validators import with_check_char


def _import(path: str, org: Any) -> Any:
    plan, written = import_file(path, org)
    assert plan.ok, [p.as_list() for p in plan.problems]
    return written


def _counts() -> tuple[int, int, int]:
    return Member.objects.count(), MembershipEvent.objects.count(), Member.history.count()


def test_a_good_file_creates_members_with_events_history_and_search_keys(
    tree: Any, roster: Callable[..., str]
) -> None:
    written = _import(roster(5, group="甲一小组"), tree.union_a)
    assert (written.created, written.updated) == (5, 0)
    assert _counts() == (5, 5, 0)  # like bulk_create: no "created" history rows; the JOIN events say it
    m = Member.objects.first()
    assert m.name_pinyin and m.name_initials and m.id_number_rev == m.id_number[::-1]
    assert m.union_group == tree.group_a1 and m.card_number.startswith("HY")
    assert MembershipEvent.objects.get(member=m).on == m.join_date
    assert AuditEvent.objects.filter(action="members.import").count() == 1


def test_importing_the_same_file_twice_changes_nothing(tree: Any, roster: Callable[..., str]) -> None:
    path = roster(8)
    _import(path, tree.union_a)
    before = _counts()
    again, written = import_file(path, tree.union_a)
    assert (again.new, len(again.updates), again.unchanged) == (0, 0, 8)
    assert (written.created, written.updated, written.unchanged) == (0, 0, 8)
    assert _counts() == before


def test_existing_members_of_this_union_are_updated_and_nothing_else_touched(
    tree: Any, people: People, write_xlsx: Callable[..., str]
) -> None:
    _import(write_xlsx([person_row(people.person(i), i + 1) for i in range(3)]), tree.union_a)
    bystander = make_member(tree.union_a)
    rows = [person_row(people.person(i), i + 1) for i in range(4)]
    rows[0][9] = "NEWCARD1"  # a changed card number
    path = write_xlsx(rows, name="v2.xlsx")
    plan = check_file(path, tree.union_a)  # the preview writes nothing
    assert (plan.new, len(plan.updates), plan.unchanged) == (1, 1, 2)
    assert Member.objects.count() == 4
    written = _import(path, tree.union_a)
    assert (written.created, written.updated, written.unchanged) == (1, 1, 2)
    assert Member.objects.get(id_number=people.person(0).id_number).card_number == "NEWCARD1"
    assert Member.objects.get(pk=bystander.pk).card_number == bystander.card_number
    assert Member.history.filter(history_type="~").count() == 1


@pytest.mark.parametrize("bad_at", [0, 24, 49])
def test_a_bad_row_anywhere_writes_nothing(
    tree: Any, people: People, write_xlsx: Callable[..., str], bad_at: int, monkeypatch: Any
) -> None:
    # Chunks of 10 rows after a small first one: the rows before a late bad one have been written
    # when it is found.
    monkeypatch.setattr(check_module, "CHUNK_ROWS", 10)
    added: list[int] = []
    real_add = Writer.add
    monkeypatch.setattr(Writer, "add", lambda self, rows: (added.append(len(rows)), real_add(self, rows))[1])
    rows = [person_row(people.person(i), i + 1) for i in range(50)]
    rows[bad_at][4] = rows[bad_at][4][:-1] + (
        "0" if rows[bad_at][4][-1] != "0" else "1"
    )  # wrong check character
    plan, written = import_file(write_xlsx(rows), tree.union_a)
    assert written is None and plan.problem_count == 1
    problem = plan.problems[0]
    assert problem.row == bad_at + 2 and problem.column.startswith("E") and "校验" in problem.text
    # The chunks before the bad one went in (a first one of a single row, then tens), then were rolled back.
    assert sum(added) == (0 if bad_at == 0 else 1 + (bad_at - 1) // 10 * 10)
    assert _counts() == (0, 0, 0)
    with pytest.raises(Exception, match=r"问题|problems"):
        write_plan(plan)


def test_every_problem_is_listed_with_row_column_and_a_chinese_message(
    tree: Any, people: People, write_xlsx: Callable[..., str]
) -> None:
    elsewhere = make_member(tree.union_b)
    p = [people.person(i) for i in range(8)]
    rows = [person_row(x, i + 1) for i, x in enumerate(p)]
    rows[1][5] = "2999-01-01"  # birth date in the future
    rows[2][4] = p[0].id_number  # duplicate inside the file
    rows[3][4] = elsewhere.id_number  # a member of another union
    rows[3][2], rows[3][5] = ("男" if elsewhere.gender == "M" else "女"), elsewhere.birth_date.isoformat()
    rows[4][10] = "不存在的小组"
    rows[5][2] = "男" if p[5].gender == "F" else "女"  # gender contradicts the ID number
    rows[6][6] = "12345"  # not a mobile number
    rows[7][1] = ""  # no name
    plan = check_file(write_xlsx(rows), tree.union_a)
    messages = {(pr.row, pr.column[0]): pr.text for pr in plan.problems}
    assert "晚于今天" in messages[(3, "F")]
    assert "第2行" in messages[(4, "E")]
    assert messages[(5, "E")] == "该证件号码已有会员登记，请提交转会申请"  # naming no union
    assert "不存在的小组" in messages[(6, "K")]
    assert "性别" in messages[(7, "C")]
    assert "手机" in messages[(8, "G")]
    assert "必填" in messages[(9, "B")]
    assert Member.objects.count() == 1


def test_people_who_left_another_union_are_not_taken_over(
    tree: Any, people: People, write_xlsx: Callable[..., str]
) -> None:
    gone = make_member(tree.union_b, join_date=dt.date(2020, 3, 1))  # joined before the leaving below
    member_leave(actor=None, member=gone, on=dt.date(2024, 1, 1), reason="voluntary")
    row = person_row(people.person(0), 1)
    row[1], row[4], row[8] = gone.name, gone.id_number, "2025-02-01"
    row[5], row[2] = gone.birth_date.isoformat(), "男" if gone.gender == "M" else "女"
    fresh = person_row(people.person(1), 2)
    plan, written = import_file(write_xlsx([fresh, row]), tree.union_a)
    assert written is None and [(p.row, p.column[0], p.text) for p in plan.problems] == [
        (3, "E", "该证件号码已有会员登记，请提交转会申请")
    ]
    gone.refresh_from_db()
    assert (gone.organization, gone.status) == (tree.union_b, "left")  # all or nothing: nothing
    assert Member.objects.count() == 1 and MembershipEvent.objects.filter(member=gone).count() == 2


def test_headers_are_matched_tolerantly(tree: Any, people: People, write_xlsx: Callable[..., str]) -> None:
    headers = [
        "序 号",
        "＊姓名",
        "性别",
        "民族",
        "公民身份号码",
        "出生日期（年-月-日）",
        "手机",
        "用工性质",
        "入会时间",
        "会员证号码",
        "所在小组",
    ]
    _import(write_xlsx([person_row(people.person(0), 1)], headers=headers), tree.union_a)
    headers[4] = "身份证号"
    _import(write_xlsx([person_row(people.person(1), 1)], headers=headers, name="b.xlsx"), tree.union_a)
    assert Member.objects.count() == 2


def test_real_world_cells(tree: Any, people: People, write_xlsx: Callable[..., str]) -> None:
    p = people.person(0)
    full_width_id = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in p.id_number)
    serial = (p.join_date - dt.date(1899, 12, 30)).days
    row = [
        1,
        f" {p.name} ",
        "",
        "汉",
        full_width_id,
        p.birth_date,
        float(p.mobile),
        "农民工",
        serial,
        2025001,
        "",
    ]
    row2 = person_row(people.person(1), 2)
    row2[5] = people.person(1).birth_date.strftime("%Y年%-m月%-d日")
    row2[8] = "2020/3/5"
    _import(write_xlsx([row, row2]), tree.union_a)
    m = Member.objects.get(id_number=p.id_number)
    assert (m.name, m.gender, m.ethnicity, m.mobile, m.employment_type) == (
        p.name,
        p.gender,
        "01",
        p.mobile,
        "migrant",
    )
    assert (m.join_date, m.card_number) == (p.join_date, "2025001")
    assert Member.objects.get(id_number=people.person(1).id_number).join_date == dt.date(2020, 3, 5)


def test_id_numbers_stored_as_numbers_are_refused(
    tree: Any, people: People, write_xlsx: Callable[..., str]
) -> None:
    row = person_row(people.person(0), 1)
    row[4] = float(with_check_char("53010219800515001")[:17] + "0")
    row2 = person_row(people.person(1), 2)
    row2[4] = "3.70102E+17"
    plan = check_file(write_xlsx([row, row2]), tree.union_a)
    assert plan.problem_count == 2 and all("文本" in pr.text for pr in plan.problems)


def test_formulas_merged_cells_and_csv(
    tree: Any, people: People, write_xlsx: Callable[..., str], tmp_path: Path
) -> None:
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEADERS)
    row = person_row(people.person(0), 1)
    ws.write_row(1, 0, row)
    ws.write_formula(
        1, 1, '=CONCATENATE("' + row[1][0] + '","' + row[1][1:] + '")', None, row[1]
    )  # cached value
    wb.close()
    _import(str(path), tree.union_a)
    rows = [person_row(people.person(i), i + 1) for i in range(1, 4)]
    plan = check_file(write_xlsx(rows, merge=(2, 7, 3, 7)), tree.union_a)
    assert any("合并" in pr.text for pr in plan.problems)
    csv_path = tmp_path / "gbk.csv"
    lines = [",".join(HEADERS)] + [
        ",".join(str(v) for v in person_row(people.person(i), i)) for i in range(5, 8)
    ]
    csv_path.write_bytes("\n".join(lines).encode("gb18030"))
    assert _import(str(csv_path), tree.union_a).created == 3


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "空"),
        (b"%PDF-1.4 not a roster\x00\x01", "不是"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "无法读取"),
        (b"PK\x03\x04garbage", "无法读取"),
        ("名字,年龄\n张三,30\n".encode(), "表头"),
        ("姓名,身份证号\n".encode(), "没有会员"),
    ],
)
def test_malformed_files_get_a_clear_message(tree: Any, tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    plan = check_file(str(path), tree.union_a)
    assert not plan.ok and needle in plan.problems[0].text, plan.problems
    assert Member.objects.count() == 0


def test_a_workbook_that_would_exhaust_memory_is_refused_and_the_process_survives(
    tree: Any, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["姓名", "身份证号"])
    ws.write(1048575, 16383, "far away")  # calamine would allocate the whole rectangle
    wb.close()
    plan = check_file(str(path), tree.union_a)
    assert not plan.ok and ("行" in plan.problems[0].text or "无法读取" in plan.problems[0].text)


def test_a_million_rows_of_junk(tree: Any, tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"a,b\n" + b"x,y\n" * 1_000_000)
    plan = check_file(str(path), tree.union_a)
    assert not plan.ok and "拆分" in plan.problems[0].text


def test_password_protected_workbooks(tree: Any, roster: Callable[..., str], monkeypatch: Any) -> None:
    from python_calamine import CalamineWorkbook, PasswordError

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise PasswordError("encrypted")

    path = roster(1)
    monkeypatch.setattr(CalamineWorkbook, "from_path", locked)  # the forked reader inherits it
    plan = check_file(path, tree.union_a)
    assert "密码" in plan.problems[0].text


def test_annotated_workbook_marks_the_bad_cells(
    tree: Any, people: People, write_xlsx: Callable[..., str], tmp_path: Path
) -> None:
    rows = [person_row(people.person(i), i + 1) for i in range(3)]
    rows[1][6] = "555"
    path = write_xlsx(rows)
    out = tmp_path / "marked.xlsx"
    out.write_bytes(annotated_workbook(path, tree.union_a).read())
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(3, 7).fill.fgColor.rgb.endswith("FFC7CE")
    assert "手机" in ws.cell(3, len(HEADERS) + 1).value
    assert ws.cell(2, len(HEADERS) + 1).value is None


def test_the_template_has_drop_downs_and_an_example_row_that_is_skipped(tree: Any, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    out.write_bytes(template_workbook(tree.union_a).read())
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert "姓名*" in headers and "证件号码*" in headers
    assert ws.cell(2, 1).value == "示例"
    assert len(ws.data_validations.dataValidation) >= 6
    assert wb.worksheets[1].sheet_state == "hidden" and "甲一小组" in [
        c.value for c in wb.worksheets[1]["O"] if c.value
    ] + [c.value for col in wb.worksheets[1].iter_cols() for c in col]
    plan = check_file(str(out), tree.union_a)
    assert plan.rows == 0 and "没有会员" in plan.problems[0].text
    ws.cell(3, 2).value = "王五"
    ws.cell(3, 6).value = with_check_char("53010219800515001")
    wb.save(out)
    assert _import(str(out), tree.union_a).created == 1


def test_the_statistics_count_what_an_import_wrote(tree: Any, roster: Callable[..., str]) -> None:
    from django.utils import timezone

    from gonghui.members.selectors import statistics

    today = timezone.localdate()
    # The tallies are built here: without the import marking them stale, they would stay at 0.
    assert statistics(tree.union_a, today)["members"] == statistics(tree.city, today)["members"] == 0
    _import(roster(5), tree.union_a)
    assert statistics(tree.union_a, today)["members"] == 5
    assert statistics(tree.city, today)["members"] == 5


@pytest.mark.django_db(transaction=True)
def test_an_import_in_its_own_transaction_writes_everything_and_leaves_the_checks_on(
    tree: Any, roster: Callable[..., str]
) -> None:
    # As the CLI and the background job run it: not inside a test's transaction, so on SQLite
    # the foreign-key checks are off for the import's transaction and back on after it.
    written = _import(roster(30, group="甲一小组"), tree.union_a)
    assert (written.created, _counts()) == (30, (30, 30, 0))
    assert Member.objects.filter(union_group=tree.group_a1).count() == 30
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1


def test_postgresql_keeps_no_pattern_index_beside_the_byte_ordered_search_columns(db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("varchar_pattern_ops indexes exist only on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN (%s, %s) ORDER BY 1",
            [Member._meta.db_table, "orgs_organization"],
        )
        names = [name for (name,) in cursor.fetchall()]
    twins = [n for n in names if n.endswith("_like")]
    # Organizations' codes and statuses keep theirs; none beside a byte-ordered column.
    assert not [n for n in twins if n.startswith("members_") or "_path_" in n]
    assert any("pinyin" in n for n in names) and any("path" in n for n in names)  # the plain ones stay
