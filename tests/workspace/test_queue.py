"""The review queue: counts per tab, what each tab lists, filters and assignment."""

from __future__ import annotations

import pytest

from speechwatch.incidents.actions import SourceInput, change_status
from speechwatch.intake.actions import ReporterInput, SubmissionInput, convert_submission, submit
from speechwatch.workspace.actions import assign
from speechwatch.workspace.queries import queue_counts
from tests.workspace.helpers import SYSTEM, client_for, make_incident


def counts_on_page(body: str) -> dict[str, int]:
    import re

    return {
        tab: int(n)
        for tab, n in re.findall(
            r'id="tab-(\w+)"[^>]*>[^<]*<span class="count" data-count="(\d+)"', body
        )
    }


@pytest.mark.usefixtures("installed")
def test_counts_per_tab(users) -> None:
    make_incident(1)  # draft, complete
    make_incident(2, categories=[])  # draft, no category
    make_incident(3, region="")  # draft, no region
    review = make_incident(4, sources=[])  # no source
    change_status(review, "under_review", who=SYSTEM)
    verified = make_incident(5)
    for target in ("under_review", "verified"):
        verified = change_status(verified, target, who=SYSTEM)
    published = make_incident(6)
    for target in ("under_review", "verified", "published"):
        published = change_status(published, target, who=SYSTEM)
    make_incident(
        7, sources=[SourceInput(kind="url", url="https://example.org/news/1")]
    )  # same URL as 1
    for text in ("one", "two", "three"):
        submit(SubmissionInput(channel="public", what_happened=text), ReporterInput(), who=SYSTEM)
    converted = submit(
        SubmissionInput(channel="public", what_happened="done"), ReporterInput(), who=SYSTEM
    )
    convert_submission(
        converted, who=SYSTEM
    )  # a new draft without category or source... it has a source

    expected = {
        "submissions": 3,
        "draft": 5,  # 1, 2, 3, 7, converted
        "under_review": 1,
        "verified": 1,
        "missing": 4,  # 2, 3, 4, converted (no category, no region)
        "duplicates": 1,  # one shared source URL; no similar actors
    }
    assert queue_counts() == expected
    body = client_for(users["monitor"]).get("/work/").content.decode()
    assert counts_on_page(body) == expected


@pytest.mark.usefixtures("installed")
def test_tabs_list_the_right_records(users) -> None:
    make_incident(1)
    make_incident(2, categories=[])
    sub = submit(
        SubmissionInput(channel="public", what_happened="Blocked site"), ReporterInput(), who=SYSTEM
    )
    client = client_for(users["monitor"])
    submissions = client.get("/work/?tab=submissions").content.decode()
    assert sub.external_id in submissions and "Blocked site" in submissions
    missing = client.get("/work/?tab=missing").content.decode()
    assert 'id="row-inc-t2"' in missing and 'id="row-inc-t1"' not in missing
    assert "no category" in missing
    drafts = client.get("/work/?tab=draft&q=obstructed+2").content.decode()
    assert 'id="row-inc-t2"' in drafts and 'id="row-inc-t1"' not in drafts
    assert client.get("/work/?tab=nope").status_code == 400
    assert client.get("/work/?tab=draft&month=2024-13").status_code == 400


@pytest.mark.usefixtures("installed")
def test_assignment_filter_and_display(users) -> None:
    make_incident(1)
    make_incident(2)
    client = client_for(users["monitor"])
    response = client.post(
        "/work/assign/incident/inc-t1/", {"user": "me", "next": "/work/?tab=draft"}
    )
    assert response.status_code == 302 and response["Location"] == "/work/?tab=draft"
    mine = client.get("/work/?tab=draft&assigned=me").content.decode()
    assert 'id="row-inc-t1"' in mine and 'id="row-inc-t2"' not in mine
    assert "assigned: demo-monitor" in mine
    nobody = client.get("/work/?tab=draft&assigned=none").content.decode()
    assert 'id="row-inc-t2"' in nobody and 'id="row-inc-t1"' not in nobody
    # Assigning to someone outside the team is refused; unassigning works.
    assert (
        client.post("/work/assign/incident/inc-t1/", {"user": "demo-correspondent"}).status_code
        == 400
    )
    assign("incident", "inc-t1", None, who=SYSTEM)
    assert "assigned:" not in client.get("/work/?tab=draft").content.decode()


@pytest.mark.usefixtures("installed")
def test_keyset_pages_cover_everything_once(users) -> None:
    from speechwatch.incidents.filters import IncidentFilters
    from speechwatch.incidents.models import Incident
    from speechwatch.workspace.queries import incident_page

    for n in range(1, 8):
        make_incident(n)
    seen: list[str] = []
    cursor = None
    while True:
        page = incident_page(Incident.objects.all(), IncidentFilters(), cursor, limit=3)
        seen += [r.incident.external_id for r in page.rows]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(f"inc-t{n}" for n in range(1, 8)) and len(seen) == 7
    # The page link carries the cursor.
    client = client_for(users["monitor"])
    first = client.get("/work/incidents/").content.decode()
    assert 'id="next-page"' not in first  # 7 rows fit on one 50-row page
