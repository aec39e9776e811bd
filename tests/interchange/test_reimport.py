"""Re-importing the same file changes nothing; a changed record is updated and audited."""

from __future__ import annotations

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.models import Incident
from speechwatch.interchange.actions import export_all, import_path
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, case, full_set, incident, row_counts, write_dir


def test_reimport_changes_nothing(world, tmp_path):
    full_set(tmp_path / "in")
    first = import_path(tmp_path / "in", who=WHO)
    assert first.counts["incident"] == {"created": 1, "updated": 0, "unchanged": 0}
    export_all(tmp_path / "e1", public=False, fmt="jsonl")
    stamps = list(Incident.objects.values_list("updated_at", flat=True))
    counts = row_counts()

    again = import_path(tmp_path / "in", who=WHO)

    for type_name in ("actor", "incident", "case", "event", "legislation"):
        assert again.counts[type_name]["created"] == 0
        assert again.counts[type_name]["updated"] == 0
    assert again.counts["actor"]["unchanged"] == 2
    # Only the audit log grows (one event for the import itself).
    counts["audit.AuditEvent"] += 1
    assert row_counts() == counts
    assert list(Incident.objects.values_list("updated_at", flat=True)) == stamps
    export_all(tmp_path / "e2", public=False, fmt="jsonl")
    for name in ("actors", "incidents", "cases", "events", "legislation"):
        assert (tmp_path / "e1" / f"{name}.jsonl").read_bytes() == (
            tmp_path / "e2" / f"{name}.jsonl"
        ).read_bytes()


def test_reimport_of_normalised_spellings_is_unchanged(world, tmp_path):
    rec = incident(
        region="Zhetysu", legal_refs=["ст. 274 УК РК"], tags=["b", "a"], occurred_on="04.2024"
    )
    write_dir(tmp_path, actors=[actor()], incidents=[rec])
    import_path(tmp_path, who=WHO)
    assert import_path(tmp_path, who=WHO).counts["incident"]["unchanged"] == 1


def test_changed_record_is_updated_and_audited(world, tmp_path):
    write_dir(tmp_path / "a", actors=[actor(), actor("actor-2")], incidents=[incident()])
    import_path(tmp_path / "a", who=WHO)
    write_dir(
        tmp_path / "b",
        actors=[actor(), actor("actor-2")],
        incidents=[incident(categories=["I.refusal"], victims=["actor-2"], status="verified")],
    )
    result = import_path(tmp_path / "b", who=WHO)
    assert result.counts["incident"] == {"created": 0, "updated": 1, "unchanged": 0}
    inc = Incident.objects.get()
    assert inc.status == "verified"
    assert [c.code for c in inc.categories.all()] == ["I.refusal"]
    assert [a.external_id for a in inc.actors.all()] == ["actor-2"]
    audit = AuditEvent.objects.get(action="interchange.update")
    assert audit.before is not None and audit.after is not None
    assert audit.object_id == "inc-1"
    assert audit.before["status"] == "published"
    assert audit.after["status"] == "verified"


def test_import_is_audited_once_with_file_hashes(world, tmp_path):
    full_set(tmp_path)
    result = import_path(tmp_path, who=WHO)
    event = AuditEvent.objects.get(action="interchange.import")
    assert event.after is not None
    assert event.object_id == result.run_id
    assert event.actor_label == "test"
    assert set(event.after["files"]) == {
        "actors.jsonl",
        "incidents.jsonl",
        "cases.jsonl",
        "events.jsonl",
        "legislation.jsonl",
    }
    assert event.after["counts"]["case"]["created"] == 1


@pytest.mark.parametrize("bulk", [False, True])
def test_imported_case_links_mark_their_incidents(world, tmp_path, bulk):
    """Incident.case_linked (the reports' index of case reports) is set for every incident a
    case import links, on a first import (in bulk or not) and when a re-imported case gains an
    incident."""
    incidents = [incident("inc-1"), incident("inc-2"), incident("inc-3")]
    write_dir(tmp_path / "a", actors=[actor()], incidents=incidents, cases=[case()])
    import_path(tmp_path / "a", who=WHO, bulk_load=bulk)
    linked = dict(Incident.objects.values_list("external_id", "case_linked"))
    assert linked == {"inc-1": True, "inc-2": False, "inc-3": False}
    write_dir(
        tmp_path / "b",
        actors=[actor()],
        incidents=incidents,
        cases=[case(incidents=["inc-1", "inc-3"])],
    )
    import_path(tmp_path / "b", who=WHO)
    linked = dict(Incident.objects.values_list("external_id", "case_linked"))
    assert linked == {"inc-1": True, "inc-2": False, "inc-3": True}
