"""The review queue's counts, kept up to date by the writers instead of counted on every view.

Counting open incidents per status, those missing a category, region or source, and source URLs
shared by several live incidents reads every open incident and every source: seconds at a million
incidents. So the counts live in a small table (`QueueCount`). Each incident action wraps its write
in `tracking(ids)`, which reads the touched incidents' state before and after (primary-key
lookups) and adds the difference in the same transaction; the importer, which writes in bulk,
calls `rebuild()` afterwards, and so does `manage.py queue_counts --rebuild` (for any other bulk
change made outside the actions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q

from speechwatch.incidents.models import Incident, IncidentCategory, QueueCount, Source, Status

OPEN = (Status.DRAFT, Status.UNDER_REVIEW, Status.VERIFIED)
KEYS = ("draft", "under_review", "verified", "missing", "shared_urls")


@dataclass(frozen=True)
class State:
    """What one incident adds to the counts."""

    status: str
    has_category: bool
    has_region: bool
    has_source: bool
    urls: frozenset[str]  # non-empty source URLs


def tally(states: Iterable[State]) -> Counter[str]:
    """Per-status and "missing" counts of some incidents (pure)."""
    counts: Counter[str] = Counter()
    for s in states:
        if s.status in OPEN:
            counts[s.status] += 1
            if not (s.has_category and s.has_region and s.has_source):
                counts["missing"] += 1
    return counts


def shared_delta(others: dict[str, int], before: Iterable[State], after: Iterable[State]) -> int:
    """How many more URLs are shared (cited by > 1 live incident) after a write than before.

    `others` holds, per URL the write touched, the live incidents citing it that the write did not
    touch; `before`/`after` are the touched incidents' states (pure)."""

    def mine(states: Iterable[State]) -> Counter[str]:
        held: Counter[str] = Counter()
        for s in states:
            if s.status != Status.REJECTED:
                held.update(s.urls)
        return held

    was, now = mine(before), mine(after)
    return sum(
        (others.get(u, 0) + now[u] > 1) - (others.get(u, 0) + was[u] > 1)
        for u in set(was) | set(now)
    )


def states(ids: Iterable[int]) -> dict[int, State]:
    ids = list(ids)
    if not ids:
        return {}
    rows = Incident.objects.filter(pk__in=ids).annotate(
        has_category=Exists(IncidentCategory.objects.filter(incident=OuterRef("pk"))),
        has_source=Exists(Source.objects.filter(incident=OuterRef("pk"))),
    )
    urls: dict[int, set[str]] = {}
    for pk, url in (
        Source.objects.filter(incident_id__in=ids).exclude(url="").values_list("incident_id", "url")
    ):
        urls.setdefault(pk, set()).add(url)
    return {
        r.pk: State(
            r.status,
            r.has_category,
            r.region_id is not None,
            r.has_source,
            frozenset(urls.get(r.pk, ())),
        )
        for r in rows.only("id", "status", "region_id")
    }


def _others(urls: set[str], ids: list[int]) -> dict[str, int]:
    if not urls:
        return {}
    rows = (
        Source.objects.filter(url__in=urls)
        .exclude(incident_id__in=ids)
        .exclude(incident__status=Status.REJECTED)
        .values("url")
        .annotate(n=Count("incident", distinct=True))
        .values_list("url", "n")
    )
    return dict(rows)


def add(delta: Counter[str]) -> None:
    for key, n in delta.items():
        if n:
            QueueCount.objects.filter(key=key).update(n=F("n") + n)


@contextmanager
def tracking(ids: Iterable[int] = ()) -> Iterator[list[int]]:
    """Around a write to the incidents `ids` (append to the yielded list the ids of incidents the
    write creates): the counts move by what the write changed. Inside the caller's transaction."""
    touched = list(ids)
    before = states(touched)
    yield touched
    after = states(touched)
    delta = tally(after.values())
    delta.subtract(tally(before.values()))
    urls = {u for s in (*before.values(), *after.values()) for u in s.urls}
    delta["shared_urls"] = shared_delta(_others(urls, touched), before.values(), after.values())
    add(delta)


def direct() -> dict[str, int]:
    """Every count from the data itself (reads every open incident and every source URL)."""
    found = (
        Incident.objects.filter(status__in=OPEN)
        .annotate(
            has_category=Exists(IncidentCategory.objects.filter(incident=OuterRef("pk"))),
            has_source=Exists(Source.objects.filter(incident=OuterRef("pk"))),
        )
        .aggregate(
            draft=Count("id", filter=Q(status=Status.DRAFT)),
            under_review=Count("id", filter=Q(status=Status.UNDER_REVIEW)),
            verified=Count("id", filter=Q(status=Status.VERIFIED)),
            missing=Count(
                "id", filter=Q(has_category=False) | Q(region__isnull=True) | Q(has_source=False)
            ),
        )
    )
    found["shared_urls"] = (
        Source.objects.exclude(url="")
        .exclude(incident__status=Status.REJECTED)
        .values("url")
        .annotate(n=Count("incident", distinct=True))
        .filter(n__gt=1)
        .count()
    )
    return {k: int(found.get(k) or 0) for k in KEYS}


@transaction.atomic
def rebuild() -> dict[str, int]:
    counts = direct()
    QueueCount.objects.all().delete()
    QueueCount.objects.bulk_create(QueueCount(key=k, n=n) for k, n in counts.items())
    return counts


def current() -> dict[str, int]:
    """The kept counts (one query); built from the data the first time."""
    found = dict(QueueCount.objects.values_list("key", "n"))
    if set(KEYS) - set(found):
        return rebuild()
    return {k: int(found[k]) for k in KEYS}
