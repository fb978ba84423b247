"""Committees and elections: record types, panels and navigation join the machinery here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.committees import panels, validators
from gonghui.committees.models import Candidate, Committee, Election, Seat
from gonghui.core.records import Column, DetailPanel, RecordType, register, register_panel

# Bodies belong to unions (and township unions, federations' own committees), never to groups.
OWNER_TYPES = ["federation", "township", "grassroots", "joint", "branch"]

register(
    RecordType(
        model=Committee,
        slug="committees",
        icon="diagram-2",
        list_display=["name", "kind", "term_start", "term_end", "organization__name"],
        list_filters=["kind"],
        search_fields=["name", "document_number"],
        form_fields=[
            "kind",
            "name",
            "established_on",
            "term_years",
            "term_start",
            "term_end",
            "document_number",
            "duties",
            "dissolved_on",
            "notes",
        ],
        ordering=["kind", "-term_start", "-pk"],
        select_related=["organization"],
        org_types=OWNER_TYPES,
        detail_template="committees/_committee_extra.html",
        detail_context=panels.committee_context,
        nav_order=100,
    )
)

register(
    RecordType(
        model=Seat,
        slug="committee-seats",
        icon="person-badge",
        parent_field="committee",
        list_display=[
            "committee",
            "position",
            "person_name",
            "job_title",
            "full_time",
            "selection",
            "term_start",
            "term_end",
        ],
        list_filters=["position", "full_time", "selection"],
        search_fields=["person_name", "job_title", "committee__name"],
        form_fields=[
            "committee",
            "order",
            "position",
            "member",
            "person_name",
            "gender",
            "job_title",
            "unit",
            "full_time",
            "selection",
            "is_finance_staff",
            "term_start",
            "term_end",
            "notes",
        ],
        ordering=["committee__kind", "committee_id", "order", "pk"],
        select_related=["committee"],
        org_types=OWNER_TYPES,
        nav_order=101,
    )
)

register(
    RecordType(
        model=Election,
        slug="elections",
        period_field="held_on",
        icon="check2-square",
        parent_field="committee",
        list_display=[
            "held_on",
            "committee",
            "kind",
            "eligible_voters",
            "present",
            "votes_cast",
            Column("quorate", _("Quorum reached"), lambda e: e.quorate, sortable=False),
            "approved_on",
            "approval_number",
        ],
        list_filters=["kind", "assembly", "method"],
        search_fields=["committee__name", "approval_number", "approving_body"],
        form_fields=[
            "committee",
            "held_on",
            "kind",
            "assembly",
            "method",
            "seats",
            "eligible_voters",
            "present",
            "votes_cast",
            "approving_body",
            "approved_on",
            "approval_number",
            "notes",
        ],
        ordering=["-held_on", "-pk"],
        select_related=["committee"],
        org_types=OWNER_TYPES,
        validators=[validators.ballots_cover_candidates],
        detail_template="committees/_election_extra.html",
        detail_context=panels.election_context,
        nav_order=102,
    )
)

register(
    RecordType(
        model=Candidate,
        slug="election-candidates",
        icon="person-check",
        parent_field="election",
        list_display=["election", "person_name", "position", "votes", "elected"],
        list_filters=["elected"],
        search_fields=["person_name"],
        form_fields=["election", "member", "person_name", "position", "votes", "elected"],
        ordering=["election_id", "-votes", "pk"],
        select_related=["election__committee"],
        org_types=OWNER_TYPES,
        validators=[validators.seats_left],
        nav=False,
    )
)

register_panel("orgs", DetailPanel("committees/_org_panel.html", panels.union_panel, order=30))
