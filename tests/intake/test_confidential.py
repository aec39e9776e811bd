"""Reporter identity, contacts, internal notes and comments never reach a public page or API."""

from __future__ import annotations

import pytest
from django.test import Client

from speechwatch.incidents.models import Incident
from speechwatch.intake.models import Submission
from tests.workspace.helpers import client_for

SECRETS = {
    "name": "Zhanna Konfidentsialnaya",
    "email": "zhanna.secret@example.org",
    "phone": "+7 777 123 45 67",
    "other_contact": "@zhanna_secret_tg",
}
COMMENT = "Internal: the source asked not to be named"


def editor_post(client: Client, incident: Incident, **changes: str) -> None:
    page = client.get(f"/work/incidents/{incident.external_id}/edit/")
    form = page.context["form"]
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in ("categories", "victims", "perpetrators")
    }
    data["recorded_on"] = str(form["recorded_on"].value())
    data.update(changes)
    for i, s in enumerate(page.context["sources"]):
        data.update(
            {
                f"source-{i}-kind": s.kind,
                f"source-{i}-url": s.url,
                f"source-{i}-title": s.title,
                f"source-{i}-correspondent": s.correspondent,
                f"source-{i}-confidential": "1" if s.confidential else "",
            }
        )
    data["categories"] = "R.threat"
    data["save"] = "1"
    response = client.post(f"/work/incidents/{incident.external_id}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.usefixtures("installed")
def test_published_incident_from_a_submission_leaks_nothing(users) -> None:
    public = Client()
    public.post(
        "/report/",
        {
            "what_happened": "Threats against a blogger in Taraz",
            "region": "zhambyl",
            "links": "https://example.org/threat",
            **SECRETS,
            "may_contact": "on",
        },
    )
    sub = Submission.objects.get()
    monitor, editor = client_for(users["monitor"]), client_for(users["editor"])
    monitor.post(f"/work/submissions/{sub.external_id}/convert/")
    incident = Incident.objects.get()
    editor_post(monitor, incident, title_en="Blogger threatened in Taraz")
    monitor.post(f"/work/incidents/{incident.external_id}/comments/", {"text": COMMENT})
    for target, client in (("under_review", monitor), ("verified", monitor), ("published", editor)):
        assert (
            client.post(
                f"/work/incidents/{incident.external_id}/status/", {"target": target}
            ).status_code
            == 302
        )
    incident.refresh_from_db()
    assert incident.status == "published"
    assert (
        SECRETS["name"] in incident.sources.get(kind="correspondent").correspondent
    )  # kept internally
    assert incident.internal_notes

    pages = [
        public.get("/").content.decode(),
        public.get(f"/incidents/{incident.external_id}/").content.decode(),
        public.get("/api/v1/incidents").content.decode(),
        public.get(f"/api/v1/incidents/{incident.external_id}").content.decode(),
        b"".join(public.get("/export/incidents.jsonl").streaming_content).decode(),
        b"".join(public.get("/export/incidents.csv").streaming_content).decode(),
    ]
    assert "Blogger threatened in Taraz" in pages[1]  # the page is really there
    secrets = [*SECRETS.values(), COMMENT, incident.internal_notes.splitlines()[0], sub.external_id]
    for text in pages:
        for secret in secrets:
            assert secret not in text


@pytest.mark.usefixtures("installed")
def test_staff_see_the_reporter_and_correspondents_never_see_other_reporters(users) -> None:
    Client().post("/report/", {"what_happened": "x", **SECRETS})
    sub = Submission.objects.get()
    staff_page = (
        client_for(users["monitor"]).get(f"/work/submissions/{sub.external_id}/").content.decode()
    )
    assert SECRETS["phone"] in staff_page
    assert (
        client_for(users["correspondent"]).get(f"/work/submissions/{sub.external_id}/").status_code
        == 404
    )
