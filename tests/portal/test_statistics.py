"""Public statistics: gaps are gaps, every point says where it came from, rates per 100,000,
nothing unpublished counted, and the counts equal a direct count of the incidents."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.incidents.models import Incident, IncidentCategory
from speechwatch.lib import svgchart
from speechwatch.portal.statistics import (
    Point,
    Query,
    StatisticsError,
    _years,
    block_summary,
    parse_query,
    statistics,
)
from speechwatch.reference.population import (
    ReferenceDataError,
    parse_population,
    parse_tilemap,
    population,
    tilemap,
)
from speechwatch.taxonomy.models import Category
from tests.reports_db.test_figures_cache import publish_incident
from tests.reports_db.test_published_figures_fallback import import_reference_as
from tests.workspace.helpers import make_incident

# --- pure: parameters, years, reference data, the chart module -------------------------------


@pytest.mark.parametrize(
    ("params", "refused"),
    [
        ({"dimension": "actor"}, "dimension"),
        ({"by": "week"}, "by"),
        ({"from": "2024-13"}, "from"),
        ({"to": "24-01"}, "to"),
        ({"from": "2024-05", "to": "2024-04"}, "to"),
        ({"code": [f"c{i}" for i in range(51)]}, "code"),
    ],
)
def test_bad_parameters_are_named(params: dict[str, object], refused: str) -> None:
    with pytest.raises(StatisticsError) as exc:
        parse_query(params)
    assert refused in [p for p, _ in exc.value.problems]


def test_parameters_round_trip() -> None:
    q = parse_query({"dimension": "region", "by": "year", "from": "2023-01", "code": ["almaty"]})
    assert q == Query("region", "year", (2023, 1), None, ("almaty",))
    assert parse_query(q.params()) == q


def test_a_year_adds_its_months_and_counts_the_missing_ones() -> None:
    points = [
        Point("2023-11", 2, "published"),
        Point("2023-12", None, "none"),
        Point("2024-01", 3, "database"),
        Point("2024-02", None, "none"),
        Point("2025-01", None, "none"),
    ]
    assert _years(points) == [
        Point("2023", 2, "published", missing=1),
        Point("2024", 3, "database", missing=1),
        Point("2025", None, "none", missing=1),
    ]
    mixed = _years([Point("2023-01", 1, "published"), Point("2023-02", 1, "database")])
    assert mixed == [Point("2023", 2, "mixed")]


def test_population_and_tiles_cover_the_twenty_units() -> None:
    import yaml

    from speechwatch.reference.population import DATA

    units = {
        r["code"]
        for r in yaml.safe_load((DATA / "kz-regions.yaml").read_text(encoding="utf-8"))
        if r["kind"] in ("region", "city") and r.get("valid_to") is None
    }
    assert len(units) == 20
    assert set(tilemap().tiles) == units
    assert set(population().figures) <= units
    assert "Bureau of National Statistics" in population().source


@pytest.mark.parametrize(
    "raw",
    [
        {"as_of": date(2026, 1, 1), "figures": {}},  # no source
        {"source": "x", "as_of": "soon", "figures": {}},
        {"source": "x", "as_of": date(2026, 1, 1), "figures": {"almaty": -3}},
        {"source": "x", "as_of": date(2026, 1, 1), "figures": {"almaty": "many"}},
    ],
)
def test_bad_population_data_is_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ReferenceDataError):
        parse_population(raw)


@pytest.mark.parametrize(
    "raw",
    [
        {"columns": 2, "rows": 1, "tiles": {"a": [0, 0], "b": [0, 0]}},  # overlap
        {"columns": 2, "rows": 1, "tiles": {"a": [2, 0]}},  # outside
        {"columns": 2, "tiles": {}},
    ],
)
def test_bad_tile_maps_are_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ReferenceDataError):
        parse_tilemap(raw)


def test_a_gap_is_drawn_as_no_data_never_as_a_bar() -> None:
    bars = [svgchart.Bar("2023-07", 4), svgchart.Bar("2023-08", None), svgchart.Bar("<b>", 0)]
    svg = svgchart.bar_chart(bars, ident="t", title="T & co", desc="D", no_data="no data")
    assert svg.count('class="sc-bar"') == 2  # 0 is a (flat) bar; the gap is not
    assert svg.count('class="sc-gap"') == 1 and ">no data</text>" in svg
    assert "<title>2023-08: no data</title>" in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg and "T &amp; co" in svg
    assert "style=" not in svg  # the CSP allows no inline style
    line = svgchart.line_chart(
        ["a", "b", "c"], [svgchart.Line("x", [1, None, 3])], ident="l", title="t", desc="d"
    )
    assert line.count("<polyline") == 0  # both runs have one point: the line breaks at b
    assert line.count('class="sc-gap"') == 1 and "style=" not in line


@pytest.mark.parametrize(("top", "expected"), [(0, 1), (1, 1), (3, 5), (12, 20), (50, 50)])
def test_axis_tops_are_round(top: float, expected: float) -> None:
    assert svgchart.nice_max(top) == expected


# --- with a database -------------------------------------------------------------------------


@pytest.fixture
def records(installed) -> None:
    publish_incident("feb", date(2023, 2, 9), ["I.refusal"])
    publish_incident("apr-1", date(2023, 4, 3), ["R.threat", "R.obstruction"])
    publish_incident("apr-2", date(2023, 4, 9), ["L.civil"], region="astana")
    make_incident(90, recorded_on=date(2023, 4, 10), categories=["R.threat"])  # a draft
    import_reference_as("2022-05", "May 2022", "b")  # May 2022: published figures only


def _points(dimension: str, code: str, start: tuple[int, int], end: tuple[int, int]) -> dict:
    stats = statistics(Query(dimension, "month", start, end, (code,)))  # type: ignore[arg-type]
    return {p.period: p for p in stats.series[0].points}


def test_months_without_data_are_gaps_with_their_origin(records) -> None:
    r = _points("block", "R", (2022, 4), (2023, 4))
    assert r["2022-04"] == Point("2022-04", None, "none")  # before anything on record
    assert r["2022-05"] == Point("2022-05", 20, "published")
    assert r["2022-08"] == Point("2022-08", None, "none")  # never 0
    assert r["2023-02"] == Point("2023-02", 0, "database")  # a month with records: a real 0
    assert r["2023-04"] == Point("2023-04", 1, "database")  # one incident, two R categories
    assert statistics(Query("block")).first_month == "2022-05"
    regions = _points("region", "almaty", (2022, 5), (2023, 4))
    assert regions["2022-05"].value is None  # overviews give no regional table
    assert regions["2023-04"].value == 1


def test_counts_equal_a_direct_count_and_leave_out_drafts(records) -> None:
    stats = statistics(Query("block", "month", (2023, 1), (2023, 4)))
    for series in stats.series:
        for point in series.points:
            y, m = map(int, point.period.split("-"))
            direct = (
                Incident.objects.filter(
                    status="published", recorded_on__year=y, recorded_on__month=m
                )
                .filter(
                    id__in=IncidentCategory.objects.filter(
                        category__in=Category.objects.filter(block=series.code)
                    ).values("incident_id")
                )
                .count()
            )
            has_records = Incident.objects.filter(
                status="published", recorded_on__year=y, recorded_on__month=m
            ).exists()
            assert point.value == (direct if has_records else None), (series.code, point)


def test_rates_per_100k_use_the_population_table(records) -> None:
    stats = statistics(Query("region", "year", (2023, 1), (2023, 12), ("almaty",)))
    (series,) = stats.series
    assert series.population == population().figures["almaty"]
    (year,) = series.points
    assert year.value == 2 and year.missing == 12 - 2  # February and April have records
    assert year.rate == round(2 * 100_000 / series.population, 2)
    assert "Bureau of National Statistics" in stats.population_source


def test_home_summary_compares_with_the_month_before(records) -> None:
    summary = {b.code: b for b in block_summary((2023, 4))}
    assert summary["R"].month.value == 1
    assert summary["R"].previous == Point("2023-03", None, "none")
    assert summary["R"].change is None  # no data before: no change claimed
    assert summary["I"].year_to_date.value == 1


def test_unknown_codes_are_refused(installed) -> None:
    with pytest.raises(StatisticsError):
        statistics(Query("block", codes=("nope",)))
