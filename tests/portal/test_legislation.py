"""The legislation tracker and the context events: published only, stages in order, filters."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from speechwatch.context.actions import add_legislative_stage
from speechwatch.context.models import ContextEvent, LegislativeItem
from speechwatch.context.public import (
    EventFilters,
    LegislationFilters,
    public_events,
    public_legislation,
)
from speechwatch.demo.loader import load_demo
from tests.portal.published import EDITOR, secrets


@pytest.fixture
def demo(installed) -> None:
    load_demo()


@pytest.mark.usefixtures("demo")
def test_tracker_shows_published_bills_with_their_stages() -> None:
    item = LegislativeItem.objects.get(external_id="demo-leg-001")
    add_legislative_stage(item, stage="signed", on=date(2030, 1, 15), who=EDITOR)
    items = public_legislation()
    published = set(
        LegislativeItem.objects.filter(published=True).values_list("external_id", flat=True)
    )
    assert {i.external_id for i in items} == published
    assert items[0].external_id == "demo-leg-001"  # the most recently moved first
    assert items[0].current_stage == "signed"
    for i in items:
        assert [s.date for s in i.stages] == sorted(s.date for s in i.stages)
    assert [i.external_id for i in public_legislation(LegislationFilters(stage="signed"))] == [
        "demo-leg-001"
    ]
    client = Client()
    hidden = secrets()
    for lang in ("kk", "ru", "en"):
        text = client.get("/legislation/", {"lang": lang}).content.decode()
        assert all(f'id="{code}"' in text for code in published)
        assert 'id="demo-leg-002"' not in text
        assert [s for s in hidden if s in text] == []
    text = client.get("/legislation/", {"stage": "signed", "lang": "en"}).content.decode()
    assert 'id="demo-leg-001"' in text and "2030-01-15" in text
    assert "signed by the President" in text
    assert 'id="as-leg-2024-ai-concept"' not in text


@pytest.mark.usefixtures("demo")
def test_events_published_only_newest_first_and_filtered() -> None:
    events = public_events()
    published = set(
        ContextEvent.objects.filter(published=True).values_list("external_id", flat=True)
    )
    assert {e.external_id for e in events} == published
    assert [e.date for e in events] == sorted((e.date for e in events), reverse=True)
    april = public_events(EventFilters(date_from=date(2024, 4, 1), date_to=date(2024, 4, 30)))
    assert april and all(e.date.month == 4 and e.date.year == 2024 for e in april)
    client = Client()
    hidden = secrets()
    for lang in ("kk", "ru", "en"):
        text = client.get("/events/", {"lang": lang}).content.decode()
        assert 'id="demo-event-2024-06-07"' not in text
        assert 'id="demo-event-2024-12-17"' in text
        assert [s for s in hidden if s in text] == []
    text = client.get("/events/?date_from=2024-04-01&date_to=2024-04-30").content.decode()
    assert 'id="as-event-2024-04-06-floods"' in text
    assert 'id="demo-event-2024-12-17"' not in text


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/legislation/?kind=treaty", "kind"),
        ("/legislation/?stage=x", "stage"),
        ("/events/?date_from=2024-13-01", "date_from"),
        ("/events/?region=atlantis", "region"),
        ("/events/?kind=rumour", "kind"),
    ],
)
def test_bad_filters_are_a_400(url: str, param: str) -> None:
    response = Client().get(url)
    assert response.status_code == 400
    assert param in response.content.decode()
