"""The declared filters, written for speed without changing what they find: the category filter
(a category and its sub-categories, each incident once, however many of its categories match)
is an EXISTS rather than a join made distinct (a DISTINCT over every listed column kept
PostgreSQL from stopping at the page size: 300 ms at 1M); the region is compared by id; with a
search, SQLite's status test is a likelihood() hint."""

from __future__ import annotations

import pytest
from django.db import connection

from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.models import Incident
from tests.workspace.helpers import make_incident

CATEGORIES = {
    1: ["L.civil", "L.criminal.false_info", "L.criminal"],  # three matches for "L": listed once
    2: ["R.obstruction", "L.administrative.defamation"],
    3: ["R.obstruction"],
    4: [],
    5: ["I.refusal", "L.criminal"],
}


@pytest.fixture
def five(installed) -> None:
    for n, codes in CATEGORIES.items():
        make_incident(n, categories=codes)


@pytest.mark.usefixtures("five")
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("L", [5, 2, 1]),
        ("L.criminal", [5, 1]),  # and L.criminal.false_info
        ("L.criminal.false_info", [1]),
        ("L.crim", []),  # a code, not a text prefix
        ("R", [3, 2]),
        ("R.obstruction", [3, 2]),
        ("I.refusal", [5]),
        ("X", []),
    ],
)
def test_category_and_its_subcategories_each_incident_once(code: str, expected: list[int]):
    qs = IncidentFilters(category=code).apply(Incident.objects.all(), public=False)
    listed = list(qs.order_by("-recorded_on", "-id").values_list("external_id", flat=True))
    assert listed == [f"inc-t{n}" for n in expected]
    assert qs.count() == len(expected)
    assert "DISTINCT" not in str(qs.query).upper()


@pytest.mark.usefixtures("five")
def test_category_with_region_and_search() -> None:
    qs = IncidentFilters(category="L", region="almaty", q="obstructed 5").apply(
        Incident.objects.all(), public=False
    )
    assert list(qs.values_list("external_id", flat=True)) == ["inc-t5"]


@pytest.mark.usefixtures("five")
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "almaty"}, [5, 4, 3, 2, 1]),
        ({"region": "astana"}, [6]),
        ({"region": "nowhere"}, []),  # an unknown code finds nothing (never everything)
        ({"region": "astana", "category": "R"}, [6]),
        ({"region": "almaty", "category": "R", "q": "obstructed"}, [3, 2]),
        ({"q": "obstructed 6"}, [6]),
        ({"status": "draft", "q": "obstructed"}, [6, 5, 4, 3, 2, 1]),
        ({"status": "draft", "q": "obstructed 4"}, [4]),
        ({"status": "verified", "q": "obstructed"}, []),
    ],
)
def test_filters_together(params, expected) -> None:
    make_incident(6, region="astana")
    qs = IncidentFilters(**params).apply(Incident.objects.all(), public=False)
    listed = list(qs.order_by("-recorded_on", "-id").values_list("external_id", flat=True))
    assert listed == [f"inc-t{n}" for n in expected]
    public = IncidentFilters(**params).apply(Incident.objects.all(), public=True)
    assert list(public) == []  # none published


@pytest.mark.usefixtures("five")
def test_a_searched_list_hints_sqlite_away_from_the_status_index() -> None:
    searched = IncidentFilters(q="obstructed").apply(Incident.objects.all(), public=True)
    plain = IncidentFilters().apply(Incident.objects.all(), public=True)
    hinted = connection.vendor == "sqlite"
    assert ("likelihood(" in str(searched.query)) is hinted
    assert "likelihood(" not in str(plain.query)
