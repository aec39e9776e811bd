"""The version column and the importer: raw INSERTs get 1 (a database default), an import that
changes a record moves its version (so an editor open on it cannot save over the import), an
unchanged one keeps it, and exports never carry it (it is not part of the interchange schema)."""

from __future__ import annotations

from speechwatch.cases.models import Case
from speechwatch.incidents.models import Incident
from speechwatch.interchange.actions import export_all, import_path
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, full_set, incident, write_dir


def test_imported_records_start_at_version_1_and_exports_leave_it_out(world, tmp_path):
    full_set(tmp_path / "in")
    import_path(tmp_path / "in", who=WHO)
    assert set(Incident.objects.values_list("version", flat=True)) == {1}
    assert set(Case.objects.values_list("version", flat=True)) == {1}
    for public in (True, False):
        out = tmp_path / f"out-{public}"
        export_all(out, public=public, fmt="jsonl")
        export_all(out / "csv", public=public, fmt="csv")
        for path in [*out.glob("*.jsonl"), *(out / "csv").glob("*.csv")]:
            text = path.read_text(encoding="utf-8")
            assert '"version"' not in text and ",version" not in text, path
    import_path(tmp_path / "in", who=WHO)  # unchanged: the version stays
    assert set(Incident.objects.values_list("version", flat=True)) == {1}


def test_an_import_that_changes_a_record_moves_its_version(world, tmp_path):
    write_dir(tmp_path / "a", actors=[actor()], incidents=[incident()])
    import_path(tmp_path / "a", who=WHO)
    write_dir(tmp_path / "b", actors=[actor()], incidents=[incident(status="verified")])
    import_path(tmp_path / "b", who=WHO)
    assert Incident.objects.get().version == 2
