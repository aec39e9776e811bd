"""Full-text search over incidents: one interface, one backend per database vendor.

Every writer (the actions, the importer's fast path, raw bulk loaders) sets `search_text`: the
incident's titles, summaries and settlement case-folded (ё → е) and cut into words — runs of
letters and digits in any script, joined by single spaces. Folding and word-cutting happen here, in
Python, for the stored text and for queries alike, so Kazakh letters (ә ғ қ ң ө ұ ү һ і), which
neither database folds the same way, behave identically on both, and the database index only has to
split on spaces:

- SQLite: an FTS5 table `incidents_incident_fts` (external content = `search_text`, tokenizer
  `unicode61 remove_diacritics 2`) kept in step by triggers, which fire on every path — the ORM, the
  importer's raw INSERTs, deletes. Django's SQLite schema editor rebuilds a table to alter it and
  so drops its triggers; `ensure_index` (run after every `migrate`) recreates them and rebuilds the
  index when that happened.
- PostgreSQL: a generated column `search_vector`, the words of `search_text` as lexemes
  (`array_to_tsvector` of the text split on spaces) with a GIN index, kept by the database itself.
  The words are taken as they are, not parsed again by `to_tsvector` (four times the server's
  CPU in a bulk import, and its parser splits some words ours keep whole); queries are cast to
  `tsquery` the same way. No search uses word positions, so none are stored.

A query matches incidents holding every word; the last word also matches as a prefix (typing
"қазақ" finds "қазақстан"). Query text never reaches a query language unescaped: words are
letters and digits only, each quoted for FTS5 and for tsquery.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection as default_connection
from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"[^\W_]+")
TABLE = "incidents_incident"
FTS = "incidents_incident_fts"
MAX_WORDS = 20  # each word is one more index probe; a longer query is not a search
# Longer runs of letters (an encoded blob, say) are not words anyone searches for, and PostgreSQL
# refuses lexemes over 2,047 bytes (255 characters are at most 1,020 bytes of UTF-8).
MAX_WORD = 255
# A query matching more incidents than this is "common": its matches are not gathered first, the
# list is walked in its own order and each row checked (a page is found after a few rows).
COMMON = 10_000
# Or when at least SAMPLE_HITS of the SAMPLE newest incidents match (common_at_top).
SAMPLE, SAMPLE_HITS = 1000, 20


def fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def words(text: str) -> list[str]:
    """The words of a text, folded: what is indexed and what a query looks for."""
    folded = text.casefold().replace("ё", "е")
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", folded)  # "й" typed as и + breve is one letter
    # Most space-separated pieces are a word already (str.isalnum is the regex's [^\W_]): only
    # the others, with punctuation, go through the regex (a third of a bulk import's text cost).
    out: list[str] = []
    for piece in folded.split():
        if piece.isalnum():
            out.append(piece)
        else:
            out.extend(_WORD.findall(piece))
    if any(len(w) > MAX_WORD for w in out):
        return [w for w in out if len(w) <= MAX_WORD]
    return out


def search_text(parts: Iterable[str]) -> str:
    return " ".join(words("\n".join(p for p in parts if p)))


def incident_search_text(
    title: Mapping[str, str], summary: Mapping[str, str], settlement: str
) -> str:
    """An incident's search_text: the one definition, for the actions and the importer."""
    return search_text([*title.values(), *summary.values(), settlement])


def search_words(query: str) -> list[str]:
    """The words of a query, folded like the indexed text, unique, in order."""
    return list(dict.fromkeys(words(query)))[:MAX_WORDS]


def fts5_query(terms: list[str]) -> str:
    """FTS5 MATCH text: every word (quoted, so never an operator), the last as a prefix."""
    return " ".join(f'"{w}"' + ("*" if i == len(terms) - 1 else "") for i, w in enumerate(terms))


def tsquery(terms: list[str]) -> str:
    """tsquery text (cast, not parsed: the words are the lexemes): every word, the last as a
    prefix."""
    return " & ".join(f"'{w}'" + (":*" if i == len(terms) - 1 else "") for i, w in enumerate(terms))


@dataclass(frozen=True)
class Backend:
    """How one database vendor finds the ids of incidents matching a query's words."""

    ids_sql: str  # SELECT of matching incident ids, one %s for the query text
    query: Callable[[list[str]], str]
    install: Callable[[Any], None]  # create the index (a migration, with a cursor)
    ensure: Callable[[Any], None]  # after migrate: repair what a table rebuild dropped


_SQLITE_TRIGGERS = {
    f"{FTS}_ai": f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN
  INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
END""",
    f"{FTS}_ad": f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN
  INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END""",
    f"{FTS}_au": f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_text ON {TABLE}
BEGIN
  INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
END""",
}


def _sqlite_install(cursor: Any) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_text, content='{TABLE}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    for sql in _SQLITE_TRIGGERS.values():
        cursor.execute(sql)
    cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def _sqlite_ensure(cursor: Any) -> None:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
        [FTS + "%"],
    )
    present = {row[0] for row in cursor.fetchall()}
    if FTS not in present or not set(_SQLITE_TRIGGERS) <= present:
        _sqlite_install(cursor)


POSTGRES_VECTOR = "array_to_tsvector(array_remove(string_to_array(search_text, ' '), ''))"


def _postgres_install(cursor: Any) -> None:
    cursor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({POSTGRES_VECTOR}) STORED"
    )
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_search_gin ON {TABLE} USING gin (search_vector)"
    )


def _nothing(cursor: Any) -> None:
    pass


BACKENDS: dict[str, Backend] = {
    "sqlite": Backend(
        ids_sql=f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s",
        query=fts5_query,
        install=_sqlite_install,
        ensure=_sqlite_ensure,
    ),
    "postgresql": Backend(
        ids_sql=f"SELECT id FROM {TABLE} WHERE search_vector @@ %s::tsquery",
        query=tsquery,
        install=_postgres_install,
        ensure=_nothing,
    ),
}


def backend(vendor: str | None = None) -> Backend:
    vendor = vendor or default_connection.vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"no incident search backend for database {vendor!r}") from None


def matching(qs: QuerySet[Any], query: str) -> QuerySet[Any]:
    """`qs` narrowed to incidents holding every word of `query` (the last also as a prefix).

    A query without words (only punctuation, say) matches nothing rather than everything.
    Lists show the newest page of matches, so the cost must not grow with the number of matches.
    Few matches (≤ COMMON, read from the index with a LIMIT) are gathered first, as values.
    Many are checked row by row as the list walks its own order (a page is found after a few
    rows): PostgreSQL gets the `@@` condition itself (its planner then walks the ordered index);
    SQLite probes FTS5 by rowid for whole words and matches the last (prefix) word in
    `search_text`.
    """
    terms = search_words(query)
    if not terms:
        return qs.none()
    vendor = connections[qs.db].vendor
    b = backend(vendor)
    text = b.query(terms)
    few = None if common_at_top(qs.db, vendor, terms, text) else ids_if_few(qs.db, b, text, COMMON)
    if few is not None:
        # Passed as values, not as a subquery: PostgreSQL guesses 2% for any prefix and would
        # walk the whole ordered index probing each row (8 s at 1M for a word in 11 incidents).
        return qs.filter(pk__in=few)
    if vendor == "postgresql":
        return qs.filter(
            RawSQL(
                f'"{TABLE}"."search_vector" @@ %s::tsquery',
                [text],
                output_field=BooleanField(),
            )
        )
    if vendor == "sqlite":
        # Whole words: one index probe by rowid per listed row (cheap). The last word, a prefix,
        # is matched in the row's own search_text instead: FTS5 gathers every doclist under a
        # prefix for each probe, which for a frequent prefix is milliseconds a row.
        *whole, last = terms
        if whole:
            qs = qs.filter(
                RawSQL(
                    f'EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s AND rowid = "{TABLE}"."id")',
                    [" ".join(f'"{w}"' for w in whole)],  # no prefix: exact words
                    output_field=BooleanField(),
                )
            )
        return qs.filter(
            RawSQL(
                f"""(' ' || "{TABLE}"."search_text") LIKE %s""",
                [f"% {last}%"],  # words are letters and digits: no LIKE wildcard in them
                output_field=BooleanField(),
            )
        )
    return qs.filter(pk__in=RawSQL(b.ids_sql, [text]))  # another vendor: no row check known


def common_at_top(using: str, vendor: str, terms: list[str], text: str) -> bool:
    """Whether the query matches at least SAMPLE_HITS of the SAMPLE newest incidents: then it is
    common, and the list (newest first) finds its page after a few rows. Decided this way, a word
    in every incident never has its matches gathered (PostgreSQL reads a GIN posting list whole,
    LIMIT or not: 60 ms at 1M). Only the plan depends on this, never the result."""
    col = "search_vector" if vendor == "postgresql" else "search_text"
    newest = f"SELECT {col} FROM {TABLE} ORDER BY recorded_on DESC, id DESC LIMIT {SAMPLE}"
    if vendor == "postgresql":
        sql = f"SELECT COUNT(*) FROM ({newest}) s WHERE search_vector @@ %s::tsquery"
        params: list[str] = [text]
    elif vendor == "sqlite":
        # Words are letters and digits (no LIKE wildcard); near enough to FTS5 for an estimate.
        *whole, last = terms
        checks = ["(' ' || search_text || ' ') LIKE %s" for _ in whole] + [
            "(' ' || search_text) LIKE %s"
        ]
        sql = f"SELECT COUNT(*) FROM ({newest}) s WHERE {' AND '.join(checks)}"
        params = [f"% {w} %" for w in whole] + [f"% {last}%"]
    else:
        return False
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return bool(row) and int(row[0]) >= SAMPLE_HITS


def by_status(using: str, status: str, query: str | None) -> Any:
    """The condition status = `status`, for a list that may also be searched. On SQLite, with a
    search, written likelihood(status = …, 0.9): the same test, but the planner stops walking the
    status index in list order checking every row against the few matched ids (80 ms at 1M for
    11 matches) and reads those ids instead (< 1 ms). A common word is walked either way."""
    if query and connections[using].vendor == "sqlite" and search_words(query):
        return RawSQL(
            f'likelihood("{TABLE}"."status" = %s, 0.9)', [status], output_field=BooleanField()
        )
    return Q(status=status)


def ids_if_few(using: str, b: Backend, text: str, limit: int) -> list[int] | None:
    """The matching ids when there are at most `limit` (reads at most limit + 1), else None."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"{b.ids_sql} LIMIT {int(limit) + 1}", [text])
        ids = [pk for (pk,) in cursor.fetchall()]
    return ids if len(ids) <= limit else None


def count_capped(qs: QuerySet[Any], cap: int = COMMON) -> tuple[int, bool]:
    """(count, capped): a total to show as "more than 10,000" without counting a million."""
    n = qs[: cap + 1].count()
    return min(n, cap), n > cap


def install_index(schema_editor: Any) -> None:
    """Migration step: create this database's search index (no-op for unknown vendors)."""
    b = BACKENDS.get(schema_editor.connection.vendor)
    if b:
        with schema_editor.connection.cursor() as cursor:
            b.install(cursor)


def ensure_index(using: str = "default", **_: Any) -> None:
    """post_migrate: recreate SQLite triggers a table rebuild dropped (and reindex)."""
    conn = connections[using]
    b = BACKENDS.get(conn.vendor)
    if b is None:
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM django_migrations WHERE app = 'incidents' AND name = %s", [MIGRATION]
        )
        if cursor.fetchone() is not None:  # else: not migrated that far (yet)
            b.ensure(cursor)


MIGRATION = "0006_fulltext_search"


# --- bulk loads (interchange/bulk.py) -----------------------------------------------------------


def bulk_insert_begin(cursor: Any) -> int | None:
    """Before a large import: stop indexing inserted incidents one by one (SQLite's insert
    trigger). Returns the id after which bulk_insert_end indexes rows; None if nothing changed
    (PostgreSQL computes its column per row; its GIN index is rebuilt as a secondary index)."""
    if cursor.db.vendor != "sqlite":
        return None
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}")
    after = int(cursor.fetchone()[0])
    cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_ai")
    return after


def bulk_insert_end(cursor: Any, after: int | None) -> None:
    """Index in one statement the incidents inserted since bulk_insert_begin; restore the trigger.

    Ids only grow (AUTOINCREMENT), so the new rows are those above `after`; rows updated
    meanwhile went through the update trigger, which stays."""
    if after is None:
        return
    cursor.execute(
        f"INSERT INTO {FTS}(rowid, search_text) SELECT id, search_text FROM {TABLE} WHERE id > %s",
        [after],
    )
    cursor.execute(_SQLITE_TRIGGERS[f"{FTS}_ai"])
