"""Members: the roster record type, its navigation and the statistics panel on a union's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.bounds import DayField, query_value
from gonghui.core.forms import register_picker
from gonghui.core.nav import NavLink, register_nav
from gonghui.core.records import Column, DetailPanel, RecordType, register, register_panel
from gonghui.members import masking, picker, selectors, services
from gonghui.members.exporters import RosterExporter
from gonghui.members.forms import HOLDER_TYPES, MemberFilterSet, MemberForm, import_targets
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgType
from gonghui.portal.tiles import Tile, register_tile


class MemberType(RecordType):
    """The roster: the generic machinery with the roster's own search (pinyin, card, ID tail).

    Unions are narrowed with ``organization IN (subquery)`` rather than a join on the
    organization's path, so that a search can start from its own index (a name, pinyin or
    ID-tail range) and a big subtree's list can walk the name index in order. The permission
    and the chosen subtree are one subquery: each listed member is checked twice (there and
    in the ambient scope), not three times.
    """

    def queryset(self, access: Any, within: Any = None) -> QuerySet:
        qs = self.model.objects.filter(selectors.readable_members_q(access, self.view_perm, within))
        return qs.select_related(*self.select_related).order_by(*self.ordering)

    def in_subtree(self, qs: QuerySet, org: Any) -> QuerySet:
        return qs.filter(selectors.org_members_q(org))

    def search(self, qs: QuerySet, text: str, access: Any = None) -> QuerySet:
        return selectors.search(qs, text, access)


def as_of(request: Any) -> dt.date:
    """The day of the statistics: ``?as_of=`` (1900–2100, else a message), or today."""
    return query_value(request, "as_of", DayField(label=_("Date")), timezone.localdate())


def parse_day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


def _member_context(request: Any, member: Member, access: Any) -> dict[str, Any]:
    can_edit = access.can(Perm.MEMBERS_EDIT, member.organization)
    status = member.status
    actions = []
    if can_edit:
        if status in (MemberStatus.ACTIVE, MemberStatus.RETAINED):
            actions.append(("transfer-out", _("Transfer out")))
        if status == MemberStatus.ACTIVE:
            actions.append(("retain", _("Retain membership")))
        if status in (MemberStatus.ACTIVE, MemberStatus.RETAINED):
            actions.append(("leave", _("Leave")))
        if status == MemberStatus.TRANSFERRING:
            actions.append(("cancel", _("Withdraw the transfer")))
        if status in (MemberStatus.ACTIVE, MemberStatus.RETAINED, MemberStatus.TRANSFERRING):
            actions.append(("death", _("Record death")))
    return {
        "events": selectors.member_events(member),
        "pending": services.pending_transfer(member),
        "membership_actions": actions,
        "can_unmask": masking.may_unmask(access, member),
    }


def _org_panel(request: Any, org: Any, access: Any) -> dict[str, Any] | None:
    """Roster statistics on a union's page, for those who may read its members."""
    if org.org_type == OrgType.GROUP or not access.can(Perm.MEMBERS_VIEW, org):
        return None
    return {"stats": selectors.statistics(org, as_of(request))}


MEMBERS = register(
    MemberType(
        model=Member,
        slug="members",
        module="members",
        icon="people",
        view_perm=Perm.MEMBERS_VIEW,
        edit_perm=Perm.MEMBERS_EDIT,
        list_display=[
            "name",
            "gender",
            Column("id_number", sortable=False),
            Column("mobile", sortable=False, phone=True),
            "employment_type",
            Column("union_group__name", _("Union group"), phone=True),
            "join_date",
            "card_number",
            Column("status", phone=True),
            Column("organization__name", _("Union")),
        ],
        list_filters=["union_group", "status", "employment_type", "gender"],
        search_fields=["name", "name_pinyin", "name_initials", "card_number", "id_number"],
        form_fields=services.EDITABLE_FIELDS,
        detail_fields=[*services.EDITABLE_FIELDS, "status", "organization", "created_at"],
        api_fields=["id", *services.EDITABLE_FIELDS, "status"],
        ordering=("name", "pk"),
        select_related=("organization", "union_group"),
        org_types=HOLDER_TYPES,
        create=services.member_create,
        update=services.member_update,
        delete=services.member_delete,
        warnings=services.member_warnings,
        detail_template="members/_member_detail.html",
        form_class=MemberForm,
        filterset=MemberFilterSet,
        exporter=RosterExporter,
        detail_context=_member_context,
        own_reveal=True,  # the Personal data card's Show button (members:reveal)
        api_router="gonghui.members.api.router",
        owner_label=_("Union"),
        nav_order=10,
    )
)

register_panel("orgs", DetailPanel("members/_org_panel.html", _org_panel, order=10))
# Every form that chooses members searches the roster (members/picker.py), never lists it.
register_picker("members.Member", picker.PICKER)


def _may_import(access: Any, org: Any) -> bool:
    """The import page opens for those with a union to import into (not a group leader's group)."""
    return import_targets(access).exists()


register_nav(
    NavLink(
        "members",
        _("Import roster"),
        "members:import",
        Perm.MEMBERS_EDIT,
        icon="upload",
        order=20,
        applies=_may_import,
    )
)
register_nav(
    NavLink(
        "members",
        _("Incoming transfers"),
        "members:transfers",
        Perm.MEMBERS_EDIT,
        icon="arrow-left-right",
        order=30,
    )
)
register_nav(
    NavLink(
        "members",
        _("Transfer requests"),
        "members:transfer-requests",
        Perm.MEMBERS_EDIT,
        icon="person-plus",
        order=35,
    )
)
register_nav(
    NavLink(
        "members", _("Roster statistics"), "members:statistics", Perm.MEMBERS_VIEW, icon="bar-chart", order=40
    )
)
register_nav(
    NavLink(
        "members",
        _("Membership applications"),
        "members:join-applications",
        Perm.MEMBERS_VIEW,
        icon="person-check",
        order=33,
    )
)
register_nav(
    NavLink("members", _("Joining QR code"), "members:join-qr", Perm.MEMBERS_EDIT, icon="qr-code", order=34)
)
# The member pages' tile: applicants (not members yet) follow their applications there.
register_tile(
    Tile(
        label=_("Membership application"),
        url_name="portal:members-join-mine",
        icon="person-plus",
        order=80,
        members_only=False,
    )
)
