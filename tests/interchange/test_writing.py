"""The bulk writer: multi-row statements, the incident hot path, import-scoped settings."""

from __future__ import annotations

import pytest
from django.db import connection

from speechwatch.incidents.models import IncidentTag
from speechwatch.interchange import importer
from speechwatch.interchange.actions import import_path
from speechwatch.interchange.importer import (
    LINKS,
    Table,
    _incident_links,
    _incident_row,
    _link_rows,
    _parent_row,
)
from speechwatch.interchange.validate import validate_record
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, incident, write_dir
from tests.interchange.test_validate import R


@pytest.mark.parametrize(
    "over",
    [
        {},
        {"occurred_on": "", "summary": {"kk": "K"}, "status_changed_at": "2024-04-06T10:00:00Z"},
        {"occurred_on": "06.04.2024", "region": "", "categories": [], "status": "draft"},
        {
            "victims": ["a", "b"],
            "perpetrators": ["c"],
            "legal_refs": ["PC 274", "AdmC 456-2"],
            "sources": [{"kind": "url"}, {"kind": "document", "published_on": "2024-01-02"}],
            "tags": ["b", "a"],
        },
    ],
)
def test_incident_hot_path_builds_the_generic_rows(over):
    v, errors = validate_record(incident(**over), R)
    assert errors == [] and v is not None
    stamp = ("run", "now", "now")
    assert _incident_row(v, stamp) == _parent_row(v, stamp)
    actors = {"actor-1": 1, "a": 2, "b": 3, "c": 4}
    fast: list[list] = [[] for _ in LINKS["incident"]]
    _incident_links(v, 7, actors, fast)
    generic = _link_rows(v, 7, actors, {})
    assert [[tuple(r) for r in rows] for rows in generic] == fast


def test_multi_row_statements_write_every_row_in_order(world, tmp_path):
    write_dir(tmp_path, actors=[actor()], incidents=[incident()])
    import_path(tmp_path, who=WHO)
    pk = IncidentTag.objects.get().incident_id
    table = Table(IncidentTag, ["incident", "tag"])
    rows = [(pk, f"t{i:05d}") for i in range(2345)]  # 1000 + 1000 + 200 + 100 + 20 + 20 + 5
    table.insert(rows)
    tags = list(IncidentTag.objects.filter(tag__startswith="t").order_by("id").values_list("tag"))
    assert [t for (t,) in tags] == [tag for _, tag in rows]
    # Statement sizes come from a fixed set, so few distinct statements are prepared.
    assert set(table._sql) <= set(importer._SIZES)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite page cache")
def test_sqlite_cache_size_is_set_for_the_import_and_restored(world, tmp_path, monkeypatch):
    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return int(cursor.fetchone()[0])

    before = cache_size()
    seen = []
    real = importer.Importer.read_file

    def spy(self, *args, **kwargs):
        seen.append(cache_size())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(importer.Importer, "read_file", spy)
    import_path(write_dir(tmp_path, actors=[actor()], incidents=[incident()]), who=WHO)
    assert seen == [-importer.IMPORT_CACHE_KIB] * 2
    assert cache_size() == before
