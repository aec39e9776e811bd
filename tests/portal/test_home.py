"""The home page: this month per block, the 12-month chart with gaps, latest incidents, the
language in the address with hreflang alternates, and old list links at "/" still working."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from speechwatch.portal.views_home import latest_overview
from tests.reports_db.test_figures_cache import publish_incident


@pytest.fixture
def site(installed) -> None:
    publish_incident("h-1", date(2024, 3, 5), ["R.threat"], title={"en": "Editor threatened"})
    publish_incident("h-2", date(2024, 4, 2), ["R.threat", "I.refusal"])


def test_home_shows_the_latest_month_chart_and_incidents(site) -> None:
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Latest month with records (2024-04)" in page  # the current month has none
    row = re.search(r'code=R">[^<]*</a></th>(.*?)</tr>', page, re.S)
    assert row is not None
    cells = [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', row.group(1), re.S)]
    assert cells[:2] == ["1", "0"]  # April, and the change against March (1)
    assert cells[2].startswith("2 ") and "2 months without data" in cells[2]  # Jan, Feb
    assert 'role="img"' in page and "<title" in page
    assert page.count('class="sc-gap"') >= 10  # May 2023 – February 2024: gaps, not zeros
    assert "Editor threatened" in page
    assert 'href="/statistics/' in page and 'href="/map/' in page


def test_old_list_links_at_the_root_still_work(site) -> None:
    page = Client().get("/", {"month": "2024-03"}).content.decode()
    assert "Published incidents" in page and "Editor threatened" in page
    assert "h-2" not in page  # April: filtered out
    assert Client().get("/", {"month": "2024-13"}).status_code == 400


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_language_is_in_the_address_with_alternates(site, lang: str) -> None:
    response = Client().get(f"/?lang={lang}")
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and response["Content-Language"] == lang
    for other in ("kk", "ru", "en"):
        assert f'hreflang="{other}" href="http://testserver/?lang={other}"' in page
    assert 'hreflang="x-default" href="http://testserver/"' in page
    assert "django_language" not in response.cookies  # the address decides, for this page only


def test_no_overview_published_yet(installed) -> None:
    assert latest_overview() is None
    assert "No overview has been published yet." in Client().get("/").content.decode()
