"""Case pages: timeline across months, claims, outcomes, defendants, "recently updated"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from speechwatch.actors.actions import create_actor
from speechwatch.audit.models import AuditEvent
from speechwatch.cases.actions import add_stage, create_case, link_incident
from speechwatch.cases.models import Case
from tests.workspace.helpers import SYSTEM, client_for, make_incident


@pytest.fixture
def lawsuit(installed) -> Case:
    case = create_case(
        kind="civil",
        title={"en": "Akimat v. Radio"},
        opened_on=date(2024, 1, 15),
        external_id="case-1",
        who=SYSTEM,
    )
    add_stage(
        case, stage="pre_trial_claim", on=date(2024, 1, 15), claim_amount=10_000_000, who=SYSTEM
    )
    add_stage(
        case,
        stage="mediation",
        on=date(2024, 4, 23),
        outcome="settled",
        body="District court",
        who=SYSTEM,
    )
    link_incident(case, make_incident(1), who=SYSTEM)
    return case


def test_timeline_groups_stages_and_incidents_by_month(users, lawsuit: Case) -> None:
    response = client_for(users["monitor"]).get("/work/cases/case-1/")
    groups = response.context["timeline"]
    assert [g.month for g in groups] == ["2024-01", "2024-04"]
    assert [i.kind for i in groups[1].items] == ["incident", "stage"]  # inc-t1 recorded 2024-04-02
    body = response.content.decode()
    assert "10\u202f000\u202f000 ₸" in body and "settled" in body and "District court" in body


def test_stage_link_and_defendant_forms(users, lawsuit: Case) -> None:
    create_actor(
        name="Radio", kind="organisation", type="media_outlet", external_id="a-radio", who=SYSTEM
    )
    client = client_for(users["monitor"])
    assert (
        client.post(
            "/work/cases/case-1/stage/",
            {
                "stage": "first_instance",
                "date": "2024-05-02",
                "claim_amount": "500000",
                "outcome": "for_media",
            },
        ).status_code
        == 302
    )
    assert (
        client.post("/work/cases/case-1/stage/", {"stage": "nope", "date": "x"}).status_code == 400
    )
    assert (
        client.post(
            "/work/cases/case-1/defendant/", {"actor": "a-radio", "status": "defendant"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/work/cases/case-1/defendant/", {"actor": "ghost", "status": "defendant"}
        ).status_code
        == 400
    )
    assert client.post("/work/cases/case-1/link/", {"incident": "missing"}).status_code == 400
    body = client.get("/work/cases/case-1/").content.decode()
    assert "for the media" in body and "Radio" in body and "defendant" in body
    assert lawsuit.stages.count() == 3


def test_recently_updated_marker_and_filter(users, lawsuit: Case) -> None:
    create_case(kind="criminal", title={"en": "Old case"}, external_id="case-old", who=SYSTEM)
    old = timezone.now() - timedelta(days=90)
    AuditEvent.objects.filter(object_id="case-old").update(at=old)
    Case.objects.filter(external_id="case-old").update(updated_at=old)
    client = client_for(users["monitor"])
    all_cases = client.get("/work/cases/").content.decode()
    assert "Old case" in all_cases and all_cases.count("recent-marker") == 1
    recent = client.get("/work/cases/?recent=1").content.decode()
    assert "Akimat v. Radio" in recent and "Old case" not in recent


def test_publish_is_for_editors(users, lawsuit: Case) -> None:
    assert (
        client_for(users["monitor"])
        .post("/work/cases/case-1/publish/", {"published": "1"})
        .status_code
        == 403
    )
    assert (
        client_for(users["editor"])
        .post("/work/cases/case-1/publish/", {"published": "1"})
        .status_code
        == 302
    )
    assert Case.objects.get(external_id="case-1").published
    assert AuditEvent.objects.filter(action="case.publish").exists()
