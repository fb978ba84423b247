"""Subtree queries are index range scans on both databases."""

from __future__ import annotations

from typing import Any

from django.db import connection

from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import Organization


def test_subtree_query_uses_the_path_index(tree: Any) -> None:
    qs = Organization.objects.filter(subtree_q(tree.union_a.path)).values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("EXPLAIN " + sql, params)
        else:
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cur.fetchall())
    assert "path" in plan.lower() and ("INDEX" in plan.upper()), plan
    assert "SCAN orgs_organization" not in plan or "USING" in plan, plan


def test_path_column_compares_bytes(db: Any) -> None:
    """Range scans over paths need byte order: "C" collation on PostgreSQL, BINARY on SQLite."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'orgs_organization' AND column_name = 'path'"
            )
            assert cur.fetchone()[0] == "C"
        else:
            cur.execute("SELECT sql FROM sqlite_master WHERE name = 'orgs_organization'")
            ddl = cur.fetchone()[0]
            column = next(part for part in ddl.split(",") if '"path"' in part)
            assert "COLLATE" not in column.upper(), column  # SQLite's default collation is BINARY
