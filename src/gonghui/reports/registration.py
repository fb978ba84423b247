"""The reports' navigation links (module "reports") and background job kinds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.nav import NavLink, register_nav
from gonghui.reports.pack import jobs as pack_jobs  # noqa: F401 (registers the "pack" job kind)
from gonghui.reports.statistics import registration as statistics  # noqa: F401 (its link and job kind)

register_nav(
    NavLink(
        "reports", _("Annual work summary"), "reports:summary", Perm.RECORDS_VIEW, "file-earmark-text", 10
    )
)
register_nav(NavLink("reports", _("Ledger pack"), "reports:pack", Perm.RECORDS_VIEW, "file-earmark-zip", 20))
register_nav(
    NavLink("reports", _("Your recent reports"), "reports:job-list", Perm.RECORDS_VIEW, "hourglass-split", 90)
)
