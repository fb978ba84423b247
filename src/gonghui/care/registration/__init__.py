"""Care for workers: record types, navigation and detail panels join the machinery here."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.care.registration import aid, hardship, insurance, other  # noqa: F401  (importing registers)
from gonghui.core.nav import NavLink, register_nav

register_nav(
    NavLink("care", _("Care statistics"), "care:overview", Perm.RECORDS_VIEW, icon="bar-chart", order=100)
)
