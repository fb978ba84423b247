"""Standards load from YAML and from Excel alike; every mistake names its line or cell and
nothing is written; the same content loads once; changed content is a new version."""

from __future__ import annotations

import io
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.accounts.access import Access
from gonghui.assessment.excel import definition_rows, definition_xlsx
from gonghui.assessment.loader import StandardFileError, content_hash, read_definition
from gonghui.assessment.models import Criterion, CriterionKind, Standard
from gonghui.assessment.services.standards import standard_delete, standard_load
from gonghui.assessment.shipped import shipped_files
from gonghui.assessment.tests.conftest import STANDARD_YAML, load_text, make_campaign
from gonghui.core.errors import DomainError


def line_of(needle: str, text: str = STANDARD_YAML) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def problems_of(text: str, name: str = "std.yaml") -> list[str]:
    with pytest.raises(StandardFileError) as e:
        read_definition(text.encode(), name)
    return e.value.messages


def test_a_yaml_standard_builds_its_tree(standard: Standard) -> None:
    assert (standard.code, standard.version, standard.total_points, standard.bonus_max) == (
        "test-std",
        1,
        20,
        2,
    )
    assert [g["name"] for g in standard.grades] == ["优秀", "达标", "不达标"]
    kinds = dict(Criterion.objects.filter(standard=standard).values_list("code", "kind"))
    assert kinds["A"] == CriterionKind.SECTION and kinds["A3.1"] == CriterionKind.SUB
    assert kinds["J1"] == CriterionKind.BONUS and kinds["F1"] == CriterionKind.VETO
    a3 = Criterion.objects.get(standard=standard, code="A3")
    assert a3.rule == {"type": "checklist"} and [c.code for c in a3.children.order_by("position")] == [
        "A3.1",
        "A3.2",
    ]
    assert Criterion.objects.get(standard=standard, code="A1").rule == {
        "type": "bands",
        "metric": "t_count",
        "bands": [["10", "4"], ["5", "2"]],
    }


def test_loading_the_same_content_again_changes_nothing(standard: Standard) -> None:
    again, created = standard_load(content=STANDARD_YAML.encode(), filename="again.yaml")
    assert not created and again.pk == standard.pk
    # A comment or a different layout is the same content.
    again, created = standard_load(content=("# 注释\n" + STANDARD_YAML).encode(), filename="x.yml")
    assert not created and again.pk == standard.pk
    assert Standard.objects.count() == 1


def test_changed_content_is_a_new_version_and_a_used_standard_stays(
    standard: Standard, tree: Any, people: Any, make_user: Any
) -> None:
    campaign = make_campaign(tree.city, standard, people.admin)
    changed = STANDARD_YAML.replace("title: 人数", "title: 会员人数")
    v2, created = standard_load(content=changed.encode(), filename="v2.yaml")
    assert created and v2.version == 2 and v2.code == standard.code
    standard.refresh_from_db()
    assert Criterion.objects.get(standard=standard, code="A1").title == "人数"  # untouched
    assert campaign.standard_id == standard.pk
    with pytest.raises(PermissionDenied):  # no grant: the service checks the right itself
        standard_delete(access=Access(people.admin, []), standard=v2)
    root = Access(make_user(username="root", is_superuser=True), [])
    with pytest.raises(DomainError, match="考核活动"):
        standard_delete(access=root, standard=standard)
    standard_delete(access=root, standard=v2)  # unused: may go
    assert not Standard.objects.filter(pk=v2.pk).exists()


def test_points_that_do_not_add_up_are_named_by_line(values: Any) -> None:
    text = STANDARD_YAML.replace(
        "points: 4\n        guidance: 10人以上", "points: 5\n        guidance: 10人以上"
    )
    found = problems_of(text)
    section_points = f"第 {line_of('points: 12')} 行"
    assert any(p.startswith(section_points) and "合计" in p for p in found), found
    assert Standard.objects.count() == 0


def test_sub_items_and_total_must_add_up(values: Any) -> None:
    found = problems_of(STANDARD_YAML.replace("title: 台账, points: 2", "title: 台账, points: 1"))
    assert any("子项" in p for p in found), found
    found = problems_of(STANDARD_YAML.replace("total: 20", "total: 25"))
    assert any(p.startswith("第 3 行") for p in found), found


def test_unknown_metric_is_named_with_its_line_and_a_suggestion(values: Any) -> None:
    found = problems_of(STANDARD_YAML.replace("metric: t_rate", "metric: t_rat"))
    assert len(found) == 1 and found[0].startswith(f"第 {line_of('metric: t_rate')} 行"), found
    assert "t_rat" in found[0] and "t_rate" in found[0]


def test_bad_rule_duplicate_code_and_bad_grades_are_all_reported(values: Any) -> None:
    text = (
        STANDARD_YAML.replace("type: threshold, metric: t_amount", "type: thresold, metric: t_amount")
        .replace("code: B2", "code: A1")
        .replace("{name: 达标, min: 12}", "{name: 达标, min: 19}")
    )
    found = problems_of(text)
    assert any("thresold" in p for p in found), found
    assert any("A1" in p and "重复" in p for p in found), found
    assert any("等次" in p for p in found), found
    assert all(p.startswith("第 ") for p in found), found


def test_yaml_syntax_errors_and_wrong_files_are_refused(values: Any) -> None:
    assert problems_of("code: [unclosed\n")[0].startswith("第 ")
    assert "YAML" in problems_of("total: 10\n", "std.txt")[0]
    assert problems_of("- just\n- a list\n")


def _xlsx(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("标准")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    wb.close()
    return buffer.getvalue()


def test_excel_with_the_same_content_is_the_same_standard(standard: Standard) -> None:
    content = definition_xlsx(standard.definition)
    again, created = standard_load(content=content, filename="标准.xlsx")
    assert not created and again.pk == standard.pk


def test_a_hand_written_excel_sheet_loads(values: Any) -> None:
    rows = [
        ["编号", "层级", "名称", "分值", "规则", "统计指标", "参数"],  # columns in any order
        ["xls-std", "标准", "表格标准", 10, "", "", "加分上限=1"],
        ["", "等次", "达标", 6, "", "", ""],
        ["", "等次", "不达标", 0, "", "", ""],
        ["一", "部分", "组织", 10, "", "", ""],
        ["1.1", "考核项", "人数", 6, "分档", "t_count", "10:6, 5:3"],
        ["1.2", "考核项", "清单", 4, "清单", "", ""],
        ["1.2.1", "子项", "有无", 4, "是否", "t_bool", ""],
        ["J", "加分项", "表彰", 1, "人工", "", ""],
        ["F", "否决项", "事故", "", "达标", "t_count", "最高=0"],
    ]
    standard, created = standard_load(content=_xlsx(rows), filename="表.xlsx")
    assert created and standard.total_points == 10 and standard.bonus_max == 1
    codes = list(standard.criteria.order_by("position").values_list("code", "kind"))
    assert codes == [
        ("一", "section"),
        ("1.1", "item"),
        ("1.2", "item"),
        ("1.2.1", "sub"),
        ("J", "bonus"),
        ("F", "veto"),
    ]
    assert standard.criteria.get(code="F").rule == {"type": "threshold", "metric": "t_count", "max": "0"}


def test_excel_mistakes_name_their_cells_and_write_nothing(values: Any) -> None:
    rows = [
        ["层级", "编号", "名称", "分值", "评分细则", "佐证材料", "规则", "统计指标", "参数"],
        ["标准", "xls-std", "表格标准", 10, "", "", "", "", ""],
        ["等次", "", "达标", 0, "", "", "", "", ""],
        ["部分", "一", "组织", 10, "", "", "", "", ""],
        ["考核项", "1.1", "人数", 6, "", "", "分档", "t_cnt", "10:6, 5:3"],
        ["考核项", "1.2", "比例", "四", "", "", "比例", "t_rate", "full_at=80"],
        ["考核项", "1.3", "扣分", 4, "", "", "扣分", "t_count", "per 1"],
        ["其他", "", "", "", "", "", "", "", ""],
    ]
    with pytest.raises(StandardFileError) as e:
        standard_load(content=_xlsx(rows), filename="表.xlsx")
    text = "\n".join(e.value.messages)
    assert "单元格 H5" in text and "t_cnt" in text  # unknown metric, in the metric column
    assert "单元格 D6" in text  # points that are not a number
    assert "单元格 I7" in text  # settings that are not key=value
    assert "单元格 A8" in text  # unknown level
    assert Standard.objects.count() == 0 and Criterion.objects.count() == 0


def test_definition_rows_round_trip_through_the_reader(standard: Standard) -> None:
    rows = definition_rows(standard.definition)
    assert rows[0][:4] == ["层级", "编号", "名称", "分值"] and rows[1][0] == "标准"
    assert content_hash(read_definition(_xlsx(rows), "x.xlsx")) == standard.content_hash


def test_load_standard_command(values: Any, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "std.yaml"
    path.write_text(STANDARD_YAML, encoding="utf-8")
    call_command("load_standard", str(path))
    call_command("load_standard", str(path))
    out = capsys.readouterr().out
    assert "test-std" in out or "测试评分标准" in out
    assert Standard.objects.count() == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(STANDARD_YAML.replace("total: 20", "total: 30"), encoding="utf-8")
    with pytest.raises(CommandError, match="第 3 行"):
        call_command("load_standard", str(bad))
    assert Standard.objects.count() == 1


def test_a_published_standard_is_versioned_apart_from_the_shipped_one(standard: Standard, tree: Any) -> None:
    theirs = load_text(STANDARD_YAML, organization=tree.county)
    assert theirs.pk != standard.pk and theirs.version == 1 and theirs.organization == tree.county


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.stem)
def test_shipped_standards_load(path: Any, db: Any) -> None:
    """Strict: fails while a metric the shipped standards name is not registered yet."""
    standard, created = standard_load(content=path.read_bytes(), filename=path.name)
    assert created and standard.total_points == 100 and standard.bonus_max > 0
    kinds = set(standard.criteria.values_list("kind", flat=True))
    assert {"section", "item", "sub", "bonus", "veto"} <= kinds
    rules = [c.rule.get("type") for c in standard.criteria.exclude(kind__in=["section"])]
    computed = [r for r in rules if r not in ("manual", "checklist")]
    assert len(computed) > len([r for r in rules if r == "manual"]) * 3  # most items come from the records


def test_the_documented_example_loads(db: Any) -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[4] / "docs" / "standards.md"
    text = doc.read_text(encoding="utf-8")
    example = text.split("## Complete example (YAML)", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    standard, created = standard_load(content=example.encode(), filename="example.yaml")
    assert created and standard.total_points == 100 and standard.bonus_max == 3
    assert standard.criteria.get(code="1.2.1").kind == CriterionKind.SUB
