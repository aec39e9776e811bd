"""The public portal and API show published incidents only, and nothing confidential."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident, Source


@pytest.fixture
def demo(installed) -> None:
    load_demo()


def secrets() -> list[str]:
    """Every confidential value in the demo database, long enough not to match by accident."""
    values = list(
        Incident.objects.exclude(internal_notes="").values_list("internal_notes", flat=True)
    )
    values += list(Source.objects.exclude(correspondent="").values_list("correspondent", flat=True))
    values += list(
        Source.objects.filter(confidential=True).exclude(url="").values_list("url", flat=True)
    )
    return [v for v in values if len(v) >= 8]


def walk_pages(client: Client, url: str) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        response = client.get(url, {"cursor": cursor} if cursor else {})
        assert response.status_code == 200
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


@pytest.mark.usefixtures("demo")
def test_api_lists_exactly_the_published_incidents_without_secrets() -> None:
    client = Client()
    items = walk_pages(client, "/api/v1/incidents?limit=200")
    published = set(
        Incident.objects.filter(status="published").values_list("external_id", flat=True)
    )
    assert {i["external_id"] for i in items} == published
    assert len(items) == len(published)
    text = json.dumps(items, ensure_ascii=False)
    assert "internal_notes" not in text
    assert 'correspondent"' not in text
    found = [s for s in secrets() if s in text]
    assert found == []


@pytest.mark.usefixtures("demo")
def test_api_filters_are_the_declared_set() -> None:
    client = Client()
    april = walk_pages(client, "/api/v1/incidents?month=2024-04&limit=200")
    assert {i["recorded_on"][:7] for i in april} == {"2024-04"}
    assert (
        len(april)
        == Incident.objects.filter(
            status="published", recorded_on__year=2024, recorded_on__month=4
        ).count()
    )
    cyber = walk_pages(client, "/api/v1/incidents?month=2024-04&category=I.cyber")
    assert len(cyber) == 3
    assert client.get("/api/v1/incidents?month=2024-13").status_code == 422
    # `status` is no public parameter (not in the schema): ignored, published incidents only.
    drafts = client.get("/api/v1/incidents?status=draft&limit=200").json()["items"]
    assert drafts and {i["status"] for i in drafts} == {"published"}
    assert client.get("/api/v1/incidents?cursor=nonsense").status_code == 422


@pytest.mark.usefixtures("demo")
def test_unpublished_incident_is_not_found() -> None:
    client = Client()
    draft = Incident.objects.exclude(status="published").first()
    assert draft is not None
    assert client.get(f"/api/v1/incidents/{draft.external_id}").status_code == 404
    assert client.get(f"/incidents/{draft.external_id}/").status_code == 404


@pytest.mark.usefixtures("demo")
def test_pages_render_without_secrets_and_with_bounded_queries() -> None:
    client = Client()
    with CaptureQueriesContext(connection) as first:
        response = client.get("/?month=2024-04")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published incidents" in page
    found = [s for s in secrets() if s in page]
    assert found == []
    cursor_page = client.get("/")
    assert cursor_page.status_code == 200
    # Keyset pagination: a deep page costs as many queries as the first one.
    deep = Incident.objects.filter(status="published").order_by("-recorded_on", "-id")[400]
    with CaptureQueriesContext(connection) as later:
        client.get(f"/?cursor={deep.recorded_on.isoformat()}.{deep.id}")
    assert len(later) == len(first) <= 20
    published = Incident.objects.filter(status="published").first()
    assert published is not None
    detail = client.get(f"/incidents/{published.external_id}/").content.decode()
    assert [s for s in secrets() if s in detail] == []


@pytest.mark.usefixtures("demo")
def test_public_export_of_a_selection() -> None:
    client = Client()
    response = client.get("/export/incidents.jsonl?month=2024-04&category=R")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 20  # block R in April 2024, as in the reference overview
    assert all("internal_notes" not in r for r in records)
    assert client.get("/export/incidents.xlsx").status_code == 400


@pytest.mark.usefixtures("demo")
def test_openapi_has_no_confidential_field() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/incidents" in schema["paths"]
    fields = {
        name for shape in schema["components"]["schemas"].values()
        for name in shape.get("properties", {})
    }  # fmt: skip
    # ("correspondent" is also a public value: the kind of a source, an enum member)
    assert "internal_notes" not in fields and "correspondent" not in fields
    assert "internal_notes" not in json.dumps(schema)
