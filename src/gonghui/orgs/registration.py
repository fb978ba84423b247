"""Organizations and employer facts join the record machinery here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.access import get_access
from gonghui.accounts.roles import Perm
from gonghui.core.advice import advice_of
from gonghui.core.nav import NavLink, register_nav
from gonghui.core.records import Column, RecordType, register
from gonghui.orgs import selectors, services
from gonghui.orgs.models import AreaYear, CoveredEmployer, EmployerYear, Organization, OrgType

PARENT_TYPES = [t for t in OrgType.values if t != OrgType.GROUP]
# Unions that cover employers besides their own (联合基层工会, regional and sector unions).
COVERING_TYPES = [OrgType.JOINT]
# Organizations that keep the facts of a township, a street or a county (乡镇/街道基本情况).
AREA_TYPES = [OrgType.TOWNSHIP, OrgType.FEDERATION]


def _prepare_form(form: Any, access: Any, org: Organization | None) -> None:
    """Type, unit kind and code shown read-only to whoever has no grant above the organization.

    A disabled field keeps the stored value whatever is posted; ``services.org_update`` refuses
    a change of them all the same (the API and any other caller pass there).
    """
    if org is None:  # a new unit: its creator manages the parent, which is above it
        return
    for name in services.coverage_locked(access, org):
        if name in form.fields:
            form.fields[name].disabled = True
            form.fields[name].help_text = _("Changed only by an administrator above this organization.")


def _org_detail_context(request: Any, org: Organization, access: Any) -> dict[str, Any]:
    children = list(selectors.children_of(org)[:200])
    counts = selectors.subtree_counts([org, *children])
    return {
        "children": [{"org": c, **selectors.count_summary(counts[c.pk])} for c in children],
        "summary": selectors.count_summary(counts[org.pk]),
        "employer_years": org.employer_years.all()[:10],
        "advice": advice_of(org),
        "can_add_child": org.org_type != OrgType.GROUP and access.can(Perm.ORG_MANAGE, org) and org.is_active,
        "can_add_employer": org.org_type != OrgType.GROUP and access.can(Perm.ORG_MANAGE, org),
        **_covered_context(org, access),
    }


def _covered_context(org: Organization, access: Any) -> dict[str, Any]:
    """A joint union's covered employers on its page: how many it covers today, and a few of them."""
    if org.org_type != OrgType.JOINT:
        return {}
    current = CoveredEmployer.objects.filter(organization=org).filter(_covering_on(timezone.localdate()))
    return {
        "covers": True,
        "covered_count": current.count(),
        "covered": list(current.order_by("name", "pk")[:10]),
        "can_add_covered": access.can(Perm.ORG_MANAGE, org) and org.is_active,
    }


def _covering_on(day: dt.date) -> Q:
    """Employers covered on ``day``: joined by then and not yet left."""
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


class Coverage:
    CURRENT = "current"
    LEFT = "left"
    CHOICES = [(CURRENT, _("Covered now")), (LEFT, _("No longer covered"))]


def _covered_filter() -> type[django_filters.FilterSet]:
    """Filters of the covered employers: still covered today, or left.

    Built at first use, in the request's scope (``core.forms.filterset_class``).
    """

    class CoveredEmployerFilter(django_filters.FilterSet):
        coverage = django_filters.ChoiceFilter(
            choices=Coverage.CHOICES, method="by_coverage", label=_("Coverage")
        )

        class Meta:
            model = CoveredEmployer
            fields = ["coverage"]

        def by_coverage(self, qs: QuerySet, name: str, value: str) -> QuerySet:
            today = timezone.localdate()
            if value == Coverage.CURRENT:
                return qs.filter(_covering_on(today))
            if value == Coverage.LEFT:
                return qs.filter(left_on__lte=today)
            return qs

    return CoveredEmployerFilter


register(
    RecordType(
        model=Organization,
        slug="orgs",
        module="orgs",
        icon="diagram-3",
        org_field="",
        view_perm=Perm.ORG_VIEW,
        edit_perm=Perm.ORG_MANAGE,
        list_display=["code", "name", "org_type", "unit_kind", "founded_on", "status"],
        list_filters=["org_type", "unit_kind", "joint_kind", "status"],
        search_fields=["name", "short_name", "code"],
        form_fields=services.EDITABLE_FIELDS,
        detail_fields=[*services.EDITABLE_FIELDS, "status", "dissolved_on", "dissolved_reason"],
        api_fields=["id", *services.EDITABLE_FIELDS, "status", "dissolved_on", "depth"],
        ordering=["path"],
        org_types=PARENT_TYPES,
        create=lambda *, actor, organization, data: services.org_create(parent=organization, data=data),
        update=lambda *, actor, obj, data: services.org_update(access=get_access(actor), org=obj, data=data),
        delete=lambda *, actor, obj: services.org_delete(org=obj),
        can_delete=lambda access, org: access.can_above(Perm.ORG_MANAGE, org),
        detail_template="orgs/_detail_extra.html",
        actions=[
            (_("Move"), "orgs:move", Perm.ORG_MANAGE),
            (_("Dissolve"), "orgs:dissolve", Perm.ORG_MANAGE),
        ],
        owner_label=_("Parent organization"),
        owner_api_name="parent",
        api_router="gonghui.orgs.api.router",
        detail_context=_org_detail_context,
        prepare_form=_prepare_form,
        nav_order=20,
    )
)

register(
    RecordType(
        model=EmployerYear,
        slug="employer-years",
        module="orgs",
        icon="building",
        view_perm=Perm.ORG_VIEW,
        edit_perm=Perm.ORG_MANAGE,
        list_display=[
            "organization__name",
            "year",
            "employer_name",
            "employees",
            "women_employees",
            "migrant_workers",
            Column("sector", sortable=False),
        ],
        list_filters=["year"],
        search_fields=["employer_name", "credit_code", "organization__name"],
        form_fields=[
            "year",
            "employer_name",
            "credit_code",
            "employees",
            "women_employees",
            "migrant_workers",
            "dispatched_workers",
            "above_scale",
            "average_wage",
            "sector",
            "ownership",
        ],
        api_fields=[
            "id",
            "year",
            "employer_name",
            "credit_code",
            "employees",
            "women_employees",
            "migrant_workers",
            "dispatched_workers",
            "above_scale",
            "average_wage",
            "sector",
            "ownership",
        ],
        ordering=["organization__path", "-year"],
        select_related=["organization"],
        org_types=PARENT_TYPES,
        nav_order=30,
    )
)

COVERED_FIELDS = [
    "name",
    "credit_code",
    "employees",
    "women_employees",
    "migrant_workers",
    "joined_on",
    "left_on",
    "note",
]

register(
    RecordType(
        model=CoveredEmployer,
        slug="covered-employers",
        module="orgs",
        icon="buildings",
        view_perm=Perm.ORG_VIEW,
        edit_perm=Perm.ORG_MANAGE,
        list_display=[
            "name",
            "credit_code",
            "employees",
            "migrant_workers",
            "joined_on",
            "left_on",
            "organization__name",
        ],
        list_filters=["coverage"],
        filterset=_covered_filter,
        search_fields=["name", "credit_code"],
        form_fields=COVERED_FIELDS,
        api_fields=["id", *COVERED_FIELDS],
        ordering=["organization__path", "name", "pk"],
        select_related=["organization"],
        org_types=COVERING_TYPES,
        owner_label=_("Joint union"),
        nav_order=31,
    )
)

AREA_FIELDS = ["year", "population", "villages", "communities", "employers", "employees_in_area", "note"]

register(
    RecordType(
        model=AreaYear,
        slug="area-years",
        module="orgs",
        icon="map",
        view_perm=Perm.ORG_VIEW,
        edit_perm=Perm.ORG_MANAGE,
        list_display=[
            "organization__name",
            "year",
            "population",
            "villages",
            "communities",
            "employers",
            "employees_in_area",
        ],
        list_filters=["year"],
        search_fields=["organization__name", "note"],
        form_fields=AREA_FIELDS,
        api_fields=["id", *AREA_FIELDS],
        ordering=["organization__path", "-year"],
        select_related=["organization"],
        org_types=AREA_TYPES,
        nav_order=32,
    )
)

register_nav(NavLink("orgs", _("Organization tree"), "orgs:tree", Perm.ORG_VIEW, icon="diagram-3", order=10))
