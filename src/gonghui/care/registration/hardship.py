"""Hardship files, their household members and yearly reviews: restricted to care.hardship."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from gonghui.accounts.roles import Perm
from gonghui.care.filters import hardship_file_filter
from gonghui.care.models import HardshipFile, HardshipReview, HouseholdMember
from gonghui.care.registration.common import UNION_TYPES
from gonghui.care.services import hardship
from gonghui.core.records import Column, RecordType, register

HARDSHIP_FORM = [
    "member",
    "file_no",
    "assessed_on",
    "causes",
    "annual_income",
    "rigid_expenses",
    "household_size",
    "disaster_or_accident",
    "migrant_worker",
    "city_work_since",
    "situation",
    "level",
]
# What the file's figures give and where it stands: shown, exported and served, never typed.
HARDSHIP_COMPUTED = [
    "category",
    "per_capita_monthly",
    "living_line",
    "migrant_hardship",
    "status",
    "exited_on",
    "exit_reason",
]


def _hardship_context(request: Any, obj: HardshipFile, access: Any) -> dict[str, Any]:
    return {"file": obj, "line_double": obj.living_line * 2 if obj.living_line is not None else None}


register(
    RecordType(
        model=HardshipFile,
        slug="hardship-files",
        module="care",
        icon="house-exclamation",
        view_perm=Perm.HARDSHIP,
        edit_perm=Perm.HARDSHIP,
        list_display=[
            "member__name",
            "category",
            "level",
            "per_capita_monthly",
            Column("causes", value=lambda o: o.get_causes_display(), sortable=False),
            "assessed_on",
            "status",
            "organization__name",
        ],
        list_filters=["category", "level", "status", "migrant_hardship"],
        search_fields=["member__name", "file_no", "situation"],
        form_fields=HARDSHIP_FORM,
        detail_fields=[
            *HARDSHIP_FORM,
            *HARDSHIP_COMPUTED,
        ],
        export_fields=[
            "organization__name",
            *HARDSHIP_FORM,
            *HARDSHIP_COMPUTED,
        ],
        api_fields=[
            "id",
            *HARDSHIP_FORM,
            *HARDSHIP_COMPUTED,
        ],
        select_related=["member", "organization"],
        ordering=["status", "-assessed_on", "-pk"],
        org_types=UNION_TYPES,
        create=hardship.hardship_file_create,
        update=hardship.hardship_file_update,
        detail_template="care/_hardship_detail.html",
        actions=[(pgettext_lazy("hardship file", "Exit"), "care:hardship-exit", Perm.HARDSHIP)],
        filterset=hardship_file_filter,
        detail_context=_hardship_context,
        api_router="gonghui.care.api.hardship_router",
        nav_order=110,
    )
)

register(
    RecordType(
        model=HouseholdMember,
        slug="household-members",
        module="care",
        icon="people",
        view_perm=Perm.HARDSHIP,
        edit_perm=Perm.HARDSHIP,
        parent_field="hardship_file",
        list_display=["name", "hardship_file", "relation", "age", "health", "occupation", "annual_income"],
        list_filters=["relation", "health"],
        search_fields=["name", "hardship_file__member__name"],
        form_fields=["hardship_file", "name", "relation", "age", "health", "occupation", "annual_income"],
        select_related=["hardship_file__member", "organization"],
        ordering=["hardship_file", "pk"],
        nav_order=111,
        nav=False,
    )
)

REVIEW_FORM = [
    "hardship_file",
    "reviewed_on",
    "annual_income",
    "rigid_expenses",
    "household_size",
    "disaster_or_accident",
    "level",
    "result",
    "note",
]
register(
    RecordType(
        model=HardshipReview,
        slug="hardship-reviews",
        period_field="reviewed_on",
        module="care",
        icon="arrow-repeat",
        view_perm=Perm.HARDSHIP,
        edit_perm=Perm.HARDSHIP,
        parent_field="hardship_file",
        list_display=["year", "hardship_file", "reviewed_on", "category", "per_capita_monthly", "result"],
        list_filters=["year", "result", "category"],
        search_fields=["hardship_file__member__name", "note"],
        form_fields=REVIEW_FORM,
        detail_fields=[*REVIEW_FORM, "year", "category", "per_capita_monthly", "reviewed_by"],
        api_fields=["id", *REVIEW_FORM, "year", "category", "per_capita_monthly"],
        select_related=["hardship_file__member", "organization"],
        ordering=["-year", "-pk"],
        create=hardship.review_create,
        update=hardship.review_update,
        can_delete=lambda access, obj: False,
        nav_order=112,
        nav=False,
    )
)
