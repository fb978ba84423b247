"""A small standard written from a list of items, loaded through the real loader and scored
through a real campaign: the tests of the measures, gates and mandatory items share it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from gonghui.assessment.models import Assessment, Campaign, Standard
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.tests.conftest import load_text, make_campaign


def standard_text(
    items: list[dict[str, Any]],
    *,
    bonus: list[dict[str, Any]] | None = None,
    veto: list[dict[str, Any]] | None = None,
    grades: list[dict[str, Any]] | None = None,
    mandatory_cap: str = "",
    code: str = "proof-std",
) -> str:
    """A YAML standard with one section holding ``items`` (its total is their points)."""
    total = sum((Decimal(str(i["points"])) for i in items), Decimal(0))
    doc: dict[str, Any] = {
        "code": code,
        "title": "验证标准",
        "total": str(total),
        "grades": grades or [{"name": "达标", "min": str(total / 2)}, {"name": "不达标", "min": 0}],
        "sections": [{"code": "S", "title": "工作", "points": str(total), "items": items}],
    }
    if bonus:
        doc["bonus"] = bonus
    if veto:
        doc["veto"] = veto
    if mandatory_cap:
        doc["mandatory_cap"] = mandatory_cap
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def load(items: list[dict[str, Any]], **kw: Any) -> Standard:
    return load_text(standard_text(items, **kw))


def scored(tree: Any, people: Any, standard: Standard, *, year: int = 2025) -> dict[str, Assessment]:
    """The city's campaign of ``year`` over ``standard``, scored: {union code: assessment}."""
    campaign = make_campaign(tree.city, standard, people.admin, year=year, name=f"验证{year}-{standard.pk}")
    return by_code(campaign)


def by_code(campaign: Campaign) -> dict[str, Assessment]:
    rows = Assessment.objects.filter(campaign=campaign).select_related("organization")
    return {a.organization.code: a for a in rows}


def rescore(campaign: Campaign) -> dict[str, Assessment]:
    score_assessments(Assessment.objects.filter(campaign=campaign))
    return by_code(campaign)
