"""The reports' navigation links (module "reports")."""

from __future__ import annotations

from gonghui.reports.pack import jobs as pack_jobs  # noqa: F401 (registers the "pack" job kind)
