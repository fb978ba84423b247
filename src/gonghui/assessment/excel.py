"""A standard as one Excel sheet: federations write their standards in Excel.

One row per node, one column per field (headers in Chinese or English, in any order):

    层级 | 编号 | 名称 | 分值 | 评分细则 | 佐证材料 | 规则 | 统计指标 | 参数

The level column says what a row is: 标准 (the standard itself: code, title, total,
description; parameters 加分上限=5; 适用类型=grassroots,joint; 合格分=60 in place of
the grades), 等次 (a grade: name and its minimum), 部分 (a section), 考核项 (an item
of the last section), 子项 (a sub-item of the last item), 加分项 and 否决项.
``parse_excel`` turns the sheet into the same tree as the YAML reader, remembering
each value's cell; ``definition_rows`` writes a definition back as rows,
so a standard can be downloaded, edited in Excel and loaded again.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import xlsxwriter
import yaml
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from gonghui.assessment.located import Located, Problems
from gonghui.assessment.rules import kind_of
from gonghui.core.attachments import check_office_package
from gonghui.core.errors import DomainError

HEADERS = {
    "层级": "level",
    "类型": "level",
    "level": "level",
    "编号": "code",
    "code": "code",
    "名称": "title",
    "内容": "title",
    "title": "title",
    "分值": "points",
    "points": "points",
    "评分细则": "guidance",
    "评分标准": "guidance",
    "guidance": "guidance",
    "佐证材料": "evidence",
    "evidence": "evidence",
    "规则": "rule",
    "rule": "rule",
    "统计指标": "metric",
    "metric": "metric",
    "参数": "params",
    "params": "params",
}
REQUIRED = ("level", "code", "title", "points")
LEVELS = {
    "标准": "standard",
    "standard": "standard",
    "等次": "grade",
    "grade": "grade",
    "部分": "section",
    "section": "section",
    "考核项": "item",
    "项目": "item",
    "item": "item",
    "子项": "sub",
    "sub": "sub",
    "加分项": "bonus",
    "加分": "bonus",
    "bonus": "bonus",
    "否决项": "veto",
    "一票否决": "veto",
    "veto": "veto",
}
# An Excel row has no place for an item's own keys: they are written among the rule's settings.
ITEM_PARAMS = {"mandatory": "mandatory", "必备": "mandatory", "fields": "fields", "填报项": "fields"}
STANDARD_PARAMS = {
    "必备项最高等次": "mandatory_cap",
    "加分上限": "bonus_max",
    "bonus_max": "bonus_max",
    "适用类型": "unit_types",
    "unit_types": "unit_types",
    "合格分": "pass",
    "及格分": "pass",
    "pass": "pass",
}
COLUMNS = ["层级", "编号", "名称", "分值", "评分细则", "佐证材料", "规则", "统计指标", "参数"]
SEPARATORS = re.compile(r"[;；\n]+")
PAIR_SEPARATORS = re.compile(r"[,，;；\s]+")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def parse_params(text: str, *, bands: bool) -> tuple[dict[str, Any], str]:
    """ "98:6, 95:5" (bands) or "min=1; cap=4" → a dict; the second value is an error or ""."""
    if not text:
        return {}, ""
    if bands:
        pairs = []
        for part in PAIR_SEPARATORS.split(text):
            if not part:
                continue
            m = re.fullmatch(r"[≥>=]*\s*([\d.]+)%?\s*[:：=→]\s*([\d.]+)", part)
            if m is None:
                return {}, _("write the bands as “at least:points” pairs, e.g. 98:6, 95:5, 90:3.")
            pairs.append([m.group(1), m.group(2)])
        return {"bands": pairs}, ""
    out: dict[str, Any] = {}
    for part in SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"([^=＝:：]+?)\s*[=＝:：]\s*(.+)", part)
        if m is None:
            return {}, _("write the settings as key=value pairs separated by “;”, e.g. per=1; cap=4.")
        value: Any = m.group(2).strip()
        if value.lower() in ("true", "false", "是", "否"):
            value = value.lower() in ("true", "是")
        elif value[:1] in "[{":  # a list or mapping in YAML's flow style: ratio=[a, b]; where={kind: library}
            try:
                value = yaml.safe_load(value)
            except yaml.YAMLError:
                return {}, _("“%(value)s” is not a valid list or mapping.") % {"value": value}
        out[m.group(1).strip()] = value
    return out, ""


class _Sheet:
    def __init__(self, rows: list[list[Any]], problems: Problems) -> None:
        self.rows = rows
        self.p = problems
        self.columns: dict[str, int] = {}

    def cell(self, r: int, field: str) -> str:
        return f"{column_letter(self.columns[field])}{r + 1}" if field in self.columns else f"A{r + 1}"

    def value(self, row: list[Any], field: str) -> str:
        i = self.columns.get(field)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    def node(self, r: int, row: list[Any], fields: dict[str, str]) -> Located:
        """A mapping of ``{key: field}`` values of row ``r``, each remembering its cell."""
        out = Located(origin=("cell", self.cell(r, "level")))
        for key, field in fields.items():
            text = self.value(row, field)
            if text != "":
                out[key] = text
            out.places[key] = ("cell", self.cell(r, field))
        return out

    def rule(self, r: int, row: list[Any]) -> Located | None:
        kind = self.value(row, "rule")
        if not kind:
            return None

        rule = Located({"type": kind}, origin=("cell", self.cell(r, "rule")))
        rule.places["type"] = ("cell", self.cell(r, "rule"))
        metric = self.value(row, "metric")
        if metric:
            rule["metric"] = metric
        rule.places["metric"] = ("cell", self.cell(r, "metric"))
        params, error = parse_params(self.value(row, "params"), bands=kind_of(kind) == "bands")
        if error:
            self.p.add(Located(origin=("cell", self.cell(r, "params"))), None, error)
        for key, value in params.items():
            rule[key] = value
            rule.places[key] = ("cell", self.cell(r, "params"))
        return rule


ITEM_FIELDS = {
    "code": "code",
    "title": "title",
    "points": "points",
    "guidance": "guidance",
    "evidence": "evidence",
}


def parse_excel(content: bytes) -> tuple[Any, Problems]:

    problems = Problems()
    if content.startswith(b"PK\x03\x04"):  # calamine would inflate whatever the package holds
        try:
            check_office_package(io.BytesIO(content), ".xlsx")
        except DomainError as e:
            problems.add(None, None, " ".join(e.messages))
            return None, problems
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = wb.sheet_names
        sheet = wb.get_sheet_by_name("标准") if "标准" in names else wb.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, IndexError) as e:
        problems.add(None, None, _("The workbook cannot be read (%(error)s).") % {"error": e})
        return None, problems
    return _rows_to_doc(rows, problems), problems


def _rows_to_doc(rows: list[list[Any]], problems: Problems) -> Any:
    s = _Sheet(rows, problems)
    header_row = next((i for i, row in enumerate(rows) if any(cell_text(c) for c in row)), None)
    if header_row is None:
        problems.add(None, None, _("The sheet is empty."))
        return None
    for i, value in enumerate(rows[header_row]):
        field = HEADERS.get(cell_text(value).lower()) or HEADERS.get(cell_text(value))
        if field:
            s.columns.setdefault(field, i)
    missing = [c for c in REQUIRED if c not in s.columns]
    if missing:
        problems.add(
            Located(origin=("row", header_row + 1)),
            None,
            _("the header row needs the columns %(cols)s.") % {"cols": "、".join(COLUMNS[:4])},
        )
        return None
    doc: Located | None = None
    section = item = None
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        if not any(cell_text(c) for c in row):
            continue
        level_text = s.value(row, "level")
        level = LEVELS.get(level_text) or LEVELS.get(level_text.lower())
        at = Located(origin=("cell", s.cell(r, "level")))
        if level is None:
            problems.add(
                at,
                None,
                _("unknown level “%(level)s”; use one of: %(levels)s.")
                % {"level": level_text, "levels": "标准、等次、部分、考核项、子项、加分项、否决项"},
            )
            continue
        if level == "standard":
            if doc is not None:
                problems.add(at, None, _("only one row may describe the standard."))
                continue
            doc = s.node(
                r, row, {"code": "code", "title": "title", "total": "points", "description": "guidance"}
            )
            doc.setdefault("sections", [])
            params, error = parse_params(s.value(row, "params"), bands=False)
            if error:
                problems.add(Located(origin=("cell", s.cell(r, "params"))), None, error)
            for key, value in params.items():
                name = STANDARD_PARAMS.get(key, key)
                doc[name] = (
                    [t.strip() for t in re.split(r"[,，、\s]+", value) if t.strip()]
                    if name == "unit_types"
                    else value
                )
                doc.places[name] = ("cell", s.cell(r, "params"))
            continue
        if doc is None:
            problems.add(at, None, _("the first row after the header must be the standard row (level 标准)."))
            return None
        if level == "grade":
            doc.setdefault("grades", []).append(s.node(r, row, {"name": "title", "min": "points"}))
        elif level == "section":
            section = s.node(r, row, {"code": "code", "title": "title", "points": "points"})
            section["items"] = []
            doc["sections"].append(section)
            item = None
        elif level in ("item", "bonus", "veto", "sub"):
            fields = {k: v for k, v in ITEM_FIELDS.items() if not (level == "veto" and k == "points")}
            node = s.node(r, row, fields)
            if level == "veto" and s.value(row, "points"):
                problems.add(
                    Located(origin=("cell", s.cell(r, "points"))), None, _("a veto item has no points.")
                )
            rule = s.rule(r, row)
            for key, name in ITEM_PARAMS.items():  # item keys written among the rule's settings
                if rule is not None and key in rule:
                    node[name] = rule.pop(key)
                    node.places[name] = rule.places.get(key, at)
            if rule is not None:
                node["rule"] = rule
                node.places["rule"] = ("cell", s.cell(r, "rule"))
            if level == "item":
                if section is None:
                    problems.add(at, None, _("an item needs a section (level 部分) above it."))
                    continue
                section["items"].append(node)
                item = node
            elif level == "sub":
                if item is None:
                    problems.add(at, None, _("a sub-item needs an item (level 考核项) above it."))
                    continue
                item.setdefault("sub_items", []).append(node)
            else:
                doc.setdefault(level, []).append(node)
    if doc is None:
        problems.add(None, None, _("The sheet has no standard row (level 标准)."))
    return doc


# ---- writing a definition back as rows ---------------------------------------------
def _params(rule: dict[str, Any]) -> str:
    if rule.get("type") == "bands":
        return ", ".join(f"{a}:{p}" for a, p in rule["bands"])
    return "; ".join(f"{k}={_flow(v)}" for k, v in rule.items() if k not in ("type", "metric"))


def _flow(value: Any) -> str:
    """A list or mapping in YAML's flow style (JSON is such), the rest as text."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _item_row(level: str, item: dict[str, Any]) -> list[Any]:
    rule = dict(item.get("rule") or {})
    if item.get("mandatory"):
        rule["mandatory"] = True
    if item.get("fields"):
        rule["fields"] = item["fields"]
    return [
        level,
        item["code"],
        item["title"],
        item.get("points") or "",
        item.get("guidance", ""),
        item.get("evidence", ""),
        rule.get("type", ""),
        rule.get("metric", ""),
        _params(rule),
    ]


def definition_rows(defn: dict[str, Any]) -> list[list[Any]]:
    params = [f"bonus_max={defn['bonus_max']}"]
    if defn.get("unit_types"):
        params.append("unit_types=" + ",".join(defn["unit_types"]))
    if defn.get("mandatory_cap"):
        params.append(f"mandatory_cap={defn['mandatory_cap']}")
    rows: list[list[Any]] = [
        COLUMNS,
        [
            "标准",
            defn["code"],
            defn["title"],
            defn["total"],
            defn.get("description", ""),
            "",
            "",
            "",
            "; ".join(params),
        ],
    ]
    rows += [["等次", "", g["name"], g["min"], "", "", "", "", ""] for g in defn["grades"]]
    for section in defn["sections"]:
        rows.append(["部分", section["code"], section["title"], section["points"], "", "", "", "", ""])
        for item in section["items"]:
            rows.append(_item_row("考核项", item))
            rows += [_item_row("子项", sub) for sub in item.get("sub_items", [])]
    rows += [_item_row("加分项", b) for b in defn.get("bonus", [])]
    rows += [_item_row("否决项", v) for v in defn.get("veto", [])]
    return rows


def definition_xlsx(defn: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("标准")
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    widths = [8, 10, 36, 6, 48, 30, 12, 28, 24]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w, wrap)
    for r, row in enumerate(definition_rows(defn)):
        for c, value in enumerate(row):
            if r == 0:
                ws.write_string(r, c, str(value), bold)
            else:
                ws.write_string(r, c, str(value))  # as text: codes like 1.10 stay as written
    ws.freeze_panes(1, 0)
    wb.close()
    return buffer.getvalue()
