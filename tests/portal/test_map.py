"""The region map: 20 tiles as accessible inline SVG, counts or rates, links to the list."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from speechwatch.portal.views_map import shade
from speechwatch.reference.population import population
from tests.reports_db.test_figures_cache import publish_incident


@pytest.mark.parametrize(
    ("value", "top", "expected"),
    [(None, 5, -1), (0, 5, 0), (1, 4, 1), (2, 4, 2), (4, 4, 4), (3.9, 4, 4), (7, 0, 0)],
)
def test_shades(value: float | None, top: float, expected: int) -> None:
    assert shade(value, top) == expected


@pytest.fixture
def site(installed) -> None:
    publish_incident("m-1", date(2024, 4, 2), ["R.threat"], region="almaty")
    publish_incident("m-2", date(2024, 4, 3), ["R.threat"], region="almaty")
    publish_incident("m-3", date(2024, 4, 4), ["R.threat"], region="online")


def test_the_map_has_twenty_linked_tiles_and_a_table(site) -> None:
    page = Client().get("/map/", {"from": "2024-01", "to": "2024-04"}).content.decode()
    svg = page[page.index('<svg class="tilemap"') : page.index("</svg>")]
    assert svg.count('<rect class="tile') == 20
    assert 'role="group"' in svg and '<title id="map-t">' in svg and '<desc id="map-d">' in svg
    link = "/incidents/?region=almaty&amp;date_from=2024-01-01&amp;date_to=2024-04-30"
    assert f'<a href="{link}"><title>Almaty: 2</title>' in svg
    assert "style=" not in svg
    # The table says the same, and lists places that are not on the map (online).
    assert re.search(
        r'<th scope="row"><a href="[^"]*region=online[^"]*">[^<]+</a></th>'
        r'<td class="num">1</td>',
        page,
    )
    assert page.count('<th scope="col">') == 3


def test_rates_per_100k(site) -> None:
    page = Client().get("/map/", {"from": "2024-04", "to": "2024-04", "per": "100k"})
    text = page.content.decode()
    rate = round(2 * 100_000 / population().figures["almaty"], 2)
    assert f"<title>Almaty: {rate:g}</title>" in text
    assert "Bureau of National Statistics" in text
    assert "no population figure" not in text or "Abai" in text


@pytest.mark.parametrize("query", ["per=people", "from=2024-13", "from=2024-05&to=2024-01"])
def test_bad_parameters_are_a_400(installed, query: str) -> None:
    assert Client().get(f"/map/?{query}").status_code == 400
