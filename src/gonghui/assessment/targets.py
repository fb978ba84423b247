"""Targets (目标任务数) as the scoring and the pages read them.

A federation sets, for a campaign, a target of a metric per union type and, where a union
differs, per union: the union's own target wins over its type's. A rule ``target: <metric>``
scores the union's value of the metric against it (actual ÷ target). ``target_values`` answers
for any number of unions with one query; ``target_metrics`` says which metrics a standard
reads through targets (the only ones the page offers).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gonghui.assessment.models import Assessment, Standard, Target
from gonghui.core.metrics import registry as metrics

# Up to this many unions, the query names them; beyond, it reads the campaign's targets of the
# metric whole (one query either way, and no parameter list as long as the federation).
NAMED_AT_MOST = 500


def _targets() -> Any:
    return Target.objects.unscoped("scoring reads the federation's targets for its unions")


def target_values(campaign_id: int, metric: str, orgs: Iterable[tuple[int, str]]) -> dict[int, Decimal]:
    """{org id: target} for each (org id, org type) given: the union's own target of ``metric`` in
    the campaign, else its type's; unions with neither are left out. One query."""
    pairs = list(orgs)
    if not pairs:
        return {}
    rows = _targets().filter(campaign_id=campaign_id, metric=metric)
    if len(pairs) <= NAMED_AT_MOST:
        ids = {pk for pk, _type in pairs}
        types = {t for _pk, t in pairs if t}
        rows = rows.filter(Q(union_id__in=ids) | Q(union__isnull=True, org_type__in=types))
    own: dict[int, Decimal] = {}
    by_type: dict[str, Decimal] = {}
    for union_id, org_type, value in rows.values_list("union_id", "org_type", "value"):
        if union_id is None:
            by_type[org_type] = value
        else:
            own[union_id] = value
    out: dict[int, Decimal] = {}
    for pk, org_type in pairs:
        value = own.get(pk, by_type.get(org_type))
        if value is not None:
            out[pk] = value
    return out


def _rule_targets(rule: Any) -> list[str]:
    """The metric names a rule reads as targets: its own ``target``, and those of its gate
    conditions and deductions."""
    if not isinstance(rule, dict):
        return []
    names = [rule.get("target")]
    for key in ("gate", "deductions"):
        parts = rule.get(key)
        if isinstance(parts, list):
            names += [p.get("target") for p in parts if isinstance(p, dict)]
    return [n for n in names if isinstance(n, str) and n]


def target_metrics(standard: Standard) -> list[str]:
    """The registered metrics the standard's rules read through ``target:``, in the standard's
    order, each once."""
    seen: list[str] = []
    for rule in standard.criteria.order_by("position").values_list("rule", flat=True):
        for name in _rule_targets(rule):
            if name not in seen and name in metrics:
                seen.append(name)
    return seen


def metric_choices(standard: Standard) -> list[tuple[str, str]]:
    """(name, label) of the target metrics, for pages, the template and the API."""
    return [(name, _label(name)) for name in target_metrics(standard)]


def target_for(assessment: Assessment) -> list[tuple[str, Decimal]]:
    """(metric label, target) of each target the union has in its campaign (its own or its
    type's), for the union's assessment page. Two queries."""
    names = target_metrics(assessment.campaign.standard)
    if not names:
        return []
    org = assessment.organization
    rows = _targets().filter(
        Q(union_id=org.pk) | Q(union__isnull=True, org_type=org.org_type),
        campaign_id=assessment.campaign_id,
        metric__in=names,
    )
    found: dict[str, Decimal] = {}
    for metric, union_id, value in rows.values_list("metric", "union_id", "value"):
        if union_id is not None or metric not in found:
            found[metric] = value
    return [(_label(n), found[n]) for n in names if n in found]


def _label(name: str) -> str:
    return str(metrics.get(name).label) if name in metrics else name
