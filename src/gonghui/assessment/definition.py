"""Checking a standard read from a file and turning it into its canonical definition.

Every problem is collected with its line or cell (``Problems``) before the file is refused
whole: points that do not add up, unknown metrics, malformed rules, duplicate codes, grades
out of order, unknown keys.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gonghui.assessment import rules
from gonghui.assessment.fields import normalize_fields
from gonghui.assessment.located import Located, Problems, where
from gonghui.orgs.models import OrgType

CODE_RE = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.\-]{0,39}$")
STANDARD_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{1,59}$")

TOP_KEYS = {
    "code",
    "title",
    "description",
    "unit_types",
    "total",
    "bonus_max",
    "grades",
    "sections",
    "bonus",
    "veto",
    "mandatory_cap",
    "pass",
}
SECTION_KEYS = {"code", "title", "points", "items"}
ITEM_KEYS = {
    "code",
    "title",
    "points",
    "guidance",
    "evidence",
    "rule",
    "sub_items",
    "mandatory",
    "fields",
    "gate",
}
VETO_KEYS = {"code", "title", "guidance", "evidence", "rule"}
GRADE_KEYS = {"name", "min"}
# The grades a pass mark stands for; grade names are data, written as a standard writes them.
PASSED_GRADE = "合格"
FAILED_GRADE = "不合格"


class _Builder:
    def __init__(self, problems: Problems) -> None:
        self.p = problems
        self.codes: dict[str, str] = {}

    def unknown_keys(self, node: Located, allowed: set[str]) -> None:
        for key in node:
            if key not in allowed:
                self.p.add(
                    node,
                    key,
                    _("unknown key %(key)s; allowed here: %(keys)s.")
                    % {"key": key, "keys": ", ".join(sorted(allowed))},
                )

    def text(self, node: Located, key: str, *, required: bool = True, max_length: int = 300) -> str:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.p.add(node, key, _("%(key)s is missing.") % {"key": key})
            return ""
        if isinstance(value, dict | list):
            self.p.add(node, key, _("%(key)s must be text.") % {"key": key})
            return ""
        text = str(value).strip()
        if len(text) > max_length:
            self.p.add(
                node, key, _("%(key)s is longer than %(n)s characters.") % {"key": key, "n": max_length}
            )
        return text[:max_length]

    def number(
        self, node: Located, key: str, *, required: bool = True, positive: bool = True
    ) -> Decimal | None:
        if node.get(key) is None:
            if required:
                self.p.add(node, key, _("%(key)s is missing.") % {"key": key})
            return None
        try:
            d = rules.decimal_of(node[key], key)
        except rules.RuleError as e:
            self.p.add(node, key, str(e))
            return None
        if (positive and d <= 0) or d < 0:
            self.p.add(node, key, _("%(key)s must be above 0.") % {"key": key})
            return None
        if d != d.quantize(rules.CENT):
            self.p.add(node, key, _("%(key)s may have at most two decimals.") % {"key": key})
            return None
        return d

    def code(self, node: Located) -> str:
        code = self.text(node, "code", max_length=40)
        if not code:
            return ""
        if not CODE_RE.match(code):
            self.p.add(
                node,
                "code",
                _("the code %(code)s may only hold letters, digits, “.”, “-” and “_”.") % {"code": code},
            )
        first = self.codes.get(code)
        if first is not None:
            self.p.add(
                node,
                "code",
                _("the code %(code)s is used twice (first at %(first)s).") % {"code": code, "first": first},
            )
        else:
            self.codes[code] = where(node.place("code"))
        return code

    def as_list(self, node: Located, key: str, *, required: bool) -> list[Any]:
        value = node.get(key)
        if value is None:
            if required:
                self.p.add(node, key, _("%(key)s is missing.") % {"key": key})
            return []
        if not isinstance(value, list):
            self.p.add(node, key, _("%(key)s must be a list.") % {"key": key})
            return []
        if required and not value:
            self.p.add(node, key, _("%(key)s is empty.") % {"key": key})
        return value

    def mapping(self, parent: Located, key: str, value: Any) -> Located | None:
        if not isinstance(value, Located):
            self.p.add(parent, key, _("each entry of %(key)s must be a mapping.") % {"key": key})
            return None
        return value

    def rule(
        self,
        node: Located,
        points: Decimal,
        *,
        veto: bool = False,
        has_subs: bool = False,
        fields: list[dict[str, str]] | None = None,
    ) -> dict:
        raw = node.get("rule")
        try:
            return rules.normalize(
                raw,
                points,
                veto=veto,
                has_subs=has_subs,
                item=str(node.get("code") or ""),
                fields=fields,
                gate=None if veto else node.get("gate"),  # a veto's gate is an unknown key
            )
        except rules.RuleError as e:
            if e.key == "gate" and "gate" in node.places:
                self.p.add(node, "gate", str(e))
                return {}
            target = raw if isinstance(raw, Located) else node
            key = (
                e.key
                if isinstance(raw, Located) and e.key in raw.places
                else ("rule" if target is node else None)
            )
            self.p.add(target, key, str(e))
            return {}

    def item(self, node: Located, *, kind: str) -> dict[str, Any]:
        allowed = ITEM_KEYS if kind == "item" else ITEM_KEYS - {"sub_items"}
        self.unknown_keys(node, allowed)
        out: dict[str, Any] = {
            "code": self.code(node),
            "title": self.text(node, "title"),
            "points": None,
            "guidance": self.text(node, "guidance", required=False, max_length=2000),
            "evidence": self.text(node, "evidence", required=False, max_length=1000),
        }
        points = self.number(node, "points")
        out["points"] = rules.num_text(points) if points is not None else None
        self.extras(node, out)
        subs_raw = self.as_list(node, "sub_items", required=False) if kind == "item" else []
        subs = []
        for raw in subs_raw:
            sub = self.mapping(node, "sub_items", raw)
            if sub is not None:
                subs.append((sub, self.item(sub, kind="sub")))
        if points is not None:
            out["rule"] = self.rule(node, points, has_subs=bool(subs_raw), fields=out.get("fields"))
        if subs:
            out["sub_items"] = [s for _n, s in subs]
            total = sum((Decimal(s["points"]) for _n, s in subs if s["points"]), Decimal(0))
            if points is not None and all(s["points"] for _n, s in subs) and total != points:
                self.p.add(
                    node,
                    "points",
                    _("the sub-items add up to %(sum)s points, but the item is worth %(points)s.")
                    % {"sum": rules.num_text(total), "points": rules.num_text(points)},
                )
        return out

    def extras(self, node: Located, out: dict[str, Any]) -> None:
        """``mandatory`` and ``fields``: written into the definition only when given, so that
        a standard without them keeps its content hash."""
        if node.get("mandatory") is not None:
            if not isinstance(node["mandatory"], bool):
                self.p.add(node, "mandatory", _("mandatory is true or false."))
            elif node["mandatory"]:
                out["mandatory"] = True
        if node.get("fields") is not None:
            try:
                out["fields"] = normalize_fields(node["fields"])
            except rules.RuleError as e:
                self.p.add(node, "fields", str(e))

    def veto(self, node: Located) -> dict[str, Any]:
        self.unknown_keys(node, VETO_KEYS)
        return {
            "code": self.code(node),
            "title": self.text(node, "title"),
            "guidance": self.text(node, "guidance", required=False, max_length=2000),
            "evidence": self.text(node, "evidence", required=False, max_length=1000),
            "rule": self.rule(node, Decimal(1), veto=True),
        }

    def section(self, node: Located) -> tuple[dict[str, Any], Decimal | None]:
        self.unknown_keys(node, SECTION_KEYS)
        out: dict[str, Any] = {"code": self.code(node), "title": self.text(node, "title")}
        points = self.number(node, "points")
        out["points"] = rules.num_text(points) if points is not None else None
        items = []
        for raw in self.as_list(node, "items", required=True):
            item = self.mapping(node, "items", raw)
            if item is not None:
                items.append(self.item(item, kind="item"))
        out["items"] = items
        if points is not None and items and all(i["points"] for i in items):
            total = sum((Decimal(i["points"]) for i in items), Decimal(0))
            if total != points:
                self.p.add(
                    node,
                    "points",
                    _("the items of section %(code)s add up to %(sum)s points, but it is worth %(points)s.")
                    % {"code": out["code"], "sum": rules.num_text(total), "points": rules.num_text(points)},
                )
        return out, points

    def pass_mark(self, doc: Located, ceiling: Decimal | None) -> list[dict[str, str]]:
        """``pass: 60`` instead of grades: 合格 from the pass mark, 不合格 below it."""
        if doc.get("grades") is not None:
            self.p.add(
                doc,
                "pass",
                _(
                    "give either pass (a pass mark) or grades, not both: "
                    "pass stands for the grades 合格 and 不合格."
                ),
            )
            return []
        low = self.number(doc, "pass")
        if low is None:
            return []
        if ceiling is not None and low > ceiling:
            self.p.add(
                doc,
                "pass",
                _("the pass mark %(pass)s is above the most an assessment can reach (%(max)s points).")
                % {"pass": rules.num_text(low), "max": rules.num_text(ceiling)},
            )
            return []
        return [
            {"name": PASSED_GRADE, "min": rules.num_text(low)},
            {"name": FAILED_GRADE, "min": rules.num_text(Decimal(0))},
        ]

    def grades(self, doc: Located, ceiling: Decimal | None) -> list[dict[str, str]]:
        if doc.get("pass") is not None:
            return self.pass_mark(doc, ceiling)
        if doc.get("grades") is None:
            self.p.add(
                doc, "grades", _("grades is missing: give the grades, or only a pass mark (pass: 60).")
            )
            return []
        out: list[dict[str, str]] = []
        previous: Decimal | None = None
        names: set[str] = set()
        raw_list = self.as_list(doc, "grades", required=True)
        for raw in raw_list:
            g = self.mapping(doc, "grades", raw)
            if g is None:
                continue
            self.unknown_keys(g, GRADE_KEYS)
            name = self.text(g, "name", max_length=30)
            low = self.number(g, "min", positive=False)
            if name in names:
                self.p.add(g, "name", _("the grade %(name)s appears twice.") % {"name": name})
            names.add(name)
            if low is None:
                continue
            if previous is not None and low >= previous:
                self.p.add(
                    g,
                    "min",
                    _("grades go from the best down: each needs a lower minimum than the one before."),
                )
            if ceiling is not None and low > ceiling:
                self.p.add(
                    g, "min", _("no assessment can reach %(min)s points.") % {"min": rules.num_text(low)}
                )
            previous = low
            out.append({"name": name, "min": rules.num_text(low)})
        if out and previous is not None and previous != 0:
            self.p.add(
                raw_list[-1] if isinstance(raw_list[-1], Located) else doc,
                "min",
                _("the last grade needs the minimum 0, so that every score has a grade."),
            )
        return out


def build_definition(doc: Any, problems: Problems | None = None) -> dict[str, Any]:
    """Check a document tree and return the canonical definition, or raise StandardFileError."""
    p = problems or Problems()
    if not isinstance(doc, Located):
        if not p:
            p.add(
                None,
                None,
                _("The file must hold one standard: a mapping with code, title, total, grades and sections."),
            )
        p.raise_if_any()
    b = _Builder(p)
    b.unknown_keys(doc, TOP_KEYS)
    code = b.text(doc, "code", max_length=60)
    if code and not STANDARD_CODE_RE.match(code):
        p.add(doc, "code", _("the standard code may only hold letters, digits, “.”, “-” and “_” (2 to 60)."))
    defn: dict[str, Any] = {
        "code": code,
        "title": b.text(doc, "title", max_length=200),
        "description": b.text(doc, "description", required=False, max_length=5000),
    }
    unit_types = doc.get("unit_types") or []
    if not isinstance(unit_types, list) or any(t not in OrgType.values for t in unit_types):
        p.add(
            doc, "unit_types", _("unit_types is a list of: %(types)s.") % {"types": ", ".join(OrgType.values)}
        )
        unit_types = []
    defn["unit_types"] = list(unit_types)
    total = b.number(doc, "total")
    defn["total"] = rules.num_text(total) if total is not None else None
    sections, section_points = [], []
    for raw in b.as_list(doc, "sections", required=True):
        node = b.mapping(doc, "sections", raw)
        if node is not None:
            section, points = b.section(node)
            sections.append(section)
            section_points.append(points)
    defn["sections"] = sections
    if total is not None and sections and all(x is not None for x in section_points):
        sum_points = sum(section_points, Decimal(0))  # type: ignore[arg-type]
        if sum_points != total:
            p.add(
                doc,
                "total",
                _("the sections add up to %(sum)s points, but the total is %(total)s.")
                % {"sum": rules.num_text(sum_points), "total": rules.num_text(total)},
            )
    bonus = []
    for raw in b.as_list(doc, "bonus", required=False):
        node = b.mapping(doc, "bonus", raw)
        if node is not None:
            bonus.append(b.item(node, kind="bonus"))
    defn["bonus"] = bonus
    bonus_sum = sum((Decimal(i["points"]) for i in bonus if i["points"]), Decimal(0))
    bonus_max = b.number(doc, "bonus_max", required=False, positive=False)
    if bonus_max is None:
        bonus_max = bonus_sum
    elif bonus_max > bonus_sum:
        p.add(
            doc,
            "bonus_max",
            _("bonus_max is %(max)s, but the bonus items give only %(sum)s points.")
            % {"max": rules.num_text(bonus_max), "sum": rules.num_text(bonus_sum)},
        )
    defn["bonus_max"] = rules.num_text(bonus_max)
    veto = []
    for raw in b.as_list(doc, "veto", required=False):
        node = b.mapping(doc, "veto", raw)
        if node is not None:
            veto.append(b.veto(node))
    defn["veto"] = veto
    defn["grades"] = b.grades(doc, total + bonus_max if total is not None else None)
    cap = b.text(doc, "mandatory_cap", required=False, max_length=30)
    if cap:
        names = [g["name"] for g in defn["grades"]]
        if names and cap not in names:
            p.add(
                doc,
                "mandatory_cap",
                _("mandatory_cap names one of the grades: %(names)s.") % {"names": "、".join(names)},
            )
        defn["mandatory_cap"] = cap
    p.raise_if_any()
    return defn
