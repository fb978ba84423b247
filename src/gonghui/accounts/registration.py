"""Accounts join the record machinery here: the role grants panel on an organization's page."""

from __future__ import annotations

from gonghui.accounts.panels import grants_panel
from gonghui.core.records import DetailPanel, register_panel

register_panel("orgs", DetailPanel("accounts/_org_panel.html", grants_panel, order=90))
