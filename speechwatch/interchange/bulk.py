"""Large loads: secondary indexes and the full-text index put aside, rebuilt once at the end.

A B-tree index written a row at a time, in the random order of the rows' keys, costs far more
than the same index built once from sorted data; at a million incidents the indexes also outgrow
the page cache and every insert becomes a read and a write of a page elsewhere. So when an import
brings many more records of a type than its table holds (`is_large`), the import drops that
table's secondary indexes (and its link tables'), and the incremental full-text indexing of new
incidents (search.py), writes its rows, and builds them all again before the commit.

What stays: primary keys, unique indexes and constraints (they are how a duplicate is found),
foreign keys, and every index a re-imported row's UPDATE needs to be found by id. Everything runs
inside the import's transaction and DDL is transactional on both databases, so a failed import
rolls the indexes back with its rows. The cost: on PostgreSQL dropping an index locks its table
against readers until the commit, which is why only a load at least twice the size of the table
(an initial load or a migration) goes this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from speechwatch.incidents import search
from speechwatch.interchange.rows import LINKS
from speechwatch.interchange.tables import _cursor

BULK_MIN = 20_000  # below this a load is never "large": rebuilding would cost more than it saves


def is_large(incoming: int, existing: int) -> bool:
    """A load large enough, against the rows already there, to rebuild the indexes after it."""
    return incoming >= BULK_MIN and incoming >= 2 * existing


@dataclass(frozen=True)
class Index:
    name: str
    table: str
    sql: str  # the CREATE INDEX statement that makes it again
    first: str  # its leading column ("" for an expression)


def _sqlite_indexes(cursor: Any, table: str) -> list[Index]:
    # sql is NULL for the automatic indexes of PRIMARY KEY / UNIQUE: those stay.
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        [table],
    )
    found = []
    for name, sql in cursor.fetchall():
        if sql.lstrip().upper().startswith("CREATE UNIQUE"):
            continue
        cursor.execute("SELECT name FROM pragma_index_info(?) WHERE seqno = 0", [name])
        first = cursor.fetchone()
        found.append(Index(name, table, sql, (first and first[0]) or ""))
    return found


def _postgres_indexes(cursor: Any, table: str) -> list[Index]:
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid), coalesce(a.attname, '') FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
        [table],
    )
    return [Index(name, table, sql, first) for name, sql, first in cursor.fetchall()]


def secondary_indexes(tables: Mapping[str, str]) -> list[Index]:
    """The indexes of `tables` that only speed up reading (no unique, primary or constraint),
    except those led by the column `tables` maps the table to."""
    read = _sqlite_indexes if connection.vendor == "sqlite" else _postgres_indexes
    with _cursor() as cursor:
        return [
            index
            for table, keep in tables.items()
            for index in read(cursor, table)
            if not keep or index.first != keep
        ]


def max_id(model: type[Model]) -> int:
    """The highest id in the model's table: an upper bound of its rows, read from the index."""
    qn = connection.ops.quote_name
    with _cursor() as cursor:
        cursor.execute(f"SELECT max({qn('id')}) FROM {qn(model._meta.db_table)}")
        return int(cursor.fetchone()[0] or 0)


def tables_of(model: type[Model], type_name: str) -> dict[str, str]:
    """A record type's table and its link tables, each with the column whose indexes stay.

    A link table's indexes led by its parent's id (`incident_id`) stay: new rows only append to
    them (ids grow), and re-imported records' links are deleted by that column.
    """
    out = {model._meta.db_table: ""}
    for link, names in LINKS[type_name]:
        out[link._meta.db_table] = str(link._meta.get_field(names[0]).column)  # type: ignore[union-attr]
    return out


@dataclass(frozen=True)
class ForeignKey:
    name: str
    table: str
    definition: str  # pg_get_constraintdef: FOREIGN KEY (…) REFERENCES … DEFERRABLE …


def _postgres_foreign_keys(cursor: Any, tables: Iterable[str]) -> list[ForeignKey]:
    cursor.execute(
        "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
        [list(tables)],
    )
    return [ForeignKey(*row) for row in cursor.fetchall()]


@contextmanager
def indexes_aside(tables: Mapping[str, str]) -> Iterator[list[Index]]:
    """Drop the secondary indexes of `tables`; build them again when the block ends normally.

    PostgreSQL: their foreign keys too. A deferred key check is queued for every row written
    and run one row at a time at the commit (a million incidents queue about eight million);
    adding the key again checks every row in one join. On an exception nothing is rebuilt: the
    caller's transaction rolls back, DDL included.
    """
    if not tables:
        yield []
        return
    found = secondary_indexes(tables)
    qn = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    keys: list[ForeignKey] = []
    with _cursor() as cursor:
        if postgres:
            # Checks still pending from earlier in the caller's transaction run now: a table
            # with pending checks cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            keys = _postgres_foreign_keys(cursor, tables)
            for key in keys:
                cursor.execute(f"ALTER TABLE {key.table} DROP CONSTRAINT {qn(key.name)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's keys are all deferred
        for index in found:
            cursor.execute(f"DROP INDEX {qn(index.name)}")
    yield found
    with _cursor() as cursor:
        if postgres:
            # No table with pending checks may be indexed or altered (see above).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Sorting for an index build uses maintenance_work_mem (64 MB by default).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for index in found:
            cursor.execute(index.sql)
        for key in keys:
            add = f"ADD CONSTRAINT {qn(key.name)} {key.definition}"
            cursor.execute(f"ALTER TABLE {key.table} {add}")


@contextmanager
def search_index_aside(enabled: bool) -> Iterator[None]:
    """Index new incidents for full-text search once at the end instead of row by row."""
    if not enabled:
        yield
        return
    with connection.cursor() as cursor:
        after = search.bulk_insert_begin(cursor)
    yield
    with connection.cursor() as cursor:
        search.bulk_insert_end(cursor, after)
