"""Reads of a union's summary drafts: the version shown, the versions one may open."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gonghui.accounts.access import Access
from gonghui.accounts.roles import Perm
from gonghui.core.sensitivity import Viewer
from gonghui.reports.summary import compose, drafts
from gonghui.reports.summary.models import SummaryDraft

READ_PERM = Perm.RECORDS_VIEW
EDIT_PERM = Perm.RECORDS_EDIT


def may_read(access: Access, org: Any) -> bool:
    return access.can(READ_PERM, org)


def may_edit(access: Access, org: Any) -> bool:
    return access.can(EDIT_PERM, org)


def working_copy(org: Any, year: int) -> SummaryDraft | None:
    return SummaryDraft.objects.filter(organization=org, year=year, working=True).first()


def latest_version(org: Any, year: int) -> SummaryDraft | None:
    return SummaryDraft.objects.filter(organization=org, year=year, working=False).first()


def shown_draft(org: Any, year: int) -> SummaryDraft | None:
    """What the draft page shows: the working copy, else the newest named version, else None
    (the freshly generated text)."""
    return working_copy(org, year) or latest_version(org, year)


def readable_versions(access: Access) -> QuerySet[SummaryDraft]:
    """Named versions of every union where ``access`` may read summaries (for a lookup by key)."""
    return SummaryDraft.objects.filter(
        access.org_q(READ_PERM, "organization__path"), working=False
    ).select_related("organization", "created_by")


def versions(access: Access, org: Any, year: int) -> QuerySet[SummaryDraft]:
    """The named versions of ``org``'s summary of ``year``, newest first (none without the right)."""
    if not may_read(access, org):
        return SummaryDraft.objects.none()
    return SummaryDraft.objects.filter(organization=org, year=year, working=False).select_related(
        "created_by"
    )


def current_blocks(
    access: Access, org: Any, year: int
) -> tuple[SummaryDraft | None, str, list[drafts.DraftBlock]]:
    """The draft shown (or None), its title and its blocks; generated for ``access`` when none is saved."""
    draft = shown_draft(org, year)
    if draft is not None:
        return draft, draft.title, list(draft.blocks)
    summary = compose.compose_summary(org, year, viewer=Viewer(access))
    return None, summary.title, drafts.from_summary(summary.blocks)
