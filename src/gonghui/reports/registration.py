"""The reports' navigation links (module "reports")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.nav import NavLink, register_nav

register_nav(
    NavLink(
        "reports", _("Annual work summary"), "reports:summary", Perm.RECORDS_VIEW, "file-earmark-text", 10
    )
)
