"""Atom feeds: valid Atom per language, the list's filters, nothing unpublished or confidential."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client

from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident
from tests.portal.published import APRIL, publish_april_twice, secrets, unpublished_codes


@pytest.fixture
def demo(installed) -> None:
    load_demo()
    publish_april_twice()


def parsed(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.usefixtures("demo")
def test_incident_feeds_per_language_filters_and_no_secrets() -> None:
    client = Client()
    hidden, drafts = secrets(), unpublished_codes()
    for lang in ("kk", "ru", "en"):
        response = client.get(f"/feeds/{lang}/incidents.atom")
        feed = parsed(response)
        assert feed.feed.get("language") == lang
        assert len(feed.entries) == 50
        links = [e.link for e in feed.entries]
        assert all("/incidents/" in link for link in links)
        text = response.content.decode()
        assert [s for s in hidden if s in text] == []
        assert [c for c in drafts if f"/incidents/{c}/" in text] == []
    filtered = parsed(client.get("/feeds/en/incidents.atom?region=almaty&month=2024-04"))
    codes = [e.link.rstrip("/").rsplit("/", 1)[1] for e in filtered.entries]
    expected = Incident.objects.filter(
        status="published", region__code="almaty", recorded_on__year=2024, recorded_on__month=4
    )
    assert codes and set(codes) == set(expected.values_list("external_id", flat=True)[:50])
    # The public list refuses no `status` but never obeys it: still published incidents only.
    drafts_asked = parsed(client.get("/feeds/en/incidents.atom?status=draft"))
    assert len(drafts_asked.entries) == 50
    assert client.get("/feeds/en/incidents.atom?date_from=2024-02-30").status_code == 400
    assert client.get("/feeds/de/incidents.atom").status_code == 404


@pytest.mark.usefixtures("demo")
def test_overview_feed_and_the_alternate_links() -> None:
    client = Client()
    feed = parsed(client.get("/feeds/ru/overviews.atom"))
    assert [e.link.split("?")[0].rsplit("/", 2)[-2] for e in feed.entries] == ["v2", "v1"]
    assert all(f"/overviews/{APRIL}/" in e.link for e in feed.entries)
    page = client.get("/incidents/?region=almaty&lang=kk").content.decode()
    assert 'type="application/atom+xml"' in page
    assert 'href="/feeds/kk/incidents.atom?region=almaty&amp;lang=kk"' in page
    assert 'href="/feeds/kk/overviews.atom"' in page
