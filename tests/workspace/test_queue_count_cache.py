"""The queue's counts are kept by the writers: after every kind of write they equal a direct count
of the data, and reading them costs a fixed number of queries."""

from __future__ import annotations

import pytest

from speechwatch.incidents import queuecounts
from speechwatch.incidents.actions import (
    SourceInput,
    change_status,
    delete_incident,
    update_incident,
)
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident
from speechwatch.incidents.queuecounts import State, shared_delta, tally
from speechwatch.workspace.queries import queue_counts
from tests.workspace.helpers import SYSTEM, make_incident


def kept_equals_direct() -> dict[str, int]:
    kept = queuecounts.current()
    assert kept == queuecounts.direct()
    return kept


def S(status: str, *urls: str, cat: bool = True, region: bool = True, source: bool = True) -> State:
    return State(status, cat, region, source, frozenset(urls))


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([], {}),
        ([S("draft")], {"draft": 1}),
        ([S("draft", cat=False)], {"draft": 1, "missing": 1}),
        ([S("verified", region=False, source=False)], {"verified": 1, "missing": 1}),
        ([S("published", cat=False), S("rejected")], {}),  # closed: neither tab nor missing
        ([S("under_review"), S("under_review")], {"under_review": 2}),
    ],
)
def test_tally(states, expected) -> None:
    assert dict(tally(states)) == expected


@pytest.mark.parametrize(
    ("others", "before", "after", "delta"),
    [
        ({}, [], [S("draft", "u")], 0),  # a URL only one incident cites
        ({"u": 1}, [], [S("draft", "u")], 1),  # a second citer: now shared
        ({"u": 2}, [], [S("draft", "u")], 0),  # already shared
        ({"u": 1}, [S("draft", "u")], [S("rejected", "u")], -1),  # rejected ones do not count
        ({"u": 1}, [S("draft", "u")], [S("draft", "v")], -1),  # URL changed
        ({"u": 1, "v": 1}, [S("draft", "u")], [S("draft", "v")], 0),  # one lost, one gained
        ({"u": 1}, [S("draft", "u")], [], -1),  # deleted
    ],
)
def test_shared_delta(others, before, after, delta) -> None:
    assert shared_delta(others, before, after) == delta


def test_counts_follow_every_write(users, django_assert_max_num_queries) -> None:
    first = make_incident(1)
    assert kept_equals_direct()["draft"] == 1
    with django_assert_max_num_queries(4):  # kept counts, submissions, actor fingerprint (+cache)
        queue_counts()
    second = make_incident(2, sources=[SourceInput(kind="url", url="https://example.org/news/1")])
    assert kept_equals_direct()["shared_urls"] == 1
    data = incident_input(second)
    data.sources = []
    data.categories = []
    second = update_incident(second, data, who=SYSTEM)
    assert kept_equals_direct() == {**queuecounts.direct(), "missing": 1, "shared_urls": 0}
    first = change_status(first, "under_review", who=SYSTEM)
    assert kept_equals_direct()["under_review"] == 1
    for target in ("verified", "published"):
        first = change_status(first, target, who=SYSTEM)
    assert kept_equals_direct()["verified"] == 0
    delete_incident(second, who=SYSTEM)
    assert kept_equals_direct() == dict.fromkeys(queuecounts.KEYS, 0)
    assert not Incident.objects.filter(pk=second.pk).exists()


def test_rebuild_after_a_change_outside_the_actions(users) -> None:
    make_incident(1)
    queuecounts.current()
    Incident.objects.update(status="verified")  # raw bulk change: the kept counts lag
    assert queuecounts.current()["draft"] == 1
    queuecounts.rebuild()
    assert kept_equals_direct()["verified"] == 1


def test_import_rebuilds_the_counts(users, tmp_path) -> None:
    from speechwatch.interchange.actions import import_path
    from tests.interchange.records import actor, incident, write_dir

    make_incident(1)
    queuecounts.current()
    write_dir(tmp_path, actors=[actor()], incidents=[incident("inc-a"), incident("inc-b")])
    import_path(tmp_path, who=SYSTEM)
    kept = kept_equals_direct()
    assert kept["draft"] + kept["under_review"] + kept["verified"] >= 1
    assert kept["shared_urls"] == 1  # inc-a and inc-b cite the same URL
