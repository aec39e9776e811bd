"""The public response cache: never stale, never confidential, never a signed-in user's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from speechwatch.audit.record import Who
from speechwatch.incidents.actions import SourceInput, change_status, update_incident
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident
from speechwatch.portal import cache
from speechwatch.portal.cache import CSRF_PLACEHOLDER, Entry, Store
from speechwatch.reference.models import Region
from tests.workspace.helpers import make_incident, make_users

WHO = Who(label="test")
SECRET_NOTE = "secret internal note about the case"
SECRET_PERSON = "Correspondent Zhanar Confidential"
PUBLIC_URLS = ["/", "/incidents/inc-t1/", "/api/v1/incidents", "/export/incidents.csv"]


def publish(incident: Incident) -> Incident:
    for target in ("under_review", "verified", "published"):
        incident = change_status(incident, target, who=WHO)
    return incident


def body(response) -> str:  # type: ignore[no-untyped-def]
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


@pytest.fixture
def published(installed) -> Incident:
    cache.clear()
    sources = [
        SourceInput(kind="url", url="https://example.org/news/1"),
        SourceInput(kind="correspondent", confidential=True, correspondent=SECRET_PERSON),
    ]
    return publish(make_incident(1, sources=sources))


def test_second_anonymous_get_is_served_from_the_cache(published: Incident) -> None:
    client = Client()
    for url in PUBLIC_URLS:
        first = client.get(url)
        first_body = body(first)  # a stream is kept once it has been sent to the end
        second = client.get(url)
        assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit"), url
        assert body(second) == first_body or url in ("/", "/incidents/inc-t1/")


def test_publishing_editing_and_unpublishing_show_on_the_next_request(installed) -> None:
    cache.clear()
    client = Client()
    draft = make_incident(2, title={"en": "Camera seized at the court"})
    for url in ("/", "/api/v1/incidents", "/export/incidents.csv"):
        assert "Camera seized" not in body(client.get(url))
        assert "Camera seized" not in body(client.get(url))  # now cached
    incident = publish(draft)
    for url in ("/", "/api/v1/incidents", "/export/incidents.csv", "/incidents/inc-t2/"):
        assert "Camera seized" in body(client.get(url)), url
    data = incident_input(Incident.objects.get(pk=incident.pk))
    data.title = {"en": "Camera returned after the hearing"}
    update_incident(incident, data, who=WHO)
    for url in ("/", "/api/v1/incidents", "/export/incidents.csv", "/incidents/inc-t2/"):
        text = body(client.get(url))
        assert "Camera returned" in text and "Camera seized" not in text, url
    change_status(Incident.objects.get(pk=incident.pk), "verified", who=WHO)
    for url in ("/", "/api/v1/incidents", "/export/incidents.csv"):
        assert "Camera returned" not in body(client.get(url)), url
    assert client.get("/incidents/inc-t2/").status_code == 404
    assert client.get("/api/v1/incidents/inc-t2").status_code == 404


def test_a_region_label_change_is_not_served_stale(published: Incident) -> None:
    client = Client()
    client.get("/incidents/inc-t1/")
    region = Region.objects.get(code="almaty")
    region.labels = {**region.labels, "en": "Almaty (renamed)"}
    region.save()
    assert "Almaty (renamed)" in body(client.get("/incidents/inc-t1/"))


def test_confidential_values_never_enter_the_cache(published: Incident) -> None:
    client = Client()
    for url in [*PUBLIC_URLS, "/api/v1/incidents/inc-t1"]:
        body(client.get(url))
        body(client.get(url))
    kept = b"".join(entry.body for entry in cache.store.entries.values()).decode()
    assert len(cache.store.entries) == 5
    assert SECRET_NOTE not in kept and SECRET_PERSON not in kept
    assert "internal_notes" not in kept


def test_a_signed_in_user_is_never_served_or_stored(published: Incident) -> None:
    anonymous = Client()
    anonymous.get("/")  # the anonymous variant is now cached
    staff = Client()
    staff.force_login(make_users()["editor"])
    before = dict(cache.store.entries)
    for url in PUBLIC_URLS:
        response = staff.get(url)
        assert response.status_code == 200
        assert "X-Public-Cache" not in response, url
    assert cache.store.entries == before


def test_each_visitor_gets_their_own_csrf_token_on_a_cached_page(published: Incident) -> None:
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        page = body(client.get("/"))
        assert CSRF_PLACEHOLDER not in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        tokens.append(token.group(1))
        switched = client.post(
            "/i18n/setlang/", {"language": "ru", "next": "/", "csrfmiddlewaretoken": token[1]}
        )
        assert switched.status_code == 302  # the token matches this visitor's cookie
    assert tokens[0] != tokens[1]


def test_the_language_is_part_of_the_key(published: Incident) -> None:
    english = body(Client(HTTP_ACCEPT_LANGUAGE="en").get("/"))
    russian = body(Client(HTTP_ACCEPT_LANGUAGE="ru").get("/"))
    assert english != russian
    assert (
        body(Client(HTTP_ACCEPT_LANGUAGE="en").get("/")).split("csrfmiddlewaretoken")[0]
        == (english.split("csrfmiddlewaretoken")[0])
    )


def test_api_answers_304_to_a_matching_etag(published: Incident) -> None:
    client = Client()
    first = client.get("/api/v1/incidents")
    etag = first["ETag"]
    again = client.get("/api/v1/incidents", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    publish(make_incident(3))
    assert client.get("/api/v1/incidents", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_html_pages_carry_no_etag(published: Incident) -> None:
    client = Client()
    client.get("/")
    assert "ETag" not in client.get("/")


# --- the store, without a database -----------------------------------------------------------


def entry(size: int) -> Entry:
    return Entry(200, (), b"x" * size, False, '"e"')


@pytest.mark.parametrize(
    ("puts", "max_bytes", "kept"),
    [
        ([("a", 10), ("b", 10)], 100, ["a", "b"]),
        # the least recently used goes first
        ([("a", 10), ("b", 10), ("c", 10), ("d", 10), ("e", 10)], 40, ["b", "c", "d", "e"]),
        ([("a", 30)], 100, []),  # bigger than a quarter of the bound: never kept
    ],
)
def test_store_is_bounded_by_bytes(puts: list[tuple[str, int]], max_bytes: int, kept: list) -> None:
    store = Store(max_bytes)
    store.get("-", 1)
    for key, size in puts:
        store.put(key, 1, entry(size))
    assert list(store.entries) == kept
    assert store.size == sum(len(store.entries[k].body) for k in kept)


def test_store_drops_everything_when_the_generation_moves() -> None:
    store = Store(1000)
    store.get("-", 1)
    store.put("a", 1, entry(10))
    assert store.get("a", 1) is not None
    assert store.get("a", 2) is None
    store.put("b", 1, entry(10))  # built under the old generation: not kept
    assert list(store.entries) == []
