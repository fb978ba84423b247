"""The reports' stored state: summary drafts, uploaded templates, ledger sets, background jobs."""

from __future__ import annotations
