"""Triage writes that touch incidents: a draft incident from items, attaching items to one.

Both go through the incident actions (so the incident's own audit event and, for attach, its
optimistic-concurrency version apply) and then through `news.actions.decide` for every item, so
each item gets its audit event and its TriageDecision training label — all in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from speechwatch.audit.record import Who
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    create_incident,
    update_incident,
)
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident
from speechwatch.lib.urls import is_safe_url
from speechwatch.news.actions import NewsError, decide
from speechwatch.news.models import NewsItem, TriageState

SUMMARY_CHARS = 600
MANUAL_PATH = "manual:"  # the url_or_path of actions.manual_source()


def outlet_name(item: NewsItem) -> str:
    """The outlet to cite: the source's outlet actor, else the source's name (not for items
    pasted by hand, whose "source" is only a bucket)."""
    source = item.source
    if source.outlet_id and source.outlet is not None:
        return str(source.outlet.name)
    return "" if source.url_or_path == MANUAL_PATH else source.name


def source_input(item: NewsItem) -> SourceInput:
    url = item.url if is_safe_url(item.url) and len(item.url) <= 1000 else ""
    return SourceInput(
        kind="url" if url else "outlet",
        url=url,
        outlet=outlet_name(item)[:300],
        title=item.title[:500],
        published_on=timezone.localdate(item.published_at) if item.published_at else None,
    )


def _items(item_ids: Sequence[int]) -> list[NewsItem]:
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise NewsError("items: choose at least one item")
    items = list(
        NewsItem.objects.select_for_update(of=("self",))
        .select_related("source__outlet")
        .filter(pk__in=ids)
        .order_by("published_at", "id")
    )
    if len(items) != len(ids):
        raise NewsError("items: some of the chosen items no longer exist")
    return items


@transaction.atomic
def create_incident_from_items(who: Who, item_ids: Sequence[int]) -> Incident:
    """A draft incident, recorded today, whose sources are the items' URLs and outlets."""
    items = _items(item_ids)
    first = items[0]
    lang = first.lang if first.lang in ("en", "ru", "kk") else "ru"
    summary = first.text.strip()
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    data = IncidentInput(
        recorded_on=timezone.localdate(),
        title={lang: (first.title or first.url or "—")[:500]},
        summary={lang: summary} if summary else {},
        sources=[source_input(item) for item in items],
        internal_notes="Created from the news inbox.",
    )
    incident = create_incident(data, who=who)
    for item in items:
        decide(who, item, TriageState.INCIDENT, incident_id=incident.pk)
    return incident


@transaction.atomic
def attach_items(
    who: Who, item_ids: Sequence[int], incident: Incident, *, expected_version: int | None
) -> Incident:
    """Add the items as sources of an existing incident. A form read at an older version of the
    incident raises StaleEdit (nothing written); sources it already cites are not repeated."""
    items = _items(item_ids)
    data = incident_input(incident)
    have = {(s.url, s.outlet) for s in data.sources}
    added = [s for s in map(source_input, items) if (s.url, s.outlet) not in have]
    data.sources = [*data.sources, *added]
    incident = update_incident(incident, data, who=who, expected_version=expected_version)
    for item in items:
        decide(who, item, TriageState.ATTACHED, incident_id=incident.pk)
    return incident
