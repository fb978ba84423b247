from __future__ import annotations

from typing import Any

from django.db import migrations, models


class BinaryPathField(models.CharField):
    """A CharField compared byte by byte on every database.

    SQLite compares TEXT in binary by default; PostgreSQL needs the "C"
    collation so that range scans over materialized paths use the index
    whatever the database's locale.

    That plain index already serves every prefix search (a range in byte order), so on
    PostgreSQL the column is declared "character varying", the same type under its SQL name:
    Django gives every indexed column declared "varchar" a varchar_pattern_ops twin, which
    here would be written on every insert and never read.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params

    def db_type(self, connection: Any) -> str | None:
        db_type = super().db_type(connection)
        if connection.vendor == "postgresql" and db_type and db_type.startswith("varchar"):
            return "character varying" + db_type.removeprefix("varchar")
        return db_type


def drop_pattern_twins(*columns: tuple[str, str]) -> migrations.RunPython:
    """A migration step: drop the varchar_pattern_ops twins Django made on PostgreSQL for these
    (table, column)s, indexes no query of ours reads (prefix searches are byte-order ranges)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in columns:
            name = schema_editor._create_index_name(table, [column], suffix="_like")
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


class IsNot(models.Func):
    """``NOT (column = 'value')`` with the value written into the SQL rather than bound.

    SQLite uses a partial index only for a query that states the index's condition itself, as
    the index has it; a bound parameter does not count. Values are our own constants (a partial
    index's condition and the query that states it share one ``Q(IsNot(...))``).
    """

    template = "NOT (%(expressions)s = '%(value)s')"
    output_field = models.BooleanField()

    def __init__(self, field: str, value: str) -> None:
        if not value.isidentifier() or not value.isascii():
            raise ValueError(f"not a constant: {value!r}")
        super().__init__(models.F(field), value=value)
