"""CSV cells and the format registry (pure)."""

from __future__ import annotations

import pytest

from speechwatch.interchange.formats import FORMATS, csv_columns, get_format, join_list, split_list
from speechwatch.interchange.schema import EVENT


@pytest.mark.parametrize(
    "items",
    [
        [],
        ["a"],
        ["R.obstruction", "R.threat"],
        ["a|b", "c"],
        ["back\\slash", "x\\|y", "\\"],
        ["", "x"][1:],
    ],
)
def test_list_cells_round_trip(items):
    assert split_list(join_list(items)) == items


def test_pipe_join_is_plain_when_nothing_to_escape():
    assert join_list(["R.obstruction", "R.discrediting"]) == "R.obstruction|R.discrediting"


def test_text_fields_become_one_column_per_language():
    assert csv_columns(EVENT.public_fields())[:8] == [
        "schema_version",
        "type",
        "external_id",
        "date",
        "kind",
        "title_en",
        "title_ru",
        "title_kk",
    ]


def test_registry():
    assert set(FORMATS) >= {"jsonl", "csv"}
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        get_format("xml")
