"""Hand-written queries run the same way on both databases, and their dates read back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TypeVar

from django.db import connection, transaction

__all__ = ["as_date", "chunks", "fetch_all", "maybe_date"]

T = TypeVar("T")


def fetch_all(sql: str, params: Sequence[str | int | date]) -> list[tuple]:  # type: ignore[type-arg]
    """Run one of the report's hand-written queries. On PostgreSQL without JIT: these queries
    are estimated costly enough to be compiled, and compiling them (1-2 s) costs more than
    running them (tens of milliseconds); SET LOCAL ends with the transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``values`` at most ``size`` at a time: IN (...) lists within every database's limit of
    query parameters."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def as_date(value: date | str) -> date:
    # Raw SQL on SQLite hands DATE columns back as 'YYYY-MM-DD' text.
    return value if isinstance(value, date) else date.fromisoformat(value)


def maybe_date(value: date | str | None) -> date | None:
    return None if value is None else as_date(value)
