"""Planner statistics for an index a migration adds to a SQLite database that has them."""

from __future__ import annotations

from typing import Any


def analyze(schema_editor: Any, *indexes: str) -> None:
    """SQLite: ANALYZE the new ``indexes`` when the database holds statistics (sqlite_stat1).
    Unanalyzed among analyzed ones, an index looks as if a key held 10 rows, and the planner
    keeps to the old index. PostgreSQL keeps statistics per column: nothing to do."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            for name in indexes:
                cursor.execute(f'ANALYZE "{name}"')
