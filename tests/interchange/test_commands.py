"""`speechwatch import` and `speechwatch export` parse, call the actions and report."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from speechwatch.incidents.models import Incident
from tests.interchange.records import actor, full_set, incident, row_counts, write_dir


def test_import_then_export(world, tmp_path):
    full_set(tmp_path / "in")
    out = StringIO()
    call_command("import", str(tmp_path / "in"), stdout=out)
    assert "incidents: 1 created" in out.getvalue()
    call_command(
        "export", "--full", "--format", "csv", "--out", str(tmp_path / "out"), stdout=StringIO()
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "actors.csv",
        "cases.csv",
        "events.csv",
        "incidents.csv",
        "legislation.csv",
    ]


def test_import_single_file(world, tmp_path):
    path = write_dir(tmp_path, incidents=[actor(), incident()]) / "incidents.jsonl"
    call_command("import", str(path), stdout=StringIO())
    assert Incident.objects.count() == 1


def test_bad_import_fails_with_problem_list(world, tmp_path):
    write_dir(tmp_path, actors=[actor()], incidents=[incident(categories=["R.obstrution"])])
    before = row_counts()
    err = StringIO()
    with pytest.raises(CommandError, match=r"import failed: 1 problem\(s\) in .*, nothing written"):
        call_command("import", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "incidents.jsonl:1: categories: unknown category code 'R.obstrution'" in err.getvalue()
    assert row_counts() == before


def test_export_needs_a_scope(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("export", "--format", "jsonl", "--out", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("export", "--public", "--full", "--out", str(tmp_path))
