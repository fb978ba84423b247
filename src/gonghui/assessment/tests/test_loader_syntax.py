"""A standard written by hand: YAML mistakes are told in Chinese at the line of the mistake,
with what to do; files saved by Notepad or Excel on Chinese Windows (GBK/GB18030, UTF-16) are
read; a standard may give a pass mark instead of grades."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 (short in tables of numbers)
from typing import Any

import pytest
import yaml

from gonghui.assessment.excel import definition_rows
from gonghui.assessment.loader import StandardFileError, content_hash, read_definition
from gonghui.assessment.models import Assessment, ItemScore, Standard
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.services.standards import standard_load
from gonghui.assessment.tests.conftest import STANDARD_YAML, make_campaign
from gonghui.assessment.tests.test_loader import _xlsx, line_of
from gonghui.assessment.yaml_syntax import explain


def problems_of(content: bytes | str, name: str = "std.yaml") -> list[str]:
    if isinstance(content, str):
        content = content.encode()
    with pytest.raises(StandardFileError) as e:
        read_definition(content, name)
    return e.value.messages


def _replace(old: str, new: str) -> str:
    assert STANDARD_YAML.count(old) == 1, old
    return STANDARD_YAML.replace(old, new)


# (the mistake, the line it is on, words the message must hold)
MISTAKES = {
    "a Tab indents a line": (
        _replace("    points: 12", "\tpoints: 12"),
        "points: 12",
        ["Tab", "用空格缩进"],
    ),
    "no space after the colon": (
        _replace("title: 比例", "title:比例"),
        "title:比例",
        ["“:”后面缺少空格", "title: 比例"],
    ),
    "a colon inside an unquoted title": (
        _replace("title: 人数", "title: 人数: 会员"),
        "title: 人数: 会员",
        ["加上引号", 'title: "人数: 会员"'],
    ),
    "a full-width colon after a key": (
        _replace("title: 比例", "title：比例"),
        "title：比例",
        ["中文冒号", "title: 比例"],
    ),
    "a full-width colon in the last key of an entry": (
        _replace("points: 8", "points：8"),
        "points：8",
        ["中文冒号", "points: 8"],
    ),
    "a full-width colon inside {…}": (
        _replace("{name: 优秀, min: 18}", "{name：优秀, min: 18}"),
        "name：优秀",
        ["中文冒号", "name: 优秀"],
    ),
    "a full-width comma inside {…}": (
        _replace("{name: 优秀, min: 18}", "{name: 优秀，min: 18}"),
        "name: 优秀，min",
        ["中文逗号"],
    ),
    "a key indented less than its siblings": (
        _replace("        rule: {type: proportional", "       rule: {type: proportional"),
        "rule: {type: proportional",
        ["缩进", "对齐"],
    ),
    "a key indented further than its siblings": (
        _replace("        rule: {type: proportional", "          rule: {type: proportional"),
        "rule: {type: proportional",
        ["缩进得多", "同一列"],
    ),
    "a continuation line that is not indented": (
        _replace("guidance: 10人以上得4分，5人以上得2分", "guidance: 10人以上得4分，\n5人以上得2分"),
        "5人以上得2分",
        ["不是“键: 值”", "缩进"],
    ),
    "no space after the dash": (
        _replace("      - code: B1", "      -code: B1"),
        "-code: B1",
        ["“-”后面缺少空格"],
    ),
    "an unclosed quote": (
        _replace("title: 台账, points: 2", 'title: "台账, points: 2'),
        '"台账',
        ["引号没有结束"],
    ),
    "an unclosed brace": (
        _replace("表彰, points: 2, rule: {type: manual}}", "表彰, points: 2, rule: {type: manual}"),
        "code: J1",
        ["“{”没有用“}”闭合"],
    ),
    "text after a closing quote": (
        _replace("title: 清单", 'title: "清单" 一'),
        '"清单" 一',
        ["引号结束后还有文字"],
    ),
    "a title beginning with *": (
        _replace("title: 重大事故", "title: *重大*事故"),
        "*重大*事故",
        ["不能以“*”开头", 'title: "*重大*事故"'],
    ),
    "a title beginning with @": (
        _replace("title: 工作开展", "title: @工作开展"),
        "@工作开展",
        ["不能以“@”开头"],
    ),
    "a list entry where a key is expected": (
        _replace("    title: 工作开展", "    title: 工作开展\n    - 备注"),
        "- 备注",
        ["列表项", "缩进"],
    ),
    "a second document": (STANDARD_YAML + "---\ncode: x\n", "---", ["多个文档"]),
    "a list as a key": (_replace("total: 20", "[total]: 20"), "[total]: 20", ["键不能是列表"]),
    "a control character": (_replace("title: 人数", "title: 人\x07数"), "人\x07数", ["控制字符", "U+0007"]),
    "an unknown escape": (_replace("title: 人数", 'title: "人\\q数"'), "人\\q数", ["反斜杠"]),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_yaml_mistake_is_told_in_chinese_at_its_line(name: str, db: Any) -> None:
    text, needle, words = MISTAKES[name]
    found = problems_of(text)
    first = found[0]
    assert first.startswith(f"第 {line_of(needle, text)} 行："), (name, found)
    for word in words:
        assert word in first, (name, first)
    assert "该行内容：" in first, first
    assert "mapping values" not in first and "expected" not in first, first  # PyYAML's own words
    assert Standard.objects.count() == 0


def test_the_quoted_line_is_trimmed_and_shows_its_tab(db: Any) -> None:
    long_title = "很长的标题" * 30
    first = problems_of(_replace("title: 人数", f"title: 人数: {long_title}"))[0]
    quoted = first.split("该行内容：", 1)[1]
    assert quoted.endswith("…）") and len(quoted) < 70
    first = problems_of(_replace("        points: 4\n        rule: {type: proportional", "\tpoints: 4"))[0]
    assert "该行内容：⇥points: 4" in first


def test_an_unknown_yaml_error_keeps_pyyaml_words_in_a_chinese_message() -> None:
    error = yaml.MarkedYAMLError(problem="something new", problem_mark=yaml.Mark("", 0, 2, 0, None, None))
    line, message, quoted = explain(error, "a: 1\nb: 2\nc: 3\n")
    assert (line, quoted) == (3, "c: 3")
    assert "something new" in message and "缩进" in message and "引号" in message


def test_yaml_dates_and_deep_nesting_are_refused_without_a_crash(db: Any) -> None:
    # Dates are read as text: 2025-13-45 is no error of its own, only an unknown key here.
    found = problems_of(STANDARD_YAML + "updated: 2025-13-45\n")
    assert any("updated" in p for p in found), found
    found = problems_of("a: " + "[" * 3000)
    assert found and "嵌套" in found[0]


# ---- encodings -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_a_file_saved_on_chinese_windows_is_the_same_standard(encoding: str, standard: Standard) -> None:
    content = STANDARD_YAML.encode(encoding)
    assert content != STANDARD_YAML.encode("utf-8")
    assert content_hash(read_definition(content, "std.yaml")) == standard.content_hash
    again, created = standard_load(content=content, filename="标准.yaml")
    assert not created and again.pk == standard.pk
    assert again.criteria.get(code="A1").title == "人数"


def test_a_gbk_file_with_a_mistake_names_its_line(values: Any) -> None:
    text = _replace("title: 比例", "title：比例")
    found = problems_of(text.encode("gb18030"))
    assert found[0].startswith(f"第 {line_of('title：比例', text)} 行：") and "中文冒号" in found[0]


@pytest.mark.parametrize(
    "content",
    [
        b"code: x\ntitle: \xff\xfe\xfd\n",  # neither UTF-8 nor GB18030
        STANDARD_YAML.encode("utf-16-le"),  # UTF-16 without its BOM
    ],
    ids=["bytes", "utf16-without-bom"],
)
def test_a_file_in_an_unknown_encoding_is_refused_in_chinese(content: bytes, db: Any) -> None:
    found = problems_of(content)
    assert len(found) == 1 and "编码" in found[0] and "UTF-8" in found[0] and "另存为" in found[0], found
    assert Standard.objects.count() == 0


def test_a_damaged_utf8_file_is_not_read_as_gbk_gibberish(db: Any) -> None:
    content = bytearray(STANDARD_YAML.encode())
    at = STANDARD_YAML.encode().index("比例".encode())
    content[at + 1] = 0xFF  # one byte of 比 damaged
    found = problems_of(bytes(content))
    assert len(found) == 1 and f"第 {line_of('title: 比例')} 行" in found[0] and "UTF-8" in found[0], found


# ---- a pass mark instead of grades ------------------------------------------------

GRADES = "grades:\n  - {name: 优秀, min: 18}\n  - {name: 达标, min: 12}\n  - {name: 不达标, min: 0}\n"
PASS_YAML = _replace(GRADES, "pass: 12\n")


def test_a_pass_mark_stands_for_two_grades_and_grades_an_assessment(
    values: Any, tree: Any, people: Any
) -> None:
    standard, created = standard_load(content=PASS_YAML.encode(), filename="pass.yaml")
    assert created and standard.grades == [{"name": "合格", "min": "12"}, {"name": "不合格", "min": "0"}]
    # The same grades written out are the same content.
    written = _replace(GRADES, "grades:\n  - {name: 合格, min: 12}\n  - {name: 不合格, min: 0}\n")
    assert content_hash(read_definition(written.encode(), "g.yaml")) == standard.content_hash
    campaign = make_campaign(tree.city, standard, people.admin)
    # Union A: 15 points and no veto (see test_scoring); union C: no records, 1 point, vetoed.
    for name, value in {"t_count": 11, "t_rate": D("60.00"), "t_bool": True, "t_amount": D("150.00")}.items():
        values[name][tree.union_a.pk] = value
    a = Assessment.objects.get(campaign=campaign, organization=tree.union_a)
    ItemScore.objects.create(  # the manual veto F2, judged: nothing happened
        organization=tree.union_a, assessment=a, criterion=standard.criteria.get(code="F2"), self_points=1
    )
    score_assessments(Assessment.objects.filter(campaign=campaign))
    a.refresh_from_db()
    c = Assessment.objects.get(campaign=campaign, organization=tree.union_c)
    assert (a.score, a.vetoed, a.grade) == (15, False, "合格")
    assert c.vetoed and c.grade == "不合格"


def test_a_pass_mark_in_an_excel_sheet(values: Any) -> None:
    rows = [
        ["层级", "编号", "名称", "分值", "规则", "参数"],
        ["标准", "xls-pass", "合格制标准", 10, "", "合格分=6"],
        ["部分", "一", "组织", 10, "", ""],
        ["考核项", "1.1", "台账", 10, "人工", ""],
    ]
    standard, created = standard_load(content=_xlsx(rows), filename="表.xlsx")
    assert created and standard.grades == [{"name": "合格", "min": "6"}, {"name": "不合格", "min": "0"}]
    assert definition_rows(standard.definition)[2:4] == [
        ["等次", "", "合格", "6", "", "", "", "", ""],
        ["等次", "", "不合格", "0", "", "", "", "", ""],
    ]
    rows.insert(2, ["等次", "", "达标", 6, "", ""])
    found = problems_of(_xlsx(rows), "表.xlsx")
    assert any(p.startswith("单元格 F2") and "二选一" in p for p in found), found


@pytest.mark.parametrize(
    ("text", "needle", "words"),
    [
        (_replace(GRADES, "pass: 12\n" + GRADES), "pass: 12", ["二选一"]),
        (PASS_YAML.replace("pass: 12", "pass: 23"), "pass: 23", ["合格分 23", "最高分（22 分）"]),
        (PASS_YAML.replace("pass: 12", "pass: 0"), "pass: 0", ["pass"]),
        (PASS_YAML.replace("pass: 12", "pass: 六十"), "pass: 六十", ["pass"]),
        (_replace(GRADES, ""), "code: test-std", ["grades", "pass: 60"]),
    ],
    ids=["with-grades", "above-the-maximum", "zero", "not-a-number", "neither"],
)
def test_a_wrong_pass_mark_is_refused(text: str, needle: str, words: list[str], values: Any) -> None:
    found = problems_of(text)
    assert len(found) == 1 and found[0].startswith(f"第 {line_of(needle, text)} 行："), found
    for word in words:
        assert word in found[0], found
    assert Standard.objects.count() == 0


def test_a_pass_mark_at_the_maximum_is_reachable(values: Any) -> None:
    defn = read_definition(PASS_YAML.replace("pass: 12", "pass: 22").encode(), "p.yaml")
    assert defn["grades"][0] == {"name": "合格", "min": "22"}
