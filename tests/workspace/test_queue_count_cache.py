"""Cached queue counts follow every audited write (and bulk inserts that add rows)."""

from __future__ import annotations

from speechwatch.incidents.actions import change_status
from speechwatch.workspace.queries import queue_counts
from tests.workspace.helpers import SYSTEM, make_incident


def test_counts_follow_writes(users, django_assert_max_num_queries) -> None:
    first = make_incident(1)
    assert queue_counts()["draft"] == 1
    with django_assert_max_num_queries(1):  # cached: only the fingerprint is read
        assert queue_counts()["draft"] == 1
    make_incident(2, sources=[])
    counts = queue_counts()
    assert counts["draft"] == 2 and counts["missing"] == 1
    change_status(first, "under_review", who=SYSTEM)
    counts = queue_counts()
    assert counts["draft"] == 1 and counts["under_review"] == 1


def test_shared_url_counts_as_duplicate(users) -> None:
    make_incident(1)
    assert queue_counts()["duplicates"] == 0
    from speechwatch.incidents.actions import SourceInput

    make_incident(2, sources=[SourceInput(kind="url", url="https://example.org/news/1")])
    assert queue_counts()["duplicates"] == 1
