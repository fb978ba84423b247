"""Scoped reads of the organization tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from gonghui.core.metrics import Period, compute, registry, sources, value_note
from gonghui.core.scoping import subtree_q
from gonghui.core.years import year_with_data
from gonghui.orgs.models import EmployerYear, Organization, OrgType


def visible_roots(access: Any) -> QuerySet[Organization]:
    """The top-most organizations the user can see: where the tree browser starts."""
    if access.is_superuser:
        return Organization.objects.filter(depth=1)
    return Organization.objects.filter(pk__in=access.home_org_ids).order_by("path")


def children_of(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(subtree_q(org.path), depth=org.depth + 1).order_by("path")


def subtree_counts(nodes: list[Organization]) -> dict[int, dict[str, int]]:
    """For each node: how many organizations of each type lie below it (one query per depth)."""
    result: dict[int, dict[str, int]] = {n.pk: {} for n in nodes}
    by_depth: dict[int, list[Organization]] = {}
    for n in nodes:
        by_depth.setdefault(n.depth, []).append(n)
    for depth, group in by_depth.items():
        prefix_len = depth * Organization.steplen
        q = subtree_q(group[0].path)
        for n in group[1:]:
            q |= subtree_q(n.path)
        rows = (
            Organization.objects.filter(q, depth__gt=depth)
            .annotate(prefix=Substr("path", 1, prefix_len))
            .values("prefix", "org_type")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_path = {n.path: n.pk for n in group}
        for row in rows:
            pk = by_path.get(row["prefix"])
            if pk is not None:
                result[pk][row["org_type"]] = row["n"]
    return result


def count_summary(counts: dict[str, int]) -> dict[str, int]:
    groups = counts.get(OrgType.GROUP, 0)
    return {"units": sum(counts.values()) - groups, "groups": groups}


# The figures on an organization's home page, in this order, where the metric exists.
HOME_METRICS = [
    "member_count",
    "enrollment_rate",
    "union_group_count",
    "employees",
    "congress_sessions",
    "resolutions_passed",
    "disclosure_count",
    "training_sessions",
    "competition_count",
    "activity_count",
    "visit_count",
    "aid_amount",
    "mutual_insurance_rate",
    "audit_done",
    "unions_founded",
]

# A federation's or township's home: what it oversees below it (issue 16's measures) first.
FEDERATION_HOME_METRICS = [
    "member_count",
    "enrollment_rate",
    "women_member_share",
    "unions_existing",
    "joint_unions_existing",
    "unions_founded",
    "covered_employers",
    "covered_employees",
    "units_with_collective_contract",
    "collective_contract_coverage_rate",
    "units_with_congress",
    "units_with_disclosure",
    "full_time_officer_count",
    "honours_count",
    "work_meeting_count",
    "plan_items_done_rate",
]

# A joint union's home adds the employers it covers after its members.
JOINT_HOME_METRICS = [*HOME_METRICS[:2], "covered_employers", "covered_employees", *HOME_METRICS[2:]]


def home_metrics(org: Organization) -> list[str]:
    """The registered metrics an organization's home page shows, by its type."""
    if org.org_type in (OrgType.FEDERATION, OrgType.TOWNSHIP):
        names = FEDERATION_HOME_METRICS
    elif org.org_type == OrgType.JOINT:
        names = JOINT_HOME_METRICS
    else:
        names = HOME_METRICS
    return [n for n in names if n in registry]


def work_years(org: Organization) -> list[int]:
    """Years to offer on the home page, newest first: those with employer facts, and this one.

    The default is the newest year with employer facts, the year the union is working on.
    """

    years = set(_facts_years(org).values_list("year", flat=True))
    ordered = sorted(years, reverse=True)
    this_year = timezone.localdate().year
    return ordered + ([this_year] if this_year not in years else []) if ordered else [this_year]


def default_year(org: Organization) -> int:
    """The home page's year: the latest with employer facts, not a future one (``year_with_data``)."""
    return year_with_data(_facts_years(org))


def _facts_years(org: Organization) -> QuerySet:
    """The employer facts whose years an organization's home page offers.

    A union group keeps none of its own and its leader's scope stops at the group: it reads
    its union's years (the years alone, no figure), so a group opens on its union's year.
    """
    if org.org_type == OrgType.GROUP and org.parent_path:
        facts = EmployerYear.objects.unscoped("a group reads its union's years of facts")
        return facts.filter(organization__path=org.parent_path)
    return EmployerYear.objects.filter(subtree_q(org.path, "organization__path"))


def key_figures(org: Organization, year: int) -> list[dict[str, Any]]:
    """The home page's figures for ``org`` in ``year`` from the metrics registry (one pass), each
    with its note: why it is blank or implausible, and where to enter the missing figure."""
    names = home_metrics(org)
    if org.org_type == OrgType.GROUP:
        # A group keeps no employer facts (its union does): no employee count, no rate over it.
        names = [n for n in names if registry.get(n).entered_at is None]
    orgs, period = Organization.objects.filter(pk=org.pk), Period.year(year)
    values = compute(orgs, period, names)
    said = sources(orgs, period, names)  # "名册" or "年报": where a member figure came from
    out = []
    for n in names:
        m, value = registry.get(n), values[n][org.pk]
        out.append(
            {
                "name": n,
                "label": m.label,
                "value": m.format(value),
                "note": value_note(m, value, org, year),
                "source": said.get(n, {}).get(org.pk, ""),
            }
        )
    return out


def employer_facts_url(org: Organization, year: int) -> str:
    """Where ``org``'s employees of ``year`` are entered: its employer facts of that year (to
    correct them), those of its units (a federation's figure adds them up), or a new one."""
    rt = "employer-years"
    own = EmployerYear.objects.filter(organization=org, year=year).values_list("pk", flat=True).first()
    if own is not None:
        return reverse("records:update", kwargs={"rt": rt, "pk": own})
    if EmployerYear.objects.filter(subtree_q(org.path, "organization__path"), year=year).exists():
        return reverse("records:list", kwargs={"rt": rt}) + f"?org={org.pk}&year={year}"
    return reverse("records:create", kwargs={"rt": rt}) + f"?org={org.pk}&year={year}"
