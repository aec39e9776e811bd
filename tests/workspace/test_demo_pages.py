"""Every staff page renders on the realistic demo data (all cases, a spread of incidents)."""

from __future__ import annotations

import pytest

from speechwatch.cases.models import Case
from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident
from tests.workspace.helpers import client_for


@pytest.mark.usefixtures("installed")
def test_demo_pages_render(users) -> None:
    load_demo()
    client = client_for(users["editor"])
    for case in Case.objects.all():
        assert client.get(f"/work/cases/{case.external_id}/").status_code == 200
    incidents = list(Incident.objects.filter(legal_refs__isnull=False).distinct()[:15])
    incidents += list(Incident.objects.filter(actor_links__isnull=False).distinct()[:15])
    for incident in incidents:
        ext = incident.external_id
        assert client.get(f"/work/incidents/{ext}/").status_code == 200
        assert client.get(f"/work/incidents/{ext}/edit/").status_code == 200
        assert client.get(f"/work/history/incident/{ext}/").status_code == 200
    assert client.get("/work/cases/?recent=1").status_code == 200
