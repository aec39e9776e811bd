"""Uncached public requests stay cheap at a million incidents: the incident page and the list in
a few indexed queries, the statistics endpoint without per-point schema validation, the month
table built in the background (an outdated one served provisional, never kept), and indexes for
the related incidents and the feed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from speechwatch.actors.actions import create_actor
from speechwatch.cases.actions import create_case, link_incident
from speechwatch.cases.public import related_incidents
from speechwatch.core.gunicorn_app import options
from speechwatch.incidents.filters import parse_filters
from speechwatch.incidents.models import Incident
from speechwatch.portal import cache, warm
from speechwatch.portal.api.statistics import StatisticsOut
from speechwatch.portal.feeds import feed_incidents
from speechwatch.portal.listing import incident_urls
from speechwatch.portal.monthtable import MEMO, ensure, month_table, stamp_of
from speechwatch.portal.statistics import Query, statistics
from tests.portal.test_public_cache import publish
from tests.reports_db.test_figures_cache import publish_incident
from tests.workspace.helpers import SYSTEM, make_incident

# --- pure ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ((1, date(2026, 1, 1)), (2, date(2026, 1, 1))),  # a publication
        ((1, date(2026, 1, 1)), (1, date(2026, 1, 2))),  # midnight
        ((1, date(2026, 12, 31)), (2, date(2020, 1, 1))),  # the generation decides first
    ],
)
def test_a_table_stamp_grows_with_the_generation_then_the_day(older, newer) -> None:
    assert stamp_of(*older) < stamp_of(*newer)


@pytest.mark.parametrize("external_id", ["inc-t1", "a b", "кит-1", "x%y", "a:b@c~d", "q?&#"])
def test_list_row_links_equal_the_url_tag(external_id: str) -> None:
    assert incident_urls()(external_id) == reverse("incident", args=[external_id])


def test_serve_starts_the_warmer_in_every_worker() -> None:
    assert callable(options("127.0.0.1:0")["post_worker_init"])


def test_the_warmer_stays_off_when_turned_off(settings) -> None:
    settings.SPEECHWATCH_STATISTICS_WARM = False
    assert warm.start() is False and not warm.active()


# --- the incident page and the list ------------------------------------------------------------


@pytest.fixture
def outlet_incidents(installed) -> list[Incident]:
    """14 published incidents against one outlet (inc-t1 and inc-t2 also share a published
    case), and a draft against it."""
    outlet = create_actor(name="Outlet", kind="organisation", type="media", who=SYSTEM)
    made = [publish(make_incident(n, victims=[outlet.external_id])) for n in range(1, 15)]
    make_incident(99, victims=[outlet.external_id])  # a draft
    case = create_case(kind="civil", title={"en": "Claim"}, published=True, who=SYSTEM)
    link_incident(case, made[0], who=SYSTEM)
    link_incident(case, made[1], who=SYSTEM)
    return made


def test_incident_page_reads_case_and_related_in_a_few_queries(
    outlet_incidents, django_assert_max_num_queries
) -> None:
    client = Client()
    client.get("/incidents/inc-t3/")  # the per-generation labels and lookups
    with django_assert_max_num_queries(12):  # it was 16, with id lists of up to 1,000
        text = client.get("/incidents/inc-t1/", {"b": "1"}).content.decode()
    assert "/cases/" in text and "/incidents/inc-t2/" in text
    found = related_incidents("inc-t1")
    assert [(r.external_id, r.reason) for r in found[:1]] == [("inc-t2", "case")]
    # Then the outlet's newest links (ids grow with time), at most 10 in all, no draft.
    assert [r.external_id for r in found[1:]] == [f"inc-t{n}" for n in range(14, 5, -1)]
    assert "inc-t99" not in text


def test_incident_list_reads_two_queries_for_its_rows(
    outlet_incidents, django_assert_max_num_queries
) -> None:
    client = Client()
    first = client.get("/incidents/").content.decode()
    with django_assert_max_num_queries(3):  # generation, rows, categories (was 7)
        again = client.get("/incidents/", {"b": "1"}).content.decode()
    rows = again.split("<tbody>")[1].split("</tbody>")[0]
    assert rows == first.split("<tbody>")[1].split("</tbody>")[0]
    assert "/incidents/inc-t14/" in rows and "inc-t99" not in rows
    assert "Journalist obstructed 14" in rows and "2024-04-15" in rows  # title, ISO date
    assert "Almaty" in rows and "obstruction" in rows.lower()  # region and category labels


# --- the statistics endpoint and the month table ---------------------------------------------


@pytest.fixture
def figures(installed) -> None:
    publish_incident("apr-r", date(2024, 4, 2), ["R.threat"])
    publish_incident("apr-i", date(2024, 4, 5), ["I.refusal", "R.obstruction"])


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize(
    "query",
    [
        {"dimension": "block"},
        {"dimension": "category", "by": "year", "from": "2023-01"},
        {"dimension": "region", "from": "2024-03", "to": "2024-05", "lang": "ru"},
        {"dimension": "category", "code": ["R.threat", "I"]},
        {"dimension": "block", "from": "2020-01", "to": "2024-04"},  # before the first month
    ],
)
def test_statistics_endpoint_writes_exactly_its_schema(query) -> None:
    response = Client().get("/api/v1/statistics", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    q = Query(
        query["dimension"],
        query.get("by", "month"),
        tuple(map(int, query["from"].split("-"))) if "from" in query else None,  # type: ignore[arg-type]
        tuple(map(int, query["to"].split("-"))) if "to" in query else None,  # type: ignore[arg-type]
        tuple(query.get("code", ())),
    )
    expected = StatisticsOut.model_validate(
        statistics(q, query.get("lang", "en")), from_attributes=True
    ).model_dump(mode="json")
    assert json.loads(response.content) == expected


@pytest.mark.usefixtures("figures")
def test_a_warm_table_leaves_a_request_nothing_to_build(django_assert_max_num_queries) -> None:
    warm.warm_once()
    held = cache.memo_held(MEMO)
    assert held is not None and held[0] == stamp_of(cache.generation(), timezone.localdate())
    with django_assert_max_num_queries(1):  # the generation
        assert Client().get("/api/v1/statistics").status_code == 200


@pytest.mark.usefixtures("figures")
def test_an_outdated_table_while_warming_is_provisional_and_never_kept(monkeypatch) -> None:
    client = Client()
    warm.warm_once()
    publish_incident("apr-x", date(2024, 4, 9), ["R.threat"])  # a new generation
    monkeypatch.setattr(warm, "active", lambda: True)  # as in a worker whose warmer runs

    def threats(response) -> int:  # type: ignore[no-untyped-def]
        series = json.loads(response.content)["series"]
        points = next(s for s in series if s["code"] == "R")["points"]
        return next(p["value"] for p in points if p["period"] == "2024-04")

    for _ in range(2):
        old = client.get("/api/v1/statistics", {"dimension": "block"})
        assert threats(old) == 2  # the figures from before the publication, at once
        assert old["Cache-Control"] == "no-store"
        assert not old.has_header("ETag") and not old.has_header("Last-Modified")
        page = client.get("/statistics/")
        assert page["Cache-Control"] == "no-store" and not page.has_header("X-Public-Cache")
    assert warm._wake.is_set()  # the request woke the warmer
    warm.warm_once()
    new = client.get("/api/v1/statistics", {"dimension": "block"})
    assert threats(new) == 3 and new.has_header("ETag")
    assert client.get("/statistics/")["X-Public-Cache"] == "miss"


@pytest.mark.usefixtures("figures")
def test_without_a_warmer_the_request_builds_the_current_table() -> None:
    ensure(cache.generation())
    publish_incident("apr-x", date(2024, 4, 9), ["R.threat"])
    table = month_table()
    assert table.rows[(2024, 4)].counts["R"] == 3


def test_a_public_change_wakes_the_warmer_when_it_commits(
    installed, django_capture_on_commit_callbacks
) -> None:
    warm._wake.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_incident(1))
    assert warm._wake.is_set()


def test_feeds_are_kept_by_the_response_cache(outlet_incidents) -> None:
    client = Client()
    first = client.get("/feeds/en/incidents.atom")
    second = client.get("/feeds/en/incidents.atom")
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert second.content == first.content and b"inc-t14" in second.content
    publish(make_incident(20))  # a publication shows on the next request
    assert b"inc-t20" in client.get("/feeds/en/incidents.atom").content


# --- indexes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_and_related_incidents_walk_their_indexes() -> None:
    feed = feed_incidents(parse_filters({}, allow_status=False)).values("id")[:50]
    if connection.vendor == "sqlite":
        sql, params = feed.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "incident_published_feed" in plan and "TEMP B-TREE" not in plan
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'incident_published_feed'"
            )
            (definition,) = cursor.fetchone()
        assert "status_changed_at DESC NULLS LAST, recorded_on DESC, id DESC" in definition
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "incidents_incidentactor")
    assert found["incident_actor_shared"]["columns"] == ["actor_id", "role", "incident_id"]


# --- one filter <select> for every public list -------------------------------------------------


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("url", "name", "value"),
    [
        ("/cases/", "kind", "civil"),
        ("/cases/", "stage", "appeal"),
        ("/legislation/", "kind", "bill"),
        ("/events/", "kind", "statement"),
        ("/events/", "region", "almaty"),
        ("/incidents/", "region", "almaty"),
    ],
)
def test_filter_selects_keep_the_chosen_option(url: str, name: str, value: str) -> None:
    text = Client().get(url, {name: value}).content.decode()
    assert f'<select name="{name}"><option value="">—</option>' in text
    assert f'<option value="{value}" selected>' in text
