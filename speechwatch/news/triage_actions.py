"""Triage writes that touch incidents: a draft incident from items, attaching items to one.

Both go through the incident actions (so the incident's own audit event and, for attach, its
optimistic-concurrency version apply) and then through `news.actions.decide` for every item, so
each item gets its audit event and its TriageDecision training label — all in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    create_incident,
    update_incident,
)
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident
from speechwatch.lib.legal import parse_legal_ref
from speechwatch.lib.urls import is_safe_url
from speechwatch.news.actions import NewsError, decide
from speechwatch.news.models import NewsItem, TriageDecision, TriageState
from speechwatch.news.triage_store import stored_triage, suggestions_of
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy
from speechwatch.triage.types import Triage

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
    triages = {item.pk: stored_triage(item) for item in items}
    fill = draft_fill([t for t in triages.values() if t is not None])
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
        **fill,
    )
    incident = create_incident(data, who=who)
    filled = {
        "codes": list(fill.get("categories", [])),
        "region": fill.get("region") or None,
        "date": _date_text(fill.get("occurred_on"), fill.get("occurred_precision", "")),
    }
    for item in items:
        t = triages[item.pk]
        # what was suggested and filled in; corrections appear when the monitor edits it
        suggestions = suggestions_of(t) | filled if t is not None else {}
        decide(who, item, TriageState.INCIDENT, incident_id=incident.pk, suggestions=suggestions)
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
    actual = incident_values(incident)
    for item in items:
        suggestions = suggestions_of(stored_triage(item))
        decide(
            who, item, TriageState.ATTACHED, incident_id=incident.pk,
            suggestions=suggestions, corrections=differences(suggestions, actual),
        )  # fmt: skip
    return incident


# --- suggestions → the draft; the monitor's incident → corrections (training labels) --------

CODE_MIN = 0.3  # a suggested code goes into the draft from this score up (the main one always)


def _date_text(day: date | None, precision: str) -> str | None:
    if day is None or precision == "unknown":
        return None
    return day.strftime("%Y-%m") if precision == "month" else day.isoformat()


def draft_fill(triages: Sequence[Triage]) -> dict[str, Any]:
    """IncidentInput fields from the best-scored item's suggestions (legal references and
    matched actors from every item); only values the database accepts are filled in."""
    if not triages:
        return {}
    best = max(triages, key=lambda t: t.score)
    out: dict[str, Any] = {}
    known = set(Category.objects.filter(taxonomy=default_taxonomy()).values_list("code", flat=True))
    codes = [c.code for i, c in enumerate(best.codes[:3]) if i == 0 or c.score >= CODE_MIN]
    out["categories"] = [c for c in codes if c in known]
    if best.region and Region.objects.filter(code=best.region).exists():
        out["region"] = best.region
        out["settlement"] = best.settlement[:200]
    if best.date:
        try:
            if len(best.date) == 10:
                out["occurred_on"], out["occurred_precision"] = date.fromisoformat(best.date), "day"
            else:
                out["occurred_on"] = date.fromisoformat(best.date + "-01")
                out["occurred_precision"] = "month"
        except ValueError:
            pass
    refs: list[str] = []
    for t in triages:
        for ref in t.legal_refs:
            try:
                parse_legal_ref(ref)
            except ValueError:
                continue
            refs.append(ref)
    out["legal_refs"] = list(dict.fromkeys(refs))
    ids = {a.actor_id: a.type for t in triages for a in t.actors if a.actor_id}
    actors = dict(Actor.objects.filter(pk__in=ids).values_list("pk", "external_id"))
    out["victims"] = [actors[i] for i, kind in ids.items() if i in actors and kind != "state_body"]
    out["perpetrators"] = [
        actors[i] for i, kind in ids.items() if i in actors and kind == "state_body"
    ]
    return out


def incident_values(incident: Incident) -> dict[str, Any]:
    codes = [
        link.category.code
        for link in incident.category_links.select_related("category").order_by("-is_primary", "id")
    ]
    region = incident.region.code if incident.region_id and incident.region else None
    return {
        "codes": codes,
        "region": region,
        "date": _date_text(incident.occurred_on, incident.occurred_precision),
    }


def differences(suggestions: dict[str, Any], actual: dict[str, Any]) -> dict[str, Any]:
    """The monitor's values where they differ from the suggestions (codes compare as the
    main code plus the set)."""
    if not suggestions:
        return {}
    out = {}
    for key in ("codes", "region", "date"):
        want, have = suggestions.get(key), actual.get(key)
        if key == "codes":
            want, have = list(want or []), list(have or [])
            same = (want[:1] == have[:1] and set(want) == set(have)) if want or have else True
        else:
            same = (want or None) == (have or None)
        if not same:
            out[key] = have
    return out


def record_corrections(incident_id: int) -> int:
    """Bring the corrections of the decisions that led to this incident up to date with the
    incident as it now stands (the monitor's edits become training labels)."""
    incident = Incident.objects.filter(pk=incident_id).select_related("region").first()
    if incident is None:
        return 0
    actual = incident_values(incident)
    changed = 0
    for row in TriageDecision.objects.filter(incident_id=incident_id).exclude(suggestions={}):
        corrections = differences(row.suggestions, actual)
        if corrections != row.corrections:
            TriageDecision.objects.filter(pk=row.pk).update(corrections=corrections)
            changed += 1
    return changed


def connect_corrections() -> None:
    """After any incident save commits, refresh the corrections of its triage decisions."""
    from django.db.models.signals import post_save

    def on_save(sender: Any, instance: Incident, **kwargs: Any) -> None:
        pk = instance.pk
        transaction.on_commit(lambda: record_corrections(pk))

    post_save.connect(on_save, sender=Incident, dispatch_uid="news-triage-corrections", weak=False)
