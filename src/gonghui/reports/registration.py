"""The reports' navigation links (module "reports") and background job kinds."""

from __future__ import annotations

from gonghui.reports.pack import jobs as pack_jobs  # noqa: F401 (registers the "pack" job kind)
from gonghui.reports.statistics import registration as statistics  # noqa: F401
