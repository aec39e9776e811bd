"""sitemap.xml: every public page once; an index of pages beyond the per-file limit."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client

from speechwatch.cases.models import Case
from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident
from speechwatch.portal import sitemap
from tests.portal.published import publish_april_twice, unpublished_codes

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return b"".join(response.streaming_content) if response.streaming else response.content


def locs(xml: bytes, tag: str = "url") -> list[str]:
    root = ElementTree.fromstring(xml)
    return [urlsplit(e.text or "").path for e in root.findall(f"s:{tag}/s:loc", NS)]


@pytest.fixture
def demo(installed) -> None:
    load_demo()
    publish_april_twice()


@pytest.mark.usefixtures("demo")
def test_one_sitemap_lists_every_public_page_once(monkeypatch) -> None:
    client = Client()
    paths = locs(body(client.get("/sitemap.xml")))
    assert len(paths) == len(set(paths))
    incidents = Incident.objects.filter(status="published").values_list("external_id", flat=True)
    cases = Case.objects.filter(published=True).values_list("external_id", flat=True)
    expected = {f"/incidents/{c}/" for c in incidents} | {f"/cases/{c}/" for c in cases}
    expected |= {"/incidents/", "/cases/", "/legislation/", "/events/", "/overviews/", "/data/"}
    expected |= {"/overviews/2024-04/", "/overviews/2024-04/v1/", "/overviews/2024-04/v2/"}
    assert expected <= set(paths)
    hidden = set(unpublished_codes())
    assert [p for p in paths if p.rstrip("/").rsplit("/", 1)[-1] in hidden] == []
    for path in ["/cases/", "/overviews/2024-04/v1/", paths[-1]]:
        assert client.get(path).status_code == 200


@pytest.mark.usefixtures("demo")
def test_a_large_site_gets_an_index_of_bounded_pages(monkeypatch) -> None:
    client = Client()
    single = set(locs(body(client.get("/sitemap.xml"))))
    monkeypatch.setattr(sitemap, "MAX_URLS", 100)
    index = body(client.get("/sitemap.xml"))
    assert ElementTree.fromstring(index).tag.endswith("sitemapindex")
    parts = locs(index, "sitemap")
    published = Incident.objects.filter(status="published").count()
    assert parts[0] == "/sitemaps/pages-1.xml"
    assert len(parts) == 1 + (published + 99) // 100
    seen: list[str] = []
    for part in parts:
        urls = locs(body(client.get(part)))
        assert len(urls) <= 100 or part == "/sitemaps/pages-1.xml"
        seen += urls
    assert len(seen) == len(set(seen)) and set(seen) == single
    assert client.get(f"/sitemaps/incidents-{len(parts)}.xml").status_code == 404
    assert client.get("/sitemaps/other-1.xml").status_code == 404
