"""Where a summary document's text comes from: a saved version, or the composer for a reader
outside a request (the CLI, the benchmark)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from gonghui.accounts.access import Access
from gonghui.accounts.roles import GrantInfo, Role
from gonghui.core.sensitivity import Viewer
from gonghui.reports.summary.models import SummaryDraft
from gonghui.reports.summary.text import Summary


def draft_date(draft: SummaryDraft) -> dt.date:
    """The date a saved version prints: the day it was saved."""
    return timezone.localdate(draft.created_at)


def draft_summary(draft: SummaryDraft) -> Summary:
    """A saved version as the document prints it."""
    return draft.as_summary(draft_date(draft))


def federation_viewer(org: Any) -> Viewer:
    """The reader of a summary made outside a request (``gonghui report summary``, the
    benchmark): one holding the federation admin's role on ``org`` itself, so it sees what the
    admin of any federation above sees there (roles apply downwards) and no more: no
    on-demand personal data (``members.personal`` and ``care.hardship`` are not the admin's),
    nothing revealed. A summary prints figures, not people; the same text a federation
    inspector reads is what the command writes to a file."""
    user = SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=False, pk=None)
    access = Access(user, [GrantInfo(org.pk, org.path, Role.FEDERATION_ADMIN)])
    return Viewer(access)
