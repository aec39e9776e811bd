"""Large loads (interchange/bulk.py): indexes put aside and rebuilt, the same rows and search
results as an ordinary import, all or nothing; the export reads without the write lock."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents import queuecounts, search
from speechwatch.incidents.models import Incident
from speechwatch.interchange import bulk
from speechwatch.interchange.actions import (
    ImportFailed,
    export_all,
    import_path,
    input_files,
    large_types,
)
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, incident, row_counts, write_dir

BULK_TABLES = [
    "actors_actor",
    "incidents_incident",
    "incidents_incidentcategory",
    "incidents_incidentactor",
    "incidents_legalreference",
    "incidents_source",
    "incidents_incidenttag",
]


def schema_objects() -> set[tuple[str, str]]:
    """Indexes, triggers and foreign keys of the tables a bulk load touches."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') "
                f"AND tbl_name IN ({', '.join(['%s'] * len(BULK_TABLES))})",
                BULK_TABLES,
            )
            return set(cursor.fetchall())
        cursor.execute(
            "SELECT 'index', indexname FROM pg_indexes WHERE tablename = ANY(%s) "
            "UNION SELECT 'fk', conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [BULK_TABLES, BULK_TABLES],
        )
        return set(cursor.fetchall())


@pytest.mark.parametrize(
    ("incoming", "existing", "large"),
    [
        (19_999, 0, False),  # small loads never
        (20_000, 0, True),
        (1_000_000, 0, True),
        (1_000_000, 500_000, True),  # twice the table
        (1_000_000, 500_001, False),
        (1_000_000, 1_000_000, False),  # a re-import of the same file
    ],
)
def test_is_large(incoming, existing, large):
    assert bulk.is_large(incoming, existing) is large


def test_large_types_by_lines_against_the_table(world, tmp_path):
    files = input_files(_load(tmp_path, n=1))
    assert large_types(files, {"actors.jsonl": 3, "incidents.jsonl": 25_000}) == ["incident"]
    assert large_types(files, {"actors.jsonl": 3, "incidents.jsonl": 19_000}) == []


def test_indexes_aside_drops_and_restores(world):
    before = schema_objects()
    tables = bulk.tables_of(Incident, "incident")
    with bulk.indexes_aside(tables) as dropped:
        during = schema_objects()
    assert dropped
    assert not {("index", index.name) for index in dropped} & during
    # Indexes led by the parent's id stay (appends only; re-import deletes links by them).
    assert all(index.first != tables[index.table] for index in dropped)
    assert schema_objects() == before


def _load(tmp_path, n=30, **over):
    return write_dir(
        tmp_path,
        actors=[actor(f"actor-{i}") for i in range(1, 4)],
        incidents=[
            incident(f"inc-{i}", title={"en": f"Zephyrword report {i}"}, **over)
            for i in range(1, n + 1)
        ],
    )


def test_bulk_load_same_result_and_indexes_back(world, tmp_path):
    # An incident already indexed before the load must stay findable.
    import_path(_load(tmp_path / "a", n=1), who=WHO, bulk_load=False)
    before = schema_objects()
    assert any(kind == "index" for kind, _ in before)

    result = import_path(_load(tmp_path / "b", n=30), who=WHO, bulk_load=True, batch_size=7)

    assert result.counts["incident"] == {"created": 29, "updated": 0, "unchanged": 1}
    assert schema_objects() == before  # every index (and trigger, foreign key) is back
    found = search.matching(Incident.objects.all(), "zephyrword")
    assert found.count() == 30
    assert search.matching(Incident.objects.all(), "report 17").get().external_id == "inc-17"
    assert queuecounts.current() == queuecounts.direct()


def test_bulk_reimport_updates_and_reindexes(world, tmp_path):
    import_path(_load(tmp_path / "a", n=10), who=WHO, bulk_load=True)
    changed = write_dir(
        tmp_path / "b",
        actors=[actor(f"actor-{i}") for i in range(1, 4)],
        incidents=[incident("inc-3", title={"en": "Quillstone report"})],
    )
    result = import_path(changed, who=WHO, bulk_load=True)
    assert result.counts["incident"]["updated"] == 1
    assert search.matching(Incident.objects.all(), "quillstone").get().external_id == "inc-3"
    assert not search.matching(Incident.objects.all(), "zephyrword").filter(external_id="inc-3")


def test_failed_bulk_load_writes_nothing_and_keeps_indexes(world, tmp_path):
    import_path(_load(tmp_path / "a", n=2), who=WHO, bulk_load=False)
    before_rows, before_schema = row_counts(), schema_objects()
    directory = write_dir(
        tmp_path / "b",
        actors=[actor("actor-1")],
        incidents=[incident(f"inc-{i}") for i in range(3, 40)] + [incident("bad", region="xx")],
    )
    with pytest.raises(ImportFailed):
        import_path(directory, who=WHO, bulk_load=True, batch_size=5)
    assert row_counts() == before_rows
    assert schema_objects() == before_schema
    assert search.matching(Incident.objects.all(), "zephyrword").count() == 2


_WORD = re.compile(r"[^\W_]+")


@given(st.text(alphabet=st.sampled_from("aZбӘә_ -.,'\u0306йЁё\u00a0\t\n1²½Ⅻ_ß"), max_size=40))
def test_words_as_the_regex_cuts_them(text):
    # search.words splits on spaces first and runs the regex only on pieces with punctuation.
    folded = unicodedata.normalize("NFC", text.casefold().replace("ё", "е"))
    assert search.words(text) == _WORD.findall(folded)


@pytest.mark.django_db(transaction=True)
def test_export_reads_without_the_write_lock(installed, tmp_path):
    """SQLite: the export's reading transaction is DEFERRED, not IMMEDIATE: an open-data build
    after an import held the single write lock for minutes and writers failed with "database
    is locked". PostgreSQL: one REPEATABLE READ snapshot for all files."""
    import_path(_load(tmp_path / "in", n=3), who=WHO)
    with CaptureQueriesContext(connection) as captured:
        export_all(tmp_path / "out", public=False, fmt="jsonl", who=WHO)
    began = ""
    reads = 0
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("BEGIN") or sql.startswith("SET TRANSACTION"):
            began = sql
        elif '"incidents_incident"' in sql:  # a SELECT, or a DECLARE of a server-side cursor
            reads += 1
            if connection.vendor == "sqlite":
                assert began != "BEGIN IMMEDIATE", "export reads under the write lock"
            else:
                assert "REPEATABLE READ READ ONLY" in began
    assert reads
    assert AuditEvent.objects.filter(action="interchange.export").count() == 1
    assert (tmp_path / "out" / "incidents.jsonl").read_text().count("\n") == 3
