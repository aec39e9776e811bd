"""The report workspace: monitors preview, editors choose, edit the narrative and publish;
versions, downloads of every format, checks and the diff against the published version."""

from __future__ import annotations

import json

import pytest

from speechwatch.incidents.actions import change_status, update_incident
from speechwatch.reports.models import ReportVersion
from speechwatch.reports.queries import get_overrides
from speechwatch.workspace.queries import incident_input
from tests.workspace.helpers import SYSTEM, client_for, make_incident

MONTH = "2024-04"
BASE = f"/work/reports/{MONTH}/"


def published_incident(n: int):
    incident = make_incident(n)
    for target in ("under_review", "verified", "published"):
        incident = change_status(incident, target, who=SYSTEM)
    return incident


@pytest.fixture
def april(users):
    return [published_incident(1), published_incident(2)]


def test_roles(users, april) -> None:
    monitor, correspondent = client_for(users["monitor"]), client_for(users["correspondent"])
    assert client_for(None).get("/work/reports/").status_code == 302
    assert correspondent.get(BASE).status_code == 403
    page = monitor.get(BASE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="publish-report"' not in html and 'id="save-overrides"' not in html
    assert monitor.get(f"{BASE}preview/ru/").status_code == 200
    assert monitor.post(f"{BASE}overrides/", {"also": ["inc-t1"]}).status_code == 403
    assert monitor.post(f"{BASE}publish/", {"langs": ["en"]}).status_code == 403
    assert get_overrides(MONTH) == {}
    assert not ReportVersion.objects.exists()


def test_month_picker_and_list(users, april) -> None:
    editor = client_for(users["editor"])
    assert editor.get("/work/reports/?month=2024-04").url == BASE
    assert "id_month" in editor.get("/work/reports/?month=2024-13").content.decode()
    assert editor.get("/work/reports/2024-4/").status_code == 404
    assert editor.get(f"{BASE}preview/de/").status_code == 404
    assert editor.get(f"{BASE}download/en.exe").status_code == 404


def test_editor_chooses_and_edits_text(users, april) -> None:
    editor = client_for(users["editor"])
    html = editor.get(BASE).content.decode()
    assert 'id="also-inc-t1"' in html and 'name="block-R-items"' in html
    response = editor.post(
        f"{BASE}overrides/",
        {
            "block-R": "chosen",
            "block-R-items": ["R.obstruction"],
            "featured-mode": "auto",
            "also": ["inc-t1"],
            "flags": "1",
            "comparisons": "1",
            "text-keys": ["intro", "also:inc-t1"],
            "text-intro-ru": "Особое вступление редактора.",
            "text-also:inc-t1-ru": "Репортёру помешали у акимата.",
        },
    )
    assert response.status_code == 302
    assert get_overrides(MONTH) == {
        "blocks": {"R": {"items": ["R.obstruction"]}},
        "also": ["inc-t1"],
        "charts": False,
        "text": {
            "intro": {"ru": "Особое вступление редактора."},
            "also:inc-t1": {"ru": "Репортёру помешали у акимата."},
        },
    }
    ru = editor.get(f"{BASE}preview/ru/")
    assert ru["X-Frame-Options"] == "SAMEORIGIN"
    text = ru.content.decode()
    assert "Особое вступление редактора." in text and "Репортёру помешали у акимата." in text
    assert "Особое вступление редактора." not in editor.get(f"{BASE}preview/en/").content.decode()
    # The form shows the stored texts again.
    assert "Особое вступление редактора.</textarea>" in editor.get(BASE).content.decode()


def test_refused_choice_changes_nothing(users, april) -> None:
    editor = client_for(users["editor"])
    response = editor.post(f"{BASE}overrides/", {"featured-mode": "chosen", "featured": ["x"]})
    assert response.status_code == 302  # saved: unknown case ids only warn in the report
    bad = editor.post(
        f"{BASE}overrides/", {"block-R": "chosen", "also": ["inc-t2"]}, follow=True
    ).content.decode()
    assert "block-R-items" in bad
    assert get_overrides(MONTH) == {"featured_cases": ["x"]}


def test_htmx_save_refreshes_preview(users, april) -> None:
    editor = client_for(users["editor"])
    response = editor.post(
        f"{BASE}overrides/", {"also": ["inc-t2"]}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "report-saved"
    html = response.content.decode()
    assert html.startswith('<section class="panel" id="report-form">')
    assert 'id="report-form-saved"' in html
    frame = editor.get(f"{BASE}frame/?lang=kk", headers={"HX-Request": "true"}).content.decode()
    assert f"{BASE}preview/kk/" in frame
    assert "report-saved from:body" in editor.get(f"{BASE}checks/").content.decode()
    bad = editor.post(f"{BASE}overrides/", {"block-I": "chosen"}, headers={"HX-Request": "true"})
    assert "HX-Trigger" not in bad and 'id="report-form-error"' in bad.content.decode()


def test_publish_versions_downloads_and_diff(users, april) -> None:
    editor = client_for(users["editor"])
    editor.post(f"{BASE}overrides/", {"also": ["inc-t1"]})
    assert editor.post(f"{BASE}publish/", {}).status_code == 302  # no language: refused
    assert not ReportVersion.objects.exists()
    response = editor.post(f"{BASE}publish/", {"langs": ["en", "ru", "kk"], "note": "first"})
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert version.number == 1 and version.user == users["editor"]
    page = editor.get(BASE).content.decode()
    assert 'id="version-1"' in page and "first" in page and "Publish version 2" in page
    assert 'id="report-warnings-none"' in page or 'id="report-warnings"' in page
    assert 'id="report-diff"' not in page

    published_md = editor.get(f"{BASE}download/ru.md?version=1")
    assert published_md["Content-Disposition"] == f'attachment; filename="{MONTH}.ru.v1.md"'
    assert "published v1" in published_md.content.decode()
    assert editor.get(f"{BASE}download/ru.md?version=2").status_code == 404
    assert editor.get(f"{BASE}preview/en/?version=1").status_code == 200
    for fmt, magic in (("html", b"<!"), ("md", b"#"), ("json", b"{"), ("docx", b"PK")):
        body = editor.get(f"{BASE}download/en.{fmt}").content
        assert body.lstrip().startswith(magic), fmt
    assert json.loads(editor.get(f"{BASE}download/kk.json").content)["lang"] == "kk"

    # A later change to a published incident shows up as a difference, not in the version.
    incident = april[0]
    data = incident_input(incident)
    data.summary = {**data.summary, "en": "The reporter was renamed and stopped again."}
    update_incident(incident, data, who=SYSTEM)
    page = editor.get(BASE).content.decode()
    assert 'id="report-diff"' in page and "renamed" in page
    assert "renamed" not in editor.get(f"{BASE}download/en.md?version=1").content.decode()
    assert "renamed" in editor.get(f"{BASE}download/en.md").content.decode()


@pytest.mark.slow
def test_pdf_download(users, april) -> None:
    body = client_for(users["editor"]).get(f"{BASE}download/ru.pdf").content
    assert body.startswith(b"%PDF")
