"""The API over HTTP on the demo data: every documented status reachable, validators and 304,
CORS, the rate limit, and no confidential value in any answer."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from speechwatch.interchange.schema import confidential_paths
from speechwatch.portal import apimiddleware
from speechwatch.portal.cache import bump
from tests.api.conftest import SECRET

pytestmark = pytest.mark.django_db

# (operation path, status, sample request). Every status each operation documents must be here
# (checked against the OpenAPI document below), and each sample must give it.
NUL = "?x=%00"
SAMPLES: list[tuple[str, int, str]] = [
    ("/api/v1/incidents", 200, "/api/v1/incidents?month=2024-04&category=R&limit=5"),
    ("/api/v1/incidents", 400, f"/api/v1/incidents{NUL}"),
    ("/api/v1/incidents", 422, "/api/v1/incidents?date_to=2024-02-30"),
    ("/api/v1/incidents/{external_id}", 200, "/api/v1/incidents/{incident}"),
    ("/api/v1/incidents/{external_id}", 400, "/api/v1/incidents/{incident}" + NUL),
    ("/api/v1/incidents/{external_id}", 404, "/api/v1/incidents/{draft}"),
    ("/api/v1/incidents/{external_id}", 422, "/api/v1/incidents/-bad-"),
    ("/api/v1/cases", 200, "/api/v1/cases?kind=criminal"),
    ("/api/v1/cases", 400, f"/api/v1/cases{NUL}"),
    ("/api/v1/cases", 422, "/api/v1/cases?stage=nope"),
    ("/api/v1/cases/{external_id}", 200, "/api/v1/cases/{case}"),
    ("/api/v1/cases/{external_id}", 400, "/api/v1/cases/{case}" + NUL),
    ("/api/v1/cases/{external_id}", 404, "/api/v1/cases/no-such-case"),
    ("/api/v1/cases/{external_id}", 422, "/api/v1/cases/a%20b"),
    ("/api/v1/events", 200, "/api/v1/events?date_from=2024-01-01&limit=5"),
    ("/api/v1/events", 400, f"/api/v1/events{NUL}"),
    ("/api/v1/events", 422, "/api/v1/events?limit=0"),
    ("/api/v1/legislation", 200, "/api/v1/legislation"),
    ("/api/v1/legislation", 400, f"/api/v1/legislation{NUL}"),
    ("/api/v1/legislation", 422, "/api/v1/legislation?kind=treaty"),
    ("/api/v1/legislation/{external_id}", 200, "/api/v1/legislation/{legislation}"),
    ("/api/v1/legislation/{external_id}", 400, "/api/v1/legislation/x" + NUL),
    ("/api/v1/legislation/{external_id}", 404, "/api/v1/legislation/no-such-bill"),
    ("/api/v1/legislation/{external_id}", 422, "/api/v1/legislation/%C3%A9"),
    ("/api/v1/statistics", 200, "/api/v1/statistics?dimension=region&from=2023-06&to=2024-03"),
    ("/api/v1/statistics", 400, f"/api/v1/statistics{NUL}"),
    ("/api/v1/statistics", 404, "/api/v1/statistics?code=NO.SUCH"),
    ("/api/v1/statistics", 422, "/api/v1/statistics?from=2024-13"),
    ("/api/v1/overviews", 200, "/api/v1/overviews"),
    ("/api/v1/overviews", 400, f"/api/v1/overviews{NUL}"),
    ("/api/v1/overviews/{month}", 200, "/api/v1/overviews/2024-04"),
    ("/api/v1/overviews/{month}", 400, "/api/v1/overviews/2024-04" + NUL),
    ("/api/v1/overviews/{month}", 404, "/api/v1/overviews/2019-01"),
    ("/api/v1/overviews/{month}", 422, "/api/v1/overviews/2024-13"),
    ("/api/v1/overviews/{month}/{number}", 200, "/api/v1/overviews/2024-04/1"),
    ("/api/v1/overviews/{month}/{number}", 400, "/api/v1/overviews/2024-04/1" + NUL),
    ("/api/v1/overviews/{month}/{number}", 404, "/api/v1/overviews/2024-04/9"),
    ("/api/v1/overviews/{month}/{number}", 422, "/api/v1/overviews/2024-04/0"),
    ("/api/v1/taxonomy", 200, "/api/v1/taxonomy"),
    ("/api/v1/taxonomy", 400, f"/api/v1/taxonomy{NUL}"),
    ("/api/v1/regions", 200, "/api/v1/regions"),
    ("/api/v1/regions", 400, f"/api/v1/regions{NUL}"),
]
# Statuses every operation documents and that are checked once for all below.
GENERIC = {304, 429}


@pytest.fixture(scope="module")
def openapi(site) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def _fill(url: str, site: dict[str, str]) -> str:
    return re.sub(r"\{(incident|draft|case|legislation)\}", lambda m: site[m[1]], url)


def test_every_documented_status_has_a_sample(openapi) -> None:
    documented = {
        (path, int(status))
        for path, item in openapi["paths"].items()
        for status in item["get"]["responses"]
    }
    sampled = {(path, status) for path, status, _ in SAMPLES}
    generic = {(path, s) for path in openapi["paths"] for s in GENERIC}
    assert documented == sampled | generic


@pytest.mark.parametrize(("operation", "status", "url"), SAMPLES)
def test_each_sample_gives_its_documented_status(site, operation, status, url) -> None:
    response = Client().get(_fill(url, site))
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    if status >= 400:
        assert body["detail"]
    if status == 422:
        assert body["detail"][0]["loc"][0] in ("query", "path")


def test_etag_and_last_modified_give_304_until_the_next_publication(site) -> None:
    client = Client()
    url = "/api/v1/incidents?month=2024-04"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH=f'W/{etag}, "other"').status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # If-None-Match decides when both are sent (RFC 9110).
    assert (
        client.get(url, HTTP_IF_NONE_MATCH='"x"', HTTP_IF_MODIFIED_SINCE=modified).status_code
        == 200
    )
    assert client.get("/api/v1/incidents?month=2024-05", HTTP_IF_NONE_MATCH=etag).status_code == 200
    bump()  # a publication: every validator changes
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_head_is_get_without_the_body(site) -> None:
    response = Client().head("/api/v1/regions")
    assert response.status_code == 200 and response.content == b""
    assert int(response["Content-Length"]) > 100 and response["ETag"]


def test_cors_preflight_is_answered_without_credentials(site) -> None:
    response = Client().options(
        "/api/v1/statistics",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="If-None-Match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert not response.has_header("Access-Control-Allow-Credentials")
    got = Client().get("/api/v1/regions", HTTP_ORIGIN="https://example.org")
    assert got["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in got["Access-Control-Expose-Headers"]
    assert (
        Client().get("/", HTTP_ORIGIN="https://example.org").get("Access-Control-Allow-Origin")
        is None
    )
    assert Client().post("/api/v1/regions").status_code == 405


def test_rate_limit_answers_429_with_retry_after_per_address(site, settings) -> None:
    settings.API_RATE = "3/min"
    settings.TRUSTED_PROXY_COUNT = 1
    apimiddleware.windows.clear()
    client = Client(REMOTE_ADDR="10.0.0.9")
    ok = [client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="192.0.2.1") for _ in range(3)]
    assert [r.status_code for r in ok] == [200, 200, 200]
    assert ok[-1]["X-RateLimit-Remaining"] == "0"
    refused = client.get("/api/v1/taxonomy", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("too many requests")
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another client behind the same proxy has its own window; pages are not limited.
    assert client.get("/api/v1/taxonomy", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200
    assert client.get("/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    apimiddleware.windows.clear()


def _answers(site: dict[str, str]) -> list[tuple[str, bytes]]:
    client = Client()
    urls = [_fill(url, site) for _, status, url in SAMPLES if status == 200]
    urls += ["/api/v1/incidents?limit=200", "/api/v1/events?limit=1000", "/api/v1/cases"]
    for lang in ("ru", "kk"):
        urls.append(f"/api/v1/statistics?dimension=category&lang={lang}")
    cursor = ""
    while True:  # every published incident through the pages
        url = f"/api/v1/incidents?limit=200{cursor}"
        urls.append(url)
        page = client.get(url).json()
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    # …and one by one those whose sources carry planted confidential values.
    assert site["planted"]
    urls += [f"/api/v1/incidents/{i}" for i in site["planted"].split()]
    urls += [f"/api/v1/cases/{c['external_id']}" for c in client.get("/api/v1/cases").json()]
    return [(url, client.get(url).content) for url in urls]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_no_confidential_field_or_value_in_any_answer(site) -> None:
    from speechwatch.cases.models import Case
    from speechwatch.context.models import ContextEvent, LegislativeItem

    names = {path.split(".")[-1].split("[")[0] for _, path in confidential_paths()}
    names.discard("sources")  # confidential only item by item: checked through their values
    names |= {"internal_notes", "correspondent"}
    for model in (Case, ContextEvent, LegislativeItem):  # the models' own confidential columns
        assert "internal_notes" in {f.name for f in model._meta.fields}
    for url, body in _answers(site):
        assert SECRET.encode() not in body, url
        assert not names & _keys(json.loads(body)), url
