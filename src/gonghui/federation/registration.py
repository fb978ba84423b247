"""Annual returns join the record machinery; the federation's collection page joins the menu."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.nav import NavLink, register_nav
from gonghui.core.records import RecordType, register
from gonghui.federation.collect import FILING_TYPES
from gonghui.federation.models import AnnualReturn
from gonghui.orgs.models import OrgType

RETURNS = register(
    RecordType(
        model=AnnualReturn,
        slug="annual-returns",
        module="orgs",
        icon="file-earmark-bar-graph",
        view_perm=Perm.ORG_VIEW,
        edit_perm=Perm.ORG_MANAGE,
        org_types=FILING_TYPES,
        list_display=[
            "organization__name",
            "year",
            "members",
            "women_members",
            "migrant_members",
            "new_members",
            "employees",
            "filed_on",
        ],
        list_filters=["year"],
        search_fields=["organization__name", "organization__code", "note"],
        form_fields=[
            "year",
            "members",
            "women_members",
            "migrant_members",
            "new_members",
            "employees",
            "filed_on",
            "note",
        ],
        select_related=["organization"],
        ordering=["-year", "organization__path"],
        nav_order=40,
    )
)

# Kinds of organization that collect their unions' returns.
COLLECTING_TYPES = (OrgType.FEDERATION, OrgType.TOWNSHIP)


def collects(access: Any, org: Any) -> bool:
    return org is not None and org.org_type in COLLECTING_TYPES


register_nav(
    NavLink(
        "orgs",
        _("Collect annual returns"),
        "federation:returns",
        Perm.ORG_MANAGE,
        icon="file-earmark-arrow-up",
        order=45,
        applies=collects,
    )
)
