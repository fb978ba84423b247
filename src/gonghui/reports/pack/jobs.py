"""The 台账 pack as a background job (kind "pack"): the jobs part runs it for big packs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.sensitivity import Viewer
from gonghui.reports.jobs.kinds import JobContext, job_kind
from gonghui.reports.pack.build import pack_name, write_pack
from gonghui.reports.pack.sets import effective_set, get_set
from gonghui.reports.pack.views import audit_pack


@job_kind("pack", label=_("Ledger pack"), perm=Perm.RECORDS_VIEW)
def write_pack_job(ctx: JobContext) -> str:
    """``ctx.params``: ``year`` (int) and optionally ``set`` (a set code; else the one that applies)."""
    org = ctx.organization
    year = int(ctx.params["year"])
    code = ctx.params.get("set")
    ledger_set = get_set(code) if code else effective_set(org)
    result = write_pack(
        ctx.out,
        organization=org,
        year=year,
        ledger_set=ledger_set,
        viewer=Viewer(ctx.access, reveal=True),
        progress=ctx.progress,
    )
    audit_pack(
        result, organization=org, year=year, ledger_set=ledger_set, user=getattr(ctx.access, "user", None)
    )
    return pack_name(org, year, ledger_set)
