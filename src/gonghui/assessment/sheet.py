"""The assessment sheet as the pages show it: sections of items, each with its rule, the value
computed from the records with links to them, and both columns of scores."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.assessment import rules, selectors
from gonghui.assessment.measures import Measure, reason_entry, reason_text
from gonghui.assessment.measures import evidence as measure_evidence
from gonghui.assessment.models import Assessment, Criterion, CriterionKind, ItemScore
from gonghui.assessment.scoring import Compiled, compile_standard, totals, unjudged
from gonghui.core.metrics import Kind, format_value
from gonghui.core.models import Attachment
from gonghui.core.records import registry as records

log = logging.getLogger("gonghui")
EVIDENCE_LINKS = 5


@dataclass
class Reported:
    """One value the union reports for an item: its field and what was reported ("" for nothing)."""

    key: str
    label: str
    type: str
    value: str = ""
    # Set by a page that shows what a person typed and why it was refused (the stored value
    # stays in ``value``).
    typed: str | None = None
    error: str = ""

    @property
    def input_value(self) -> str:
        return self.value if self.typed is None else self.typed

    @property
    def unit(self) -> str:
        if self.type == "people":
            return pgettext("unit", "people")
        if self.type == "times":
            return pgettext("unit", "times")
        return "%" if self.type == "percent" else ""

    @property
    def text(self) -> str:
        """The value as the sheet shows it: 120 人, 95%, 2026-05-01; "" for nothing."""
        if not self.value:
            return ""
        if self.type == "percent":
            return f"{self.value}%"
        return f"{self.value} {self.unit}" if self.unit else self.value

    @property
    def input_type(self) -> str:
        return "date" if self.type == "date" else "text"

    @property
    def inputmode(self) -> str:
        return {"people": "numeric", "times": "numeric", "percent": "decimal"}.get(self.type, "")


def reported_of(criterion: Criterion, score: ItemScore | None) -> list[Reported]:
    """The item's fields in the standard's order, each with the union's value."""
    values = (score.reported or {}) if score is not None else {}
    return [
        Reported(f["key"], f["label"], f["type"], str(values.get(f["key"], "") or ""))
        for f in criterion.fields or []
    ]


@dataclass
class Row:
    criterion: Criterion
    top: Decimal
    rule_text: str
    value: str = "—"
    computed: Decimal | None = None
    self_points: Decimal = Decimal(0)
    review_points: Decimal = Decimal(0)
    score: ItemScore | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    evidence_more: str = ""
    evidence_error: bool = False
    evidence_hidden: int = 0  # records behind the value that this reader may not open (counted, not named)
    files: list[Attachment] = field(default_factory=list)
    children: list[Row] = field(default_factory=list)
    measured: bool = False  # the rule reads values from the records (or the union's report)
    notes: list[str] = field(default_factory=list)  # why the points are what they are
    entry: tuple[str, str] | None = None  # (url, words): where the figure an unknown value misses is entered
    gated: bool = False  # a gate failed: 0 whatever anyone scores
    self_reported: bool = False  # the value came from the union's own report
    pending: bool = False  # left to people and nobody judged it yet (a veto, a mandatory item)
    reported: list[Reported] = field(default_factory=list)  # the values the union reports

    @property
    def version(self) -> int:
        return self.score.version if self.score else 0

    @property
    def leaf(self) -> bool:
        return not self.children

    @property
    def veto(self) -> bool:
        return self.criterion.kind == CriterionKind.VETO

    @property
    def lost(self) -> Decimal:
        return max(Decimal(0), self.top - self.current)

    current: Decimal = Decimal(0)


@dataclass
class Section:
    criterion: Criterion | None
    title: str
    rows: list[Row]
    top: Decimal
    self_points: Decimal
    review_points: Decimal
    key: str


def _format(measure: Measure | None, value: Any) -> str:
    """A measure's value as people read it: 95.5%, 1,200.00 元, 是/否."""
    if measure is None or value is None:
        return "—"
    return format_value(measure.kind, Decimal(value) if measure.kind == Kind.RATE else value)


def _format_all(measures: list[Measure], value: Any) -> str:
    """The value of a rule: one measure's, or each of a deductions pool's, in their order."""
    if not measures:
        return "—"
    if isinstance(value, list):
        return "；".join(_format(m, v) for m, v in zip(measures, value, strict=False))
    return _format(measures[0], value)


def _evidence(row: Row, org: Any, measure: Measure | None, year: int, access: Any) -> None:
    if measure is None:
        return
    try:
        qs = measure_evidence(measure, org, year)
        if qs is None:
            return
        rt = records.for_model(qs.model)
        found = list(qs[: EVIDENCE_LINKS + 1])
    except Exception:  # a broken evidence query must not take the sheet down; it is logged
        log.exception("evidence of measure %s failed for %s", measure.key, org.pk)
        row.evidence_error = True
        return
    if rt is None:
        return
    if access is None or (rt.view_perm and not access.can(rt.view_perm, org)):
        # Hardship files and the like: whoever may see the score need not see whose file it is.
        row.evidence_hidden = len(found) if len(found) <= EVIDENCE_LINKS else qs.count()
        return
    row.evidence = [(f"/{rt.slug}/{obj.pk}/", str(obj)) for obj in found[:EVIDENCE_LINKS]]
    if len(found) > EVIDENCE_LINKS:
        row.evidence_more = f"/{rt.slug}/?org={org.pk}"


def _gate_title(compiled: Compiled, owner: str, index: int) -> str:
    titles = compiled.gate_titles.get(owner, [])
    return titles[index] if index < len(titles) else ""


def explain(criterion: Criterion, found: Any, compiled: Compiled, year: int) -> tuple[list[str], bool, bool]:
    """What the stored note of an item says, in sentences: (notes, gated, self-reported)."""
    note = found[2] if found and len(found) > 2 else {}
    notes: list[str] = []
    if "g" in note:
        index, value, owner = note["g"]
        gate = next(
            (g for g in compiled.nodes[criterion.code].gates if (g.owner, g.index) == (owner, index)), None
        )
        if gate is not None:
            title = _gate_title(compiled, owner, index)
            notes.append(
                _("Gate not met (%(cond)s; the value is %(value)s): this item scores 0.")
                % {"cond": title or gate.condition.words(), "value": _format(gate.condition.measure, value)}
            )
    if "u" in note:
        notes.append(_("Unknown: %(why)s") % {"why": reason_text(note["u"], year)})
        if "m" in note:
            notes.append(_("The points are left to people."))
    if "s" in note:
        notes.append(_("From the union's own report, not from the records."))
    return notes, "g" in note, "s" in note


def _entry(found: Any, org: Any, year: int) -> tuple[str, str] | None:
    note = found[2] if found and len(found) > 2 else {}
    return reason_entry(note["u"], org, year) if "u" in note else None


def build_sheet(
    assessment: Assessment, *, access: Any = None, only: str | None = None, with_evidence: bool = True
) -> dict[str, Any]:
    """Sections with their rows and the totals; ``only`` limits the rows to one section key."""
    campaign = assessment.campaign
    criteria = selectors.criteria_of(campaign.standard)
    compiled = compile_standard(campaign.standard, criteria)
    item_scores = ItemScore.objects.unscoped("the scores of an assessment the caller already holds")
    scores = {
        s.criterion_id: s for s in item_scores.filter(assessment=assessment).select_related("updated_by")
    }
    overrides = {
        c.code: (scores[c.pk].self_points, scores[c.pk].review_points) for c in criteria if c.pk in scores
    }
    t = totals(compiled, assessment.computed or {}, overrides)
    review_side = assessment.status in ("under_review", "accepted")
    files: dict[str, list[Attachment]] = {}
    if scores:
        ct = ContentType.objects.get_for_model(ItemScore)
        for att in (
            Attachment.objects.unscoped("the evidence of an assessment the caller already holds")
            .filter(content_type=ct, object_id__in=[str(s.pk) for s in scores.values()])
            .order_by("uploaded_at")
        ):
            files.setdefault(att.object_id, []).append(att)
    waiting = set(unjudged(compiled, assessment.computed or {}, overrides))
    short = t.review_short if review_side else t.self_short

    def row_of(c: Criterion) -> Row:
        veto = c.kind == CriterionKind.VETO
        top = Decimal(1) if veto else c.points
        entry = (assessment.computed or {}).get(c.code)
        score = scores.get(c.pk)
        node = compiled.nodes.get(c.code)
        read = [compiled.measures[k] for k in node.measures] if node is not None else []
        measure = read[0] if read else None
        notes, gated, self_reported = explain(c, entry, compiled, campaign.year)
        row = Row(
            criterion=c,
            top=top,
            rule_text=rules.describe(c.rule, c.points, veto=veto, item=c.code, fields=c.fields),
            value=_format_all(read, entry[0]) if entry else "—",
            measured=measure is not None,
            notes=notes,
            gated=gated,
            self_reported=self_reported or (measure is not None and measure.source == "reported"),
            pending=c.code in waiting,
            computed=Decimal(entry[1]) if entry and entry[1] is not None else None,
            self_points=t.self_points.get(c.code, Decimal(0)),
            review_points=t.review_points.get(c.code, Decimal(0)),
            score=score,
            files=files.get(str(score.pk), []) if score else [],
            reported=reported_of(c, score),
            entry=_entry(entry, assessment.organization, campaign.year),
        )
        row.current = row.review_points if review_side else row.self_points
        if with_evidence:
            _evidence(row, assessment.organization, measure, campaign.year, access)
        return row

    by_parent: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        by_parent.setdefault(c.parent_id, []).append(c)
    sections: list[Section] = []
    for c in by_parent.get(None, []):
        if c.kind == CriterionKind.SECTION:
            key = f"s{c.pk}"
            if only and only != key:
                continue
            rows = []
            for item in by_parent.get(c.pk, []):
                row = row_of(item)
                row.children = [row_of(sub) for sub in by_parent.get(item.pk, [])]
                rows.append(row)
            sections.append(
                Section(
                    c,
                    c.title,
                    rows,
                    c.points,
                    sum((r.self_points for r in rows), Decimal(0)),
                    sum((r.review_points for r in rows), Decimal(0)),
                    key,
                )
            )
    for kind, key in ((CriterionKind.BONUS, "bonus"), (CriterionKind.VETO, "veto")):
        if only and only != key:
            continue
        rows = [row_of(c) for c in by_parent.get(None, []) if c.kind == kind]
        if rows:
            title = str(CriterionKind(kind).label)
            top = compiled.bonus_max if kind == CriterionKind.BONUS else Decimal(0)
            sections.append(
                Section(
                    None,
                    title,
                    rows,
                    top,
                    min(sum((r.self_points for r in rows), Decimal(0)), compiled.bonus_max),
                    min(sum((r.review_points for r in rows), Decimal(0)), compiled.bonus_max),
                    key,
                )
            )
    return {
        "sections": sections,
        "totals": t,
        "review_side": review_side,
        "short": [c for c in criteria if c.code in short],
        "cap": compiled.mandatory_cap or (compiled.grades[-1][0] if compiled.grades else ""),
        "waiting": [c for c in criteria if c.code in waiting],
    }


def section_key_of(criterion: Criterion) -> str:
    """The key of the sheet section that shows ``criterion`` (for re-rendering one section)."""
    if criterion.kind == CriterionKind.BONUS:
        return "bonus"
    if criterion.kind == CriterionKind.VETO:
        return "veto"
    node = criterion
    while node.parent_id is not None:
        node = Criterion.objects.get(pk=node.parent_id)
    return f"s{node.pk}"


def gaps(sheet: dict[str, Any]) -> list[Row]:
    """Rows that lose points, the most first: leaf items and sub-items, and triggered vetoes."""
    out: list[Row] = []
    for section in sheet["sections"]:
        for row in section.rows:
            if section.key == "bonus":
                continue
            for r in row.children or [row]:
                if r.lost > 0:
                    out.append(r)
    out.sort(key=lambda r: (not r.veto, -r.lost, r.criterion.position))
    return out
