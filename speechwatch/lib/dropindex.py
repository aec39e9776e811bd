"""A migration that drops an index Django declared, without copying the table.

For Django a field's `db_index=True -> False` is an AlterField, and its SQLite schema editor
carries out any AlterField by copying the whole table (at a million incidents: minutes, and the
full-text triggers dropped with the old table). The state change stays an AlterField; the
database change is only DROP INDEX (and CREATE INDEX to reverse it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation


@dataclass(frozen=True)
class Dropped:
    name: str
    table: str
    columns: str  # as in CREATE INDEX … (columns)
    postgres_only: bool = False  # Django's "_like" pattern-ops companion of a CharField index


def _run(indexes: list[Dropped], create: bool) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        postgres = schema_editor.connection.vendor == "postgresql"
        for index in indexes:
            if index.postgres_only and not postgres:
                continue
            if create:
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {index.name} ON {index.table} ({index.columns})"
                )
            else:
                schema_editor.execute(f"DROP INDEX IF EXISTS {index.name}")

    return run


def drop_indexes(state_operations: list[Operation], indexes: list[Dropped]) -> Operation:
    """The AlterFields for the migration state; DROP INDEX for the database."""
    return migrations.SeparateDatabaseAndState(
        state_operations=state_operations,
        database_operations=[migrations.RunPython(_run(indexes, False), _run(indexes, True))],
    )
