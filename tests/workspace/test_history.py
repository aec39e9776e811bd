"""History pages show audit events with before → after diffs."""

from __future__ import annotations

import pytest

from speechwatch.incidents.actions import change_status, update_incident
from speechwatch.workspace.queries import incident_input
from tests.workspace.helpers import SYSTEM, client_for, make_incident


@pytest.mark.usefixtures("installed")
def test_incident_history_shows_diffs(users) -> None:
    incident = make_incident(1)
    data = incident_input(incident)
    data.title = {**data.title, "en": "Renamed <b>title</b>"}
    update_incident(incident, data, who=SYSTEM)
    change_status(incident, "under_review", who=SYSTEM)
    response = client_for(users["monitor"]).get("/work/history/incident/inc-t1/")
    body = response.content.decode()
    actions = [e.event.action for e in response.context["entries"]]
    assert actions == ["incident.status", "incident.update", "incident.create"]
    assert (
        "<del>Journalist obstructed 1</del> → <ins>Renamed &lt;b&gt;title&lt;/b&gt;</ins>" in body
    )
    assert "<del>draft</del> → <ins>under_review</ins>" in body


@pytest.mark.usefixtures("installed")
def test_history_of_unknown_record_is_404(users) -> None:
    client = client_for(users["monitor"])
    assert client.get("/work/history/incident/nope/").status_code == 404
    assert client.get("/work/history/actor/x/").status_code == 404
