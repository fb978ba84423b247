from __future__ import annotations

from typing import Any

from django.db import models


class BinaryPathField(models.CharField):
    """A CharField compared byte by byte on every database.

    SQLite compares TEXT in binary by default; PostgreSQL needs the "C"
    collation so that range scans over materialized paths use the index
    whatever the database's locale.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
