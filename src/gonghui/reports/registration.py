"""The reports' navigation links (module "reports")."""

from __future__ import annotations
