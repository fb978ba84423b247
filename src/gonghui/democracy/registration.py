"""Democratic management: record types, panels and navigation join the machinery here."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.bounds import parse_id
from gonghui.core.records import Column, DetailPanel, RecordType, register, register_panel
from gonghui.democracy import panels, validators
from gonghui.democracy.models import (
    CollectiveContract,
    Congress,
    Disclosure,
    FollowUp,
    OfficerReview,
    Proposal,
    Representative,
    Resolution,
)
from gonghui.portal.tiles import Tile, register_tile

# Congresses, disclosure and contracts: grassroots, joint and branch unions, and township
# unions (regional contracts, 乡镇职代会).
OWNER_TYPES = ["township", "grassroots", "joint", "branch"]


def _good_rate(review: OfficerReview) -> str:
    rate = review.good_rate
    return "—" if rate is None else f"{rate}%"


def _disclosure_filter() -> type[django_filters.FilterSet]:
    """Filters of the disclosure list, with the year (the checklist is per year).

    Built at first use, in the request's scope (``core.records.filterset_class``):
    django-filter reads the model's default manager while it makes the class.
    """

    class DisclosureFilter(django_filters.FilterSet):
        year = django_filters.NumberFilter(
            field_name="disclosed_on", lookup_expr="year", label=_("Year disclosed")
        )

        class Meta:
            model = Disclosure
            fields = ["year", "category", "channel"]

    return DisclosureFilter


def _contract_union(form: Any, obj: CollectiveContract | None) -> Any:
    """The union the contract belongs to: its own, or on a new one the owner chosen (posted, else
    the one the form opens on)."""
    if obj is not None:
        return obj.organization
    owner = form.fields.get("owner")
    if owner is None:
        return None
    chosen = form.data.get("owner") if form.is_bound else owner.initial
    pk = parse_id(str(getattr(chosen, "pk", chosen) or ""))  # the initial owner is a row or a key
    return owner.queryset.filter(pk=pk).first() if pk is not None else None


def _narrow_contract_form(form: Any, access: Any, obj: CollectiveContract | None) -> None:
    """Covered employers and the renewed contract: only those of the contract's own union (the
    model refuses any other on every write, the API's included)."""
    union = _contract_union(form, obj)
    for name in ("covered_employers", "renews"):
        field = form.fields.get(name)
        if field is None:
            continue
        qs = field.queryset.filter(organization=union) if union is not None else field.queryset.none()
        field.queryset = qs.exclude(pk=obj.pk) if name == "renews" and obj is not None else qs


register(
    RecordType(
        model=Congress,
        slug="congresses",
        period_field="held_on",
        icon="people",
        list_display=[
            Column("session", _("Congress session"), lambda c: str(c), sortable=False),
            "kind",
            "held_on",
            "delegates_total",
            "delegates_present",
            Column("quorate", _("Quorum reached"), lambda c: c.quorate, sortable=False),
            "organization__name",
        ],
        list_filters=["kind", "term_no"],
        search_fields=["name", "place", "agenda"],
        form_fields=[
            "kind",
            "term_no",
            "session_no",
            "name",
            "held_on",
            "place",
            "delegates_total",
            "delegates_present",
            "frontline_delegates",
            "women_delegates",
            "management_delegates",
            "agenda",
            "notes",
            "proposals_open_from",
            "proposals_open_until",
        ],
        ordering=["-held_on", "-pk"],
        select_related=["organization"],
        org_types=OWNER_TYPES,
        validators=[validators.session_covers_records],
        detail_template="democracy/_congress_extra.html",
        detail_context=panels.congress_context,
        nav_order=120,
    )
)

register(
    RecordType(
        model=Representative,
        slug="representatives",
        icon="person-vcard",
        parent_field="congress",
        list_display=["congress", "person_name", "gender", "category", "unit", "attended"],
        list_filters=["category", "gender", "attended"],
        search_fields=["person_name"],
        form_fields=["congress", "member", "person_name", "gender", "category", "unit", "attended"],
        ordering=["congress_id", "pk"],
        select_related=["congress", "unit"],
        org_types=OWNER_TYPES,
        validators=[validators.roster_has_room],
        nav_order=121,
    )
)

register(
    RecordType(
        model=Proposal,
        slug="proposals",
        icon="lightbulb",
        parent_field="congress",
        list_display=[
            "number",
            "title",
            "submitter",
            "category",
            "status",
            "handling_department",
            "replied_on",
            "satisfaction",
            "congress",
        ],
        list_filters=["category", "status", "satisfaction", "submitted_online"],
        search_fields=["title", "number", "submitter", "seconders", "handling_department"],
        form_fields=[
            "congress",
            "number",
            "title",
            "content",
            "submitter",
            "submitter_member",
            "seconders",
            "category",
            "status",
            "reason",
            "handling_department",
            "reply",
            "replied_on",
            "satisfaction",
        ],
        ordering=["-congress__held_on", "number", "pk"],
        select_related=["congress"],
        org_types=OWNER_TYPES,
        nav_order=122,
    )
)

register(
    RecordType(
        model=Resolution,
        slug="resolutions",
        icon="hammer",
        parent_field="congress",
        list_display=[
            "title",
            "kind",
            "votes_for",
            "votes_against",
            "votes_abstain",
            Column("passed", _("Resolution passed"), lambda r: r.passed, sortable=False),
            "congress",
        ],
        list_filters=["kind"],
        search_fields=["title", "summary"],
        form_fields=["congress", "title", "kind", "summary", "votes_for", "votes_against", "votes_abstain"],
        ordering=["-congress__held_on", "pk"],
        select_related=["congress"],
        org_types=OWNER_TYPES,
        detail_template="democracy/_resolution_extra.html",
        detail_context=panels.resolution_context,
        nav_order=123,
    )
)

register(
    RecordType(
        model=FollowUp,
        slug="resolution-follow-ups",
        period_field="reported_on",
        icon="list-check",
        parent_field="resolution",
        list_display=["resolution", "reported_on", "status", "department"],
        list_filters=["status"],
        search_fields=["progress", "department", "resolution__title"],
        form_fields=["resolution", "reported_on", "status", "department", "progress"],
        detail_fields=["resolution", "reported_on", "status", "department", "progress"],
        ordering=["-reported_on", "-pk"],
        select_related=["resolution"],
        org_types=OWNER_TYPES,
        nav=False,
    )
)

register(
    RecordType(
        model=Disclosure,
        slug="disclosures",
        period_field="disclosed_on",
        icon="megaphone",
        list_display=[
            "disclosed_on",
            "item",
            "category",
            "channel",
            "period_start",
            "period_end",
            "organization__name",
        ],
        list_filters=["category", "channel"],
        search_fields=["item", "content"],
        form_fields=[
            "item",
            "category",
            "channel",
            "disclosed_on",
            "period_start",
            "period_end",
            "congress",
            "content",
        ],
        ordering=["-disclosed_on", "-pk"],
        select_related=["organization"],
        org_types=OWNER_TYPES,
        filterset=_disclosure_filter,
        nav_order=125,
    )
)

register(
    RecordType(
        model=CollectiveContract,
        slug="collective-contracts",
        period_field="signed_on",
        icon="file-earmark-text",
        list_display=[
            "title",
            "kind",
            "signed_on",
            "effective_from",
            "effective_to",
            "status",
            Column(
                "in_force", _("Contract in force"), lambda c: c.in_force(timezone.localdate()), sortable=False
            ),
            "organization__name",
        ],
        list_filters=["kind", "status"],
        search_fields=["title", "employer_party"],
        form_fields=[
            "kind",
            "title",
            "employer_party",
            "covered_employers",
            "renews",
            "employer_representative",
            "union_representative",
            "covered_employees",
            "congress",
            "approved_on",
            "signed_on",
            "filed_on",
            "filed_with",
            "effective_from",
            "effective_to",
            "status",
            "terminated_on",
            "notes",
        ],
        ordering=["-effective_from", "-pk"],
        select_related=["organization"],
        org_types=OWNER_TYPES,
        detail_template="democracy/_contract_extra.html",
        detail_context=panels.contract_context,
        prepare_form=_narrow_contract_form,
        nav_order=126,
    )
)

register(
    RecordType(
        model=OfficerReview,
        slug="officer-reviews",
        period_field="held_on",
        icon="person-check",
        list_display=[
            "held_on",
            "officers",
            "participants",
            "rated_good",
            "rated_fair",
            "rated_poor",
            Column("good_rate", _("Rated good"), _good_rate, sortable=False),
            "organization__name",
        ],
        search_fields=["officers", "note"],
        form_fields=[
            "held_on",
            "officers",
            "congress",
            "participants",
            "rated_good",
            "rated_fair",
            "rated_poor",
            "note",
        ],
        ordering=["-held_on", "-pk"],
        select_related=["organization"],
        org_types=OWNER_TYPES,
        nav_order=127,
    )
)

register_panel("orgs", DetailPanel("democracy/_org_panel.html", panels.union_panel, order=40))

register_tile(
    Tile(
        label=pgettext_lazy("member tile", "Proposals"),
        url_name="portal:democracy-proposals",
        icon="journal-text",
        order=40,
    )
)
