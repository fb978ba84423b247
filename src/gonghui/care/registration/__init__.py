"""Care for workers: record types, navigation and detail panels join the machinery here."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.care import panels
from gonghui.care.registration import aid, hardship, insurance, other  # noqa: F401  (importing registers)
from gonghui.core.nav import NavLink, register_nav
from gonghui.core.records import DetailPanel, register_panel
from gonghui.portal.tiles import Tile, register_tile

register_nav(
    NavLink("care", _("Care statistics"), "care:overview", Perm.RECORDS_VIEW, icon="bar-chart", order=100)
)
register_panel("orgs", DetailPanel("care/_org_panel.html", panels.union_panel, order=80))
register_panel("members", DetailPanel("care/_member_panel.html", panels.member_panel, order=60))
register_tile(
    Tile(
        label=_("Aid applications"),
        url_name="portal:care-cases",
        icon="heart-pulse",
        order=30,
        members_only=True,
    )
)
