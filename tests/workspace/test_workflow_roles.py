"""Status changes through the web: allowed per role, a source before "verified", audited."""

from __future__ import annotations

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.incidents.models import Incident
from tests.workspace.helpers import client_for, make_incident


def move(client, target: str, ext: str = "inc-t1"):
    return client.post(f"/work/incidents/{ext}/status/", {"target": target})


@pytest.mark.usefixtures("installed")
def test_monitor_verifies_editor_publishes(users) -> None:
    make_incident(1)
    monitor, editor = client_for(users["monitor"]), client_for(users["editor"])
    assert move(monitor, "under_review").status_code == 302
    assert move(monitor, "verified").status_code == 302
    assert move(monitor, "published").status_code == 403
    assert Incident.objects.get().status == "verified"
    page = monitor.get("/work/incidents/inc-t1/").content.decode()
    assert 'id="status-published"' not in page and 'id="status-under_review"' in page
    assert 'id="status-published"' in editor.get("/work/incidents/inc-t1/").content.decode()
    assert move(editor, "published").status_code == 302
    assert move(monitor, "verified").status_code == 403  # unpublishing is for editors too
    assert move(editor, "verified").status_code == 302
    event = AuditEvent.objects.filter(action="incident.status").first()
    assert event is not None and event.user == users["editor"]


@pytest.mark.usefixtures("installed")
def test_source_required_before_verified(users) -> None:
    make_incident(1, sources=[])
    monitor = client_for(users["monitor"])
    move(monitor, "under_review")
    response = move(monitor, "verified")
    assert response.status_code == 400
    assert "verified needs a source" in response.content.decode()
    assert Incident.objects.get().status == "under_review"


@pytest.mark.usefixtures("installed")
def test_impossible_moves_are_refused(users) -> None:
    make_incident(1)
    editor = client_for(users["editor"])
    assert move(editor, "published").status_code == 403  # draft → published is no workflow move
    assert move(editor, "nonsense").status_code == 403
    assert Incident.objects.get().status == "draft"


@pytest.mark.usefixtures("installed")
def test_comments(users) -> None:
    make_incident(1)
    client = client_for(users["monitor"])
    response = client.post(
        "/work/incidents/inc-t1/comments/",
        {"text": "Called the editor, confirmed."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="comment-block"' in body and "Called the editor, confirmed." in body
    assert (
        client.post(
            "/work/incidents/inc-t1/comments/", {"text": "  "}, HTTP_HX_REQUEST="true"
        ).status_code
        == 400
    )
    assert AuditEvent.objects.filter(action="incident.comment").count() == 1
    page = client.get("/work/incidents/inc-t1/").content.decode()
    assert "demo-monitor" in page and "Called the editor" in page
