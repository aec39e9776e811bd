"""The queue and the incident list cost a bounded number of queries, whatever the data size."""

from __future__ import annotations

import pytest

from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident
from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from speechwatch.workspace.actions import acquire_lock, assign
from tests.workspace.helpers import SYSTEM, client_for

# session + user + groups (roles) + counts + rows, categories, assignments, locks, plus the
# filter selects (categories, regions, taxonomy lookups). The incident tab counts are kept by the
# actions (one query, incidents/queuecounts.py), open submissions are counted (one), and the
# probable-duplicate actors are re-checked against the actors' own fingerprint (one). The
# header's news-inbox count is one query on every page. Writes do not change these numbers.
MAX_QUERIES = 18
WARM_MAX_QUERIES = 14


@pytest.fixture
def busy(installed, users):
    load_demo()
    for n in range(60):
        submit(
            SubmissionInput(channel="public", what_happened=f"report {n}"),
            ReporterInput(),
            who=SYSTEM,
        )
    for inc in Incident.objects.order_by("id")[:30]:
        assign("incident", inc.external_id, users["monitor"], who=SYSTEM)
        acquire_lock("incident", inc.external_id, users["editor"])
    return users


@pytest.mark.parametrize(
    "url",
    [
        "/work/",
        "/work/?tab=draft",
        "/work/?tab=under_review",
        "/work/?tab=verified",
        "/work/?tab=missing",
        "/work/?tab=duplicates",
        "/work/incidents/",
        "/work/incidents/?status=published&month=2024-04",
        "/work/incidents/?assigned=me",
        "/work/submissions/",
        "/work/cases/",
    ],
)
def test_pages_have_bounded_queries(busy, url: str, django_assert_max_num_queries) -> None:
    client = client_for(busy["monitor"])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(WARM_MAX_QUERIES):
        assert client.get(url).status_code == 200


def test_second_page_costs_the_same(busy, django_assert_max_num_queries) -> None:
    client = client_for(busy["monitor"])
    first = client.get("/work/incidents/")
    assert len(first.context["rows"]) == 50
    cursor = first.context["next_cursor"]
    assert cursor
    with django_assert_max_num_queries(MAX_QUERIES):
        second = client.get("/work/incidents/", {"cursor": cursor})
    ids_1 = {r.incident.pk for r in first.context["rows"]}
    ids_2 = {r.incident.pk for r in second.context["rows"]}
    assert ids_1.isdisjoint(ids_2) and len(ids_2) == 50
