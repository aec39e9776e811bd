"""JSON Lines decoded by orjson read exactly as the json module reads them, errors included."""

from __future__ import annotations

import json

import pytest

from speechwatch.interchange import formats
from speechwatch.interchange.actions import ImportFailed, import_path
from speechwatch.interchange.importer import check
from tests.interchange.conftest import WHO
from tests.interchange.records import case, incident, write_jsonl
from tests.interchange.test_validate import R

LINES = [
    json.dumps(incident()),
    json.dumps(incident(title={"ru": "Инцидент"}), ensure_ascii=False),
    '{"schema_version": 1, "type": "incident", "external_id": NaN}',
    '{"schema_version": 1e400}',
    '{"schema_version": 123456789012345678901234567890, "type": "incident"}',
    '{"schema_version": 1, "type": "incident", "external_id": "\\ud800"}',
    "\ufeff" + json.dumps(incident()),
    '{"a": 1,}',
    "[1, 2]",
    '"text"',
    json.dumps(incident(status="gone")),
    '{"schema_version": 1, "type": "incident", "external_id": "a", "external_id": "b", '
    '"recorded_on": "2024-01-01"}',
    # orjson reads a big integer as a float, which no field accepts; the json module as an int.
    json.dumps(case(stages=[{"stage": "appeal", "date": "2024-01-01", "claim_amount": 10**20}])),
]


def _with_json_only(monkeypatch, path):
    monkeypatch.setattr(formats, "_fast_loads", None)
    try:
        return [check(raw, R) for raw in formats.get_format("jsonl").read(path)]
    finally:
        monkeypatch.undo()


def test_checked_records_are_the_same_with_and_without_orjson(tmp_path, monkeypatch):
    if formats._fast_loads is None:
        pytest.skip("orjson is not installed")
    path = tmp_path / "incidents.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    fast = [check(raw, R) for raw in formats.get_format("jsonl").read(path)]
    exact = _with_json_only(monkeypatch, path)
    assert len(fast) == len(LINES)
    assert fast == exact


def test_malformed_lines_are_reported_in_the_json_module_words(world, tmp_path):
    write_jsonl(tmp_path / "incidents.jsonl", ['{"a": 1,}'])
    with pytest.raises(ImportFailed) as exc:
        import_path(tmp_path / "incidents.jsonl", who=WHO)
    # orjson would say "trailing comma is not allowed"; the report keeps the json module's words.
    assert [str(p) for p in exc.value.problems] == [
        "incidents.jsonl:1: malformed JSON: Expecting property name enclosed in double quotes "
        "(column 9)"
    ]
