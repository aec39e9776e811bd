"""Writing rows fast: multi-row INSERTs on SQLite, COPY on PostgreSQL, look-ups by external id
in plain SQL, and the connection settings of an import (used by importer.Importer)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Model

from speechwatch.lib.rawsql import chunks

IN_CHUNK = 900  # stays under every backend's limit of query parameters
MAX_PARAMS = 30_000  # parameters in one INSERT; SQLite allows 32,766, PostgreSQL 65,535
ROWS_PER_STATEMENT = 1000
IMPORT_CACHE_KIB = 64 * 1024
_SIZES = (1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)  # rows per INSERT statement


# --- writing rows -----------------------------------------------------------------------------


class Table:
    """INSERT … VALUES for a model and a fixed list of its fields, many rows at a time.

    SQLite: one statement per up to `ROWS_PER_STATEMENT` rows rather than executemany, which
    halves the cost of a row (a statement's fixed costs — among them the AUTOINCREMENT counter
    in sqlite_sequence, read and written once per statement — are shared by all its rows).
    PostgreSQL: COPY … FROM STDIN (psycopg's `cursor.copy()`), a batch per COPY; parent rows take
    their ids from the table's sequence first (COPY returns nothing), so links can point to them.
    """

    def __init__(
        self, model: type[Model], names: list[str], *, raw: frozenset[str] = frozenset()
    ) -> None:
        """`raw` names fields whose values the caller passes already adapted for the database."""
        meta = model._meta
        fields = [meta.get_field(n) for n in names]
        qn = connection.ops.quote_name
        cols = ", ".join(qn(str(f.column)) for f in fields)  # type: ignore[union-attr]
        self.model = model
        self.names = names
        self.width = len(fields)
        self.head = f"INSERT INTO {qn(meta.db_table)} ({cols}) VALUES "
        # The statements go to the DB-API cursor itself (see _cursor), so in its own paramstyle.
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.row_marks = "(" + ",".join([mark] * len(fields)) + ")"
        self.returning = f" RETURNING {qn('external_id')}, {qn('id')}"
        self.per_statement = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMS // len(fields)))
        self.many = connection.vendor == "postgresql"  # COPY instead of INSERT statements
        self.copy_sql = f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN"
        self.copy_ids_sql = f"COPY {qn(meta.db_table)} ({qn('id')}, {cols}) FROM STDIN"
        self.next_ids_sql = (
            f"SELECT nextval(pg_get_serial_sequence('{qn(meta.db_table)}', 'id')) "
            "FROM generate_series(1, %s)"
        )
        self._sql: dict[int, str] = {}
        # Only dates, datetimes and JSON need converting; text, numbers and booleans pass as is.
        self.adapters: list[tuple[int, Callable[[Any], Any]]] = []
        sqlite = connection.vendor == "sqlite"
        for i, f in enumerate(fields):
            if f.name in raw:
                continue
            internal = f.get_internal_type()
            prep = f.get_db_prep_save  # type: ignore[union-attr]
            if self.many and internal in ("DateField", "DateTimeField"):
                # COPY's text format is parsed by the server: ISO text (with its UTC offset) is
                # what it reads anyway, so only "" (no date) needs converting, to NULL.
                self.adapters.append((i, _none_if_empty))
            elif internal == "DateField":
                if sqlite:  # Django stores SQLite dates as ISO text: the canonical form already
                    self.adapters.append((i, _none_if_empty))
                else:
                    self.adapters.append((i, _date_adapter))
            elif internal == "DateTimeField":
                self.adapters.append((i, _datetime_adapter(prep)))
            elif internal == "JSONField":
                self.adapters.append((i, _json_adapter(prep)))

    def _statements(
        self, rows: Sequence[Sequence[Any]], returning: bool
    ) -> Iterator[tuple[str, list[Any]]]:
        width = self.width
        start = 0
        while start < len(rows):
            # Statement sizes come from a fixed set, so the driver's cache of prepared statements
            # (and self._sql) holds a few per table instead of one per odd remainder.
            size = next(k for k in _SIZES if k <= len(rows) - start and k <= self.per_statement)
            params: list[Any] = []
            for row in rows[start : start + size]:
                params.extend(row)
            start += size
            for i, adapt in self.adapters:  # a column at a time: params[i::width]
                params[i::width] = [adapt(value) for value in params[i::width]]
            key = -size if returning else size
            sql = self._sql.get(key)
            if sql is None:
                sql = self.head + ",".join([self.row_marks] * size)
                if returning:
                    sql += self.returning
                self._sql[key] = sql
            yield sql, params

    def _adapted(self, rows: Sequence[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        """The rows with their values adapted, one at a time (rows without adapters as given)."""
        adapters = self.adapters
        if not adapters:
            yield from rows
            return
        for row in rows:
            out = list(row)
            for i, adapt in adapters:
                out[i] = adapt(out[i])
            yield out

    def insert(self, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with _cursor() as cursor:
            if self.many:
                with cursor.copy(self.copy_sql) as copy:
                    for row in self._adapted(rows):
                        copy.write_row(row)
                return
            for sql, params in self._statements(rows, returning=False):
                cursor.execute(sql, params)

    def insert_returning_ids(self, rows: Sequence[Sequence[Any]]) -> dict[str, int]:
        """Insert parent rows and return {external_id: id} of the rows written."""
        if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
            self.insert(rows)
            externals = [row[self.names.index("external_id")] for row in rows]
            return _ids_by_external(self.model, externals)
        ids: dict[str, int] = {}
        with _cursor() as cursor:
            if self.many:
                cursor.execute(self.next_ids_sql, [len(rows)])
                pks = [pk for (pk,) in cursor.fetchall()]
                ext = self.names.index("external_id")
                with cursor.copy(self.copy_ids_sql) as copy:
                    for pk, row in zip(pks, self._adapted(rows), strict=True):
                        ids[row[ext]] = pk
                        copy.write_row([pk, *row])
                return ids
            for sql, params in self._statements(rows, returning=True):
                cursor.execute(sql, params)
                ids.update(cursor.fetchall())
        return ids


@contextmanager
def _cursor() -> Iterator[Any]:
    """The DB-API cursor under Django's wrapper, with errors still translated to Django's.

    Django's SQLite wrapper rewrites "%s" to "?" with a regular expression on every execute,
    which on a statement of a thousand rows costs more than the insert; the SQL here is
    written in the driver's own style instead.
    """
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


@contextmanager
def import_settings() -> Iterator[None]:
    """Connection settings for the length of an import, restored afterwards.

    SQLite: a page cache of IMPORT_CACHE_KIB instead of the default 2 MiB, so the indexes of a
    large import stay in memory instead of being spilled to the WAL and read back. It bounds
    memory whatever the file's size. Durability settings (WAL, synchronous) are left alone.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        if connection.connection is not None:
            with _cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {before}")


@contextmanager
def collector_settings() -> Iterator[None]:
    """Python's cyclic garbage collector, tuned for the length of an import, restored afterwards.

    An import allocates a few container objects per field of every record; at the default
    thresholds the collector runs every 700 of them, and its full passes walk every object the
    process holds (Django, the apps), about 15% of an import's CPU time. The objects that exist
    before the import are frozen (left out of collections) and collections are rarer; cycles made
    during the import are still collected, so memory stays flat.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _none_if_empty(value: Any) -> Any:
    return value or None


def _date_adapter(value: Any) -> Any:
    return date.fromisoformat(value) if value else None


def _datetime_adapter(prep: Callable[..., Any]) -> Callable[[Any], Any]:
    @lru_cache(maxsize=4096)  # bounded; timestamps repeat within a batch (same-day edits)
    def from_text(value: str) -> Any:
        return prep(datetime.fromisoformat(value), connection)

    def adapt(value: Any) -> Any:
        if not value:
            return None
        if isinstance(value, str):
            return from_text(value)
        return prep(value, connection)

    return adapt


def _json_adapter(prep: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda value: prep(value, connection)


def _by_external(
    model: type[Model], columns: str, external_ids: Iterable[str]
) -> Iterator[tuple[Any, ...]]:
    """Rows (`columns`) of the records with these external ids, by plain SQL.

    The ORM spends longer preparing a 900-value IN list than the database takes to answer it.
    """
    qn = connection.ops.quote_name
    mark = "?" if connection.vendor == "sqlite" else "%s"
    cols = ", ".join(qn(c) for c in columns.split())
    head = f"SELECT {cols} FROM {qn(model._meta.db_table)} WHERE {qn('external_id')} IN "
    with _cursor() as cursor:
        for chunk in chunks(list(external_ids), IN_CHUNK):
            cursor.execute(head + "(" + ", ".join([mark] * len(chunk)) + ")", chunk)
            yield from cursor.fetchall()


def _ids_by_external(model: type[Model], external_ids: Iterable[str]) -> dict[str, int]:
    return dict(_by_external(model, "external_id id", external_ids))  # type: ignore[arg-type]
