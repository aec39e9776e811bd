"""The review queue's counts, kept up to date by the writers instead of counted on every view.

Counting open incidents per status, those missing a category, region or source, and source URLs
shared by several live incidents reads every open incident and every source: seconds at a million
incidents. So the counts live in a small table (`QueueCount`). Each incident action wraps its write
in `tracking(ids)`, which reads the touched incidents' state before and after (primary-key
lookups) and adds the difference in the same transaction. The importer does the same per batch,
except for a load in bulk, which it follows with `rebuild()`, as does `manage.py queue_counts
--rebuild` (for any other bulk change made outside the actions).

Two tab lists are kept the same way, because finding their members means the same full read:
`QueueMissing` (the open incidents missing a category, region or source) and `QueueSharedUrl`
(every URL shared by live incidents, with how many cite it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from speechwatch.incidents.models import (
    Incident,
    IncidentCategory,
    QueueCount,
    QueueMissing,
    QueueSharedUrl,
    Source,
    Status,
)

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
    recorded_on: date | None = None  # the "missing" list's order


def is_missing(s: State) -> bool:
    """Listed on the "missing" tab: open and without a category, region or source."""
    return s.status in OPEN and not (s.has_category and s.has_region and s.has_source)


def tally(states: Iterable[State]) -> Counter[str]:
    """Per-status and "missing" counts of some incidents (pure)."""
    counts: Counter[str] = Counter()
    for s in states:
        if s.status in OPEN:
            counts[s.status] += 1
            if is_missing(s):
                counts["missing"] += 1
    return counts


def _citing(states: Iterable[State]) -> Counter[str]:
    """Per URL, how many of these incidents are live and cite it."""
    held: Counter[str] = Counter()
    for s in states:
        if s.status != Status.REJECTED:
            held.update(s.urls)
    return held


def citers(others: dict[str, int], urls: Iterable[str], after: Iterable[State]) -> dict[str, int]:
    """Live incidents citing each of `urls` after a write (`others`: as for shared_delta; pure)."""
    now = _citing(after)
    return {u: others.get(u, 0) + now[u] for u in urls}


def shared_delta(others: dict[str, int], before: Iterable[State], after: Iterable[State]) -> int:
    """How many more URLs are shared (cited by > 1 live incident) after a write than before.

    `others` holds, per URL the write touched, the live incidents citing it that the write did not
    touch; `before`/`after` are the touched incidents' states (pure)."""
    was, now = _citing(before), _citing(after)
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
            r.recorded_on,
        )
        for r in rows.only("id", "status", "region_id", "recorded_on")
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
    others = _others(urls, touched)
    delta["shared_urls"] = shared_delta(others, before.values(), after.values())
    add(delta)
    _keep_missing(touched, after)
    _keep_shared(citers(others, urls, after.values()))


def _keep_missing(ids: list[int], after: dict[int, State]) -> None:
    QueueMissing.objects.filter(incident_id__in=ids).delete()
    QueueMissing.objects.bulk_create(
        QueueMissing(incident_id=pk, recorded_on=s.recorded_on)
        for pk, s in after.items()
        if is_missing(s) and s.recorded_on is not None  # read from the row: always set
    )


def _keep_shared(cited: dict[str, int]) -> None:
    if not cited:
        return
    QueueSharedUrl.objects.filter(url__in=list(cited)).delete()
    QueueSharedUrl.objects.bulk_create(
        QueueSharedUrl(url=u, n=n) for u, n in cited.items() if n > 1
    )


def missing_incidents() -> QuerySet[Incident]:
    """The open incidents missing a category, region or source, from the data itself."""
    return (
        Incident.objects.filter(status__in=OPEN)
        .annotate(
            has_category=Exists(IncidentCategory.objects.filter(incident=OuterRef("pk"))),
            has_source=Exists(Source.objects.filter(incident=OuterRef("pk"))),
        )
        .filter(Q(has_category=False) | Q(region__isnull=True) | Q(has_source=False))
    )


def shared_urls() -> dict[str, int]:
    """URL → live incidents citing it, for every URL cited by more than one (from the data)."""
    rows = (
        Source.objects.exclude(url="")
        .exclude(incident__status=Status.REJECTED)
        .values("url")
        .annotate(n=Count("incident", distinct=True))
        .filter(n__gt=1)
        .values_list("url", "n")
    )
    return dict(rows)


def direct() -> dict[str, int]:
    """Every count from the data itself (reads every open incident and every source URL)."""
    return _counts(list(missing_incidents().values_list("id", "recorded_on")), shared_urls())


def _counts(missing: list[tuple[int, date]], shared: dict[str, int]) -> dict[str, int]:
    found = dict(
        Incident.objects.filter(status__in=OPEN)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    found.update(missing=len(missing), shared_urls=len(shared))
    return {k: int(found.get(k) or 0) for k in KEYS}


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Counts and kept lists from the data (after a bulk write that went past the actions)."""
    missing = list(missing_incidents().values_list("id", "recorded_on"))
    shared = shared_urls()
    counts = _counts(missing, shared)
    QueueCount.objects.all().delete()
    QueueCount.objects.bulk_create(QueueCount(key=k, n=n) for k, n in counts.items())
    QueueMissing.objects.all().delete()
    QueueMissing.objects.bulk_create(
        (QueueMissing(incident_id=pk, recorded_on=day) for pk, day in missing), 5000
    )
    with connection.cursor() as cursor:
        # Row counts for the planners: with the kept members counted, the "missing" tab walks
        # them (an unanalyzed table looks as large as the incidents, and SQLite then filters
        # every incident through a Bloom filter first).
        cursor.execute(f"ANALYZE {QueueMissing._meta.db_table}")
    QueueSharedUrl.objects.all().delete()
    QueueSharedUrl.objects.bulk_create(
        (QueueSharedUrl(url=u, n=n) for u, n in shared.items()), 2000
    )
    return counts


def is_built() -> bool:
    """Whether the kept counts stand (a database never counted gets them from a rebuild)."""
    return QueueCount.objects.filter(key__in=KEYS).count() == len(KEYS)


def current() -> dict[str, int]:
    """The kept counts (one query); built from the data the first time."""
    found = dict(QueueCount.objects.values_list("key", "n"))
    if set(KEYS) - set(found):
        return rebuild()
    return {k: int(found[k]) for k in KEYS}
