"""The statistics' navigation link and background job kind (imported by reports/registration.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.nav import NavLink, register_nav
from gonghui.reports.statistics import jobs  # noqa: F401 (registers the "statistics" job kind)
from gonghui.reports.statistics.tables import PERM

register_nav(NavLink("reports", _("Annual statistics"), "reports:statistics", PERM, icon="table", order=60))
