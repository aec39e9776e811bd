"""Open data: the zip's contents, dictionary and licence, nothing confidential, how it is served
and rebuilt."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from speechwatch.audit.record import Who
from speechwatch.demo.loader import load_demo
from speechwatch.incidents.actions import change_status, update_incident
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident
from speechwatch.interchange.schema import BY_NAME, RECORD_TYPES, confidential_paths
from speechwatch.portal import opendata
from tests.portal.published import secrets, unpublished_codes

WHO = Who(label="test")


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SPEECHWATCH_OPEN_DATA_AUTOBUILD = False
    return tmp_path


def test_dictionary_has_every_public_field_and_no_confidential_one() -> None:
    data = opendata.dictionary()
    assert set(data) == {rt.plural for rt in RECORD_TYPES}
    for type_name, path in confidential_paths():
        rt = BY_NAME[type_name]
        name, _, sub = path.partition(".")
        fields = {f["name"]: f for f in data[rt.plural]["fields"]}
        if "[" in name:  # an item confidential as a whole: the items are filtered, not the key
            continue
        if sub:
            assert sub not in {x["name"] for x in fields[name].get("item_fields", [])}
        else:
            assert name not in fields
    text = opendata.dictionary_markdown(data)
    assert "| `recorded_on` |" in text and "internal_notes" not in text


@pytest.mark.usefixtures("installed")
def test_zip_holds_the_public_export_dictionary_licence_and_date(var, settings) -> None:
    load_demo()
    settings.SPEECHWATCH_OPEN_DATA_LICENCE = "CC BY-SA 4.0"
    built = opendata.build()
    with zipfile.ZipFile(built.path) as zf:
        names = set(zf.namelist())
        for rt in RECORD_TYPES:
            assert {f"{rt.plural}.jsonl", f"{rt.plural}.csv"} <= names
        assert {"README.txt", "LICENCE.txt", "metadata.json", "data-dictionary.md"} <= names
        meta = json.loads(zf.read("metadata.json"))
        assert meta["licence"] == "CC BY-SA 4.0" and meta["built_at"][:4] >= "2024"
        assert "creativecommons.org/licenses/by-sa/4.0" in zf.read("LICENCE.txt").decode()
        incidents = [json.loads(x) for x in zf.read("incidents.jsonl").splitlines()]
        published = Incident.objects.filter(status="published").count()
        assert len(incidents) == published == meta["counts"]["incidents"]
        rows = list(csv.DictReader(io.StringIO(zf.read("incidents.csv").decode("utf-8-sig"))))
        assert len(rows) == published
        everything = b"".join(zf.read(n) for n in names).decode("utf-8")
        records = {
            rt.plural: [json.loads(x) for x in zf.read(f"{rt.plural}.jsonl").splitlines()]
            for rt in RECORD_TYPES
        }
    assert "internal_notes" not in everything
    # Checked against the schema's confidential list: no such key in any record of the zip.
    for type_name, path in confidential_paths():
        rt = BY_NAME[type_name]
        name, _, sub = path.partition(".")
        for record in records[rt.plural]:
            if "[" in name:  # sources[confidential]: no confidential item at all
                key, flag = name.rstrip("]").split("[")
                assert not any(item.get(flag) for item in record.get(key, []))
            elif sub:
                assert all(sub not in item for item in record.get(name, []))
            else:
                assert name not in record
    assert [s for s in secrets() if s in everything] == []
    hidden = set(unpublished_codes())
    assert [r["external_id"] for r in incidents if r["external_id"] in hidden] == []


@pytest.mark.usefixtures("installed")
def test_served_from_the_built_file_and_a_clear_503_before(var) -> None:
    client = Client()
    missing = client.get("/data/speechwatch-open-data.zip")
    assert missing.status_code == 503 and missing["Retry-After"]
    assert "being prepared" in missing.content.decode()
    page = client.get("/data/", {"lang": "en"})
    assert page.status_code == 200 and "CC BY 4.0" in page.content.decode()
    opendata.build()
    response = client.get("/data/speechwatch-open-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "speechwatch-open-data.zip" in response["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    assert "Records" in client.get("/data/", {"lang": "en"}).content.decode()


@pytest.mark.usefixtures("installed")
def test_publishing_schedules_a_rebuild_after_commit(
    var, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from tests.workspace.helpers import make_incident

    calls: list[str] = []
    monkeypatch.setattr(opendata, "schedule_build", lambda: calls.append("build"))
    with django_capture_on_commit_callbacks(execute=True):
        incident = make_incident(1)
        change_status(incident, "under_review", who=WHO)
    assert calls == []  # drafts and reviews change nothing public
    with django_capture_on_commit_callbacks(execute=True):
        change_status(change_status(incident, "verified", who=WHO), "published", who=WHO)
    assert calls == ["build"]  # only the move into "published"
    data = incident_input(Incident.objects.get(pk=incident.pk))
    data.title = {"en": "Camera returned after the hearing"}
    with django_capture_on_commit_callbacks(execute=True):
        update_incident(Incident.objects.get(pk=incident.pk), data, who=WHO)
    assert calls == ["build", "build"]  # an edit of a published incident


@pytest.mark.parametrize(
    ("action", "before", "after", "expected"),
    [
        ("incident.status", {"status": "draft"}, {"status": "under_review"}, False),
        ("incident.status", {"status": "verified"}, {"status": "published"}, True),
        ("incident.status", {"status": "published"}, {"status": "verified"}, True),
        ("incident.status", None, None, False),
        ("case.publish", {"published": False}, {"published": True}, True),
        ("report.publish", None, {"version": 2}, True),
        ("interchange.import", None, {}, True),
        ("incident.update", {}, {}, False),
        ("interchange.export", None, {}, False),  # building the zip itself records an export
    ],
)
def test_which_actions_rebuild(action: str, before, after, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert opendata.changes_public_data(action, before, after) is expected
