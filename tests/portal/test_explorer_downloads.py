"""The statistics explorer: charts with tables, CSV/JSON downloads of the same figures, gaps
labelled "no data", sources labelled, bad parameters named."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.test import Client

from tests.reports_db.test_figures_cache import publish_incident

QUERY = {"dimension": "block", "from": "2023-12", "to": "2024-04", "code": ["R", "I"]}


@pytest.fixture
def site(installed) -> None:
    publish_incident("e-1", date(2024, 1, 5), ["R.threat"])
    publish_incident("e-2", date(2024, 4, 2), ["R.threat", "I.refusal"])


def test_csv_and_json_carry_the_same_points(site) -> None:
    client = Client()
    data = json.loads(client.get("/statistics/data.json", QUERY).content)
    rows = list(
        csv.DictReader(io.StringIO(client.get("/statistics/data.csv", QUERY).content.decode()))
    )
    assert [s["code"] for s in data["series"]] == ["R", "I"]  # the taxonomy's order
    from_json = [
        (s["code"], p["period"], p["value"], p["origin"])
        for s in data["series"]
        for p in s["points"]
    ]
    from_csv = [
        (r["code"], r["period"], int(r["value"]) if r["value"] else None, r["origin"]) for r in rows
    ]
    assert from_json == from_csv
    r = {p["period"]: (p["value"], p["origin"]) for p in data["series"][0]["points"]}
    assert r == {
        "2023-12": (None, "none"),
        "2024-01": (1, "database"),
        "2024-02": (None, "none"),
        "2024-03": (None, "none"),
        "2024-04": (1, "database"),
    }


def test_the_page_has_a_chart_and_a_table_per_series(site) -> None:
    page = Client().get("/statistics/", QUERY).content.decode()
    assert page.count('<figure class="chart">') == 2 and page.count("<details>") == 2
    assert "no data" in page and "database" in page
    assert "/statistics/data.csv?dimension=block&amp;by=month&amp;from=2023-12" in page
    years = Client().get("/statistics/", {**QUERY, "by": "year"}).content.decode()
    assert "2 months without data" in years or "months without data" in years


@pytest.mark.parametrize(
    "query",
    ["dimension=people", "by=week", "from=2024-99", "code=nope", "from=2024-05&to=2024-01"],
)
def test_bad_parameters_are_named(installed, query: str) -> None:
    for url in ("/statistics/", "/statistics/data.csv", "/statistics/data.json"):
        response = Client().get(f"{url}?{query}")
        assert response.status_code == 400, url
    assert Client().get("/statistics/data.xml").status_code == 400
