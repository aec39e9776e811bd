"""The overview archive: every published month, version and language; the correction note;
permanent download links with their content types; nothing unpublished."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from speechwatch.portal import archive
from speechwatch.reports.actions import save_overrides
from tests.portal.published import APRIL, EDITOR, publish_april_twice

CHEAP = ("html", "md", "json")


@pytest.fixture
def published(installed) -> None:
    # The demo's April through the importer would also do; a quiet month keeps this fast.
    save_overrides("2024-05", {}, who=EDITOR)  # a month with choices but never published
    publish_april_twice()


@pytest.mark.usefixtures("published")
def test_archive_lists_every_version_and_the_correction() -> None:
    months = archive.published_months()
    assert [m.month for m in months] == [APRIL]
    v2, v1 = months[0].versions
    assert (v2.number, v2.replaces, v2.replaced_by) == (2, 1, None)
    assert (v1.number, v1.replaces, v1.replaced_by) == (1, None, 2)
    assert v2.corrected_on == v1.replaced_on is not None
    assert v2.languages == v1.languages == ("kk", "ru", "en")
    client = Client()
    for lang in ("kk", "ru", "en"):
        listing = client.get("/overviews/", {"lang": lang}).content.decode()
        assert f"/overviews/{APRIL}/" in listing and "2024-05" not in listing
        latest = client.get(f"/overviews/{APRIL}/", {"lang": lang})
        assert latest.status_code == 200
        text = latest.content.decode()
        assert f'src="/overviews/{APRIL}/v2/{lang}.html"' in text
        assert 'sandbox=""' in text
        assert v2.corrected_on.isoformat() in text  # type: ignore[union-attr]
        assert "Two incidents re-classified." in text
        assert "unsafe-inline" not in latest["Content-Security-Policy"]
        old = client.get(f"/overviews/{APRIL}/v1/", {"lang": lang}).content.decode()
        assert f'src="/overviews/{APRIL}/v1/{lang}.html"' in old
        assert f'href="/overviews/{APRIL}/"' in old  # "read the latest version"
    en = client.get(f"/overviews/{APRIL}/", {"lang": "en"}).content.decode()
    assert "Corrected on" in en and "replaces version 1" in en


@pytest.mark.usefixtures("published")
def test_every_rendition_has_a_permanent_link_and_its_content_type() -> None:
    client = Client()
    for month in archive.published_months():
        for v in month.versions:
            for r in archive.renditions(v):
                if r.fmt not in CHEAP:
                    continue
                response = client.get(r.path)
                assert response.status_code == 200, r.path
                assert response["Content-Type"].startswith(r.media_type)
                assert r.filename in response["Content-Disposition"]
                if r.fmt == "json":
                    json.loads(response.content)
                if r.fmt == "html":
                    policy = response["Content-Security-Policy"]
                    assert "frame-ancestors 'self'" in policy and "sandbox" in policy
                    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The costly formats once each (seconds to render): real files of the right kind.
    pdf = client.get(f"/overviews/{APRIL}/v2/ru.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    docx = client.get(f"/overviews/{APRIL}/v1/kk.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "wordprocessingml" in docx["Content-Type"]


UNPUBLISHED_OR_UNKNOWN = [
    "/overviews/2024-05/",  # choices saved, never published
    "/overviews/2024-13/",
    "/overviews/0000-01/",
    f"/overviews/{APRIL}/v3/",
    f"/overviews/{APRIL}/v3/en.html",
    f"/overviews/{APRIL}/v0/en.html",
    f"/overviews/{APRIL}/v1/de.html",
    f"/overviews/{APRIL}/v1/en.exe",
    "/overviews/2024-05/v1/en.md",
]


@pytest.mark.usefixtures("published")
def test_unpublished_and_unknown_are_404() -> None:
    client = Client()
    assert [p for p in UNPUBLISHED_OR_UNKNOWN if client.get(p).status_code != 404] == []


@pytest.mark.usefixtures("installed")
def test_empty_archive() -> None:
    response = Client().get("/overviews/", {"lang": "en"})
    assert response.status_code == 200
    assert "No overview has been published yet." in response.content.decode()
