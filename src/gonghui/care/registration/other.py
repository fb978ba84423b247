"""Local standards, visits, donations and the migrant-worker survey."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.care.filters import visit_filter
from gonghui.care.models import CareStandard, Donation, MigrantSurvey, Visit, VisitRecipient
from gonghui.care.registration.common import UNION_TYPES
from gonghui.care.services import visits
from gonghui.core.records import Column, RecordType, register
from gonghui.orgs.models import OrgType

register(
    RecordType(
        model=CareStandard,
        slug="care-standards",
        module="care",
        icon="rulers",
        list_display=["organization__name", "year", "min_living_monthly", "insurance_target_rate", "basis"],
        list_filters=["year"],
        search_fields=["organization__name", "basis"],
        form_fields=["year", "min_living_monthly", "insurance_target_rate", "basis"],
        ordering=["-year", "organization__path"],
        select_related=["organization"],
        org_types=[OrgType.FEDERATION, OrgType.TOWNSHIP],
        owner_label=_("Locality"),
        nav_order=190,
    )
)


VISIT_FORM = [
    "title",
    "occasion",
    "target_group",
    "visited_on",
    "leaders",
    "union_officers",
    "recipients",
    "recipient_names",
    "recipient_count",
    "cash_amount",
    "goods_value",
    "goods",
    "source",
    "place",
    "note",
]
register(
    RecordType(
        model=Visit,
        slug="visits",
        period_field="visited_on",
        module="care",
        icon="gift",
        list_display=[
            "visited_on",
            "title",
            "occasion",
            Column("target_group", value=lambda o: o.get_target_group_display(), sortable=False),
            "recipient_count",
            "cash_amount",
            "goods_value",
            "organization__name",
        ],
        list_filters=["occasion", "source"],
        filterset=visit_filter,
        search_fields=["title", "leaders", "union_officers", "recipient_names", "place"],
        form_fields=VISIT_FORM,
        export_fields=["organization__name", *VISIT_FORM],
        select_related=["organization"],
        ordering=["-visited_on", "-pk"],
        org_types=UNION_TYPES,
        create=visits.visit_create,
        update=visits.visit_update,
        nav_order=130,
    )
)

RECIPIENT_FORM = ["visit", "name", "id_type", "id_number", "mobile", "identity", "amount", "note"]
register(
    RecordType(
        model=VisitRecipient,
        slug="visit-recipients",
        module="care",
        icon="person-heart",
        parent_field="visit",
        list_display=["name", "visit", "identity", "id_number", "mobile", "amount", "organization__name"],
        search_fields=["name", "identity", "visit__title"],
        form_fields=RECIPIENT_FORM,
        export_fields=["organization__name", *RECIPIENT_FORM],
        select_related=["visit", "organization"],
        ordering=["-visit__visited_on", "visit", "pk"],
        org_types=UNION_TYPES,
        create=visits.recipient_create,
        update=visits.recipient_update,
        nav_order=131,
        nav=False,
    )
)

register(
    RecordType(
        model=Donation,
        slug="charity-donations",
        period_field="donated_on",
        module="care",
        icon="box2-heart",
        list_display=["donated_on", "title", "recipient", "cash_amount", "goods_value", "organization__name"],
        search_fields=["title", "recipient", "goods"],
        form_fields=[
            "title",
            "donated_on",
            "recipient",
            "cash_amount",
            "goods_value",
            "goods",
            "donors",
            "note",
        ],
        select_related=["organization"],
        ordering=["-donated_on", "-pk"],
        org_types=UNION_TYPES,
        nav_order=160,
    )
)

register(
    RecordType(
        model=MigrantSurvey,
        slug="migrant-surveys",
        period_field="surveyed_on",
        module="care",
        icon="clipboard-data",
        list_display=[
            "surveyed_on",
            "title",
            "workers_surveyed",
            "migrant_workers",
            "migrant_members",
            "in_hardship",
            "organization__name",
        ],
        search_fields=["title", "scope", "needs"],
        form_fields=[
            "title",
            "surveyed_on",
            "scope",
            "workers_surveyed",
            "migrant_workers",
            "migrant_members",
            "in_hardship",
            "needs",
            "note",
        ],
        select_related=["organization"],
        ordering=["-surveyed_on", "-pk"],
        org_types=UNION_TYPES,
        nav_order=170,
    )
)
