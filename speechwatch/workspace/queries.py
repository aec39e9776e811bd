"""Reads for the staff workspace: the review queue, incident pages, history, cases.

Every list is a keyset page (no OFFSET) and costs a fixed number of queries, whatever its size:
rows, then one query each for categories, assignments and locks of the rows on the page.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.actors.queries import DuplicatePair, duplicate_actors
from speechwatch.audit.models import AuditEvent
from speechwatch.cases.models import Case, CaseIncident
from speechwatch.incidents import queuecounts
from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.inputs import incident_input as incident_input  # moved, re-exported
from speechwatch.incidents.models import (
    Incident,
    IncidentCategory,
    QueueSharedUrl,
    Source,
    Status,
)
from speechwatch.incidents.queries import decode_cursor, encode_cursor
from speechwatch.staff.models import Assignment
from speechwatch.workspace.models import EditLock

PAGE_SIZE = 50
SHARED_URL_LIMIT = 100
OPEN_STATUSES = (Status.DRAFT, Status.UNDER_REVIEW, Status.VERIFIED)


# --- the review queue ------------------------------------------------------------------------

TABS = ("submissions", "draft", "under_review", "verified", "missing", "duplicates")


def _with_readiness(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    # A scalar subquery, not EXISTS: PostgreSQL may plan an EXISTS in the select list as a hash
    # of every source (10 ms and up at 1M) for a page of 50. Categories come with the page.
    first = Source.objects.filter(incident=OuterRef("pk")).order_by().values("id")[:1]
    return qs.annotate(first_source_id=Subquery(first))


MISSING = (
    ~Exists(IncidentCategory.objects.filter(incident=OuterRef("pk")))
    | Q(region__isnull=True)
    | ~Exists(Source.objects.filter(incident=OuterRef("pk")))
)


def queue_counts() -> dict[str, int]:
    """Counts for every queue tab: the incident counts are kept by the actions (one query,
    incidents/queuecounts.py); actor pairs are cached under the actors' own fingerprint."""
    from speechwatch.intake.queries import open_submissions

    kept = queuecounts.current()
    counts = {k: kept[k] for k in ("draft", "under_review", "verified", "missing")}
    counts["submissions"] = open_submissions().count()
    # The tab lists at most SHARED_URL_LIMIT groups, so its count stops there too.
    counts["duplicates"] = min(kept["shared_urls"], SHARED_URL_LIMIT) + len(duplicate_actor_pairs())
    return counts


def tab_incidents(tab: str) -> QuerySet[Incident]:
    qs = _with_readiness(Incident.objects.all())
    if tab == "missing":
        # Walked in the kept members' order (QueueMissing, see tab_order) instead of checking
        # every open incident; each listed one is still checked, so a stale member never shows.
        # Open = not closed: an IN would tempt SQLite into the status index and a sort.
        open_ = ~Q(status__in=[Status.PUBLISHED, Status.REJECTED])
        return qs.filter(open_, queue_missing__isnull=False).filter(MISSING)
    if tab in ("draft", "under_review", "verified"):
        return qs.filter(status=tab)
    return qs


def tab_order(tab: str) -> tuple[str, str]:
    """The (date, id) fields a tab's list is ordered and paged by: the same values, but the
    "missing" tab reads them from its kept members' index, stopping at the page size."""
    if tab == "missing":
        return ("queue_missing__recorded_on", "queue_missing__incident_id")
    return ("recorded_on", "id")


@dataclass
class Row:
    incident: Incident
    categories: list[str]
    assignee: str = ""
    locked_by: str = ""
    missing: list[str] = field(default_factory=list)


@dataclass
class IncidentPage:
    rows: list[Row]
    next_cursor: str | None


def work_items(object_type: str, ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(assignee, lock holder) usernames by object id, two queries for a whole page."""
    now = timezone.now()
    assignees = dict(
        Assignment.objects.filter(object_type=object_type, object_id__in=ids).values_list(
            "object_id", "user__username"
        )
    )
    locks = dict(
        EditLock.objects.filter(
            object_type=object_type, object_id__in=ids, expires_at__gt=now
        ).values_list("object_id", "user__username")
    )
    return assignees, locks


def incident_page(
    qs: QuerySet[Incident],
    filters: IncidentFilters,
    cursor: str | None,
    *,
    assigned: str = "",
    user_id: int | None = None,
    limit: int = PAGE_SIZE,
    order: tuple[str, str] = ("recorded_on", "id"),
) -> IncidentPage:
    """Newest first (recorded_on, id: `order` names the fields holding them, tab_order),
    keyset-paginated; five queries per page."""
    qs = filters.apply(qs, public=False)
    if assigned == "me" and user_id is not None:
        mine = Assignment.objects.filter(object_type="incident", user_id=user_id)
        qs = qs.filter(external_id__in=mine.values("object_id"))
    elif assigned == "none":
        qs = qs.exclude(
            external_id__in=Assignment.objects.filter(object_type="incident").values("object_id")
        )
    if "first_source_id" not in qs.query.annotations:
        qs = _with_readiness(qs)
    day_field, id_field = order
    qs = qs.order_by(f"-{day_field}", f"-{id_field}")
    if cursor:
        day, pk = decode_cursor(cursor)
        # The redundant `recorded_on <= day` gives the planner an index range to start from;
        # the OR alone makes SQLite walk the (recorded_on, id) index from the newest row.
        qs = qs.filter(
            Q(**{f"{day_field}__lt": day}) | Q(**{day_field: day, f"{id_field}__lt": pk}),
            **{f"{day_field}__lte": day},
        )
    incidents = list(
        qs.select_related("region").prefetch_related(
            Prefetch(
                "category_links",
                queryset=IncidentCategory.objects.select_related("category").order_by(
                    "-is_primary", "id"
                ),
            )
        )[: limit + 1]
    )
    more = len(incidents) > limit
    incidents = incidents[:limit]
    assignees, locks = work_items("incident", [i.external_id for i in incidents])
    rows = []
    for incident in incidents:
        categories = [link.category.code for link in incident.category_links.all()]
        missing = [
            name
            for name, ok in (
                ("category", bool(categories)),
                ("region", incident.region_id is not None),
                ("source", incident.first_source_id is not None),  # type: ignore[attr-defined]
            )
            if not ok
        ]
        rows.append(
            Row(
                incident=incident,
                categories=categories,
                assignee=assignees.get(incident.external_id, ""),
                locked_by=locks.get(incident.external_id, ""),
                missing=missing,
            )
        )
    last = incidents[-1] if incidents else None
    next_cursor = encode_cursor(last.recorded_on, last.pk) if more and last else None
    return IncidentPage(rows, next_cursor)


# --- suspected duplicates --------------------------------------------------------------------


@dataclass
class SharedUrl:
    url: str
    incidents: list[Incident]


def shared_source_urls(limit: int = SHARED_URL_LIMIT) -> list[SharedUrl]:
    """Source URLs cited by more than one live incident: probably the same event twice, most
    cited first. The shared URLs are kept by the actions (QueueSharedUrl, incidents/
    queuecounts.py); their incidents are read through the (url, incident) index."""
    found = _shared_url_ids(limit)
    incidents = Incident.objects.in_bulk([pk for _, pks in found for pk in pks])
    return [SharedUrl(url, [incidents[pk] for pk in pks if pk in incidents]) for url, pks in found]


def _shared_url_ids(limit: int) -> list[tuple[str, list[int]]]:
    queuecounts.current()  # builds the kept lists the first time
    live = Source.objects.exclude(url="").exclude(incident__status=Status.REJECTED)
    urls = list(QueueSharedUrl.objects.order_by("-n", "url").values_list("url", flat=True)[:limit])
    by_url: dict[str, list[int]] = defaultdict(list)
    for url, pk in (
        live.filter(url__in=urls).order_by("incident_id").values_list("url", "incident_id")
    ):
        if pk not in by_url[url]:
            by_url[url].append(pk)
    return [(url, by_url[url]) for url in urls]


def _actor_fingerprint() -> str:
    """Changes whenever an actor is added, removed or edited: its count, largest id, latest
    `updated_at` (auto_now; the importer sets it too) and latest audit event about an actor.
    Other writes leave it alone: comparing every name with every other is
    the dearest part of the queue counts, and a status change cannot alter it."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(id), MAX(updated_at), (SELECT MAX(id) FROM "
            f"{qn(AuditEvent._meta.db_table)} WHERE object_type = 'actor') "
            f"FROM {qn(Actor._meta.db_table)}"
        )
        row = cursor.fetchone()
    return ":".join(map(str, row or ()))


def duplicate_actor_pairs() -> list[DuplicatePair]:
    """Actor pairs that are probably the same (every name against every name: cached under the
    actors' own fingerprint)."""
    digest = hashlib.sha256(_actor_fingerprint().encode()).hexdigest()[:32]
    key = f"speechwatch-queue-actor-pairs-{digest}"
    found: list[DuplicatePair] | None = cache.get(key)
    if found is None:
        found = duplicate_actors()
        cache.set(key, found, timeout=24 * 3600)
    return found


# --- history ---------------------------------------------------------------------------------


@dataclass
class Change:
    key: str
    before: Any
    after: Any


@dataclass
class HistoryEntry:
    event: AuditEvent
    changes: list[Change]


def history(object_type: str, object_id: str, limit: int = 500) -> list[HistoryEntry]:
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by(
        "-at", "-id"
    )[:limit]
    out = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        out.append(HistoryEntry(event, [Change(k, before.get(k), after.get(k)) for k in keys]))
    return out


# --- cases -----------------------------------------------------------------------------------


def recent_since() -> datetime:
    return timezone.now() - timedelta(days=settings.RECENT_DAYS)


def cases_list(*, recent_only: bool = False, limit: int = 500) -> list[Case]:
    """Cases with `last_activity` (latest audit event) and `is_recent`, most active first."""
    last = (
        AuditEvent.objects.filter(object_type="case", object_id=OuterRef("external_id"))
        .order_by()
        .values("object_id")
        .annotate(m=Max("at"))
        .values("m")
    )
    qs = Case.objects.annotate(
        last_activity=Subquery(last), n_incidents=Count("incident_links", distinct=True)
    )
    since = recent_since()
    if recent_only:
        qs = qs.filter(Q(last_activity__gte=since) | Q(updated_at__gte=since))
    cases: list[Case] = list(qs.order_by("-opened_on", "-id")[:limit])
    for case in cases:
        latest = max(
            (t for t in (case.last_activity, case.updated_at) if t is not None),  # type: ignore[attr-defined]
            default=None,
        )
        case.latest = latest  # type: ignore[attr-defined]
        case.is_recent = latest is not None and latest >= since  # type: ignore[attr-defined]
    return cases


@dataclass
class TimelineItem:
    on: date
    kind: str  # "stage" | "incident"
    stage: Any = None
    incident: Incident | None = None


@dataclass
class MonthGroup:
    month: str
    items: list[TimelineItem]


def case_timeline(case: Case) -> list[MonthGroup]:
    """Stages and linked incidents in date order, grouped by month."""
    items = [TimelineItem(s.date, "stage", stage=s) for s in case.stages.all()]
    links = CaseIncident.objects.filter(case=case).select_related("incident", "incident__region")
    items += [
        TimelineItem(link.incident.recorded_on, "incident", incident=link.incident)
        for link in links
    ]
    items.sort(key=lambda i: (i.on, i.kind != "incident"))
    groups: list[MonthGroup] = []
    for item in items:
        month = f"{item.on:%Y-%m}"
        if not groups or groups[-1].month != month:
            groups.append(MonthGroup(month, []))
        groups[-1].items.append(item)
    return groups
