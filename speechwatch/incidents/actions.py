"""All writes to incidents. Each action is atomic and records an audit event."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who, changed_fields, record
from speechwatch.incidents.models import (
    LANGS,
    Incident,
    IncidentActor,
    IncidentCategory,
    IncidentTag,
    LegalReference,
    Source,
)
from speechwatch.incidents.monthtally import tallying
from speechwatch.incidents.queuecounts import tracking
from speechwatch.incidents.search import incident_search_text
from speechwatch.incidents.versioning import claim_version
from speechwatch.incidents.workflow import Readiness, check_transition
from speechwatch.lib.legal import parse_legal_ref
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy


@dataclass
class SourceInput:
    kind: str
    url: str = ""
    outlet: str = ""
    title: str = ""
    published_on: date | None = None
    confidential: bool = False
    correspondent: str = ""


@dataclass
class IncidentInput:
    recorded_on: date
    title: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    occurred_on: date | None = None
    occurred_precision: str = "unknown"
    region: str = ""  # region code
    settlement: str = ""
    categories: Sequence[str] = ()  # taxonomy codes; the first is primary
    victims: Sequence[str] = ()  # actor external ids
    perpetrators: Sequence[str] = ()
    legal_refs: Sequence[str] = ()  # any accepted form; stored normalised
    sources: Sequence[SourceInput] = ()
    tags: Sequence[str] = ()
    internal_notes: str = ""
    external_id: str = ""
    taxonomy: str = ""  # default taxonomy when empty
    is_demo: bool = False


def snapshot(incident: Incident) -> dict[str, Any]:
    """The incident as plain values, for audit diffs."""
    return {
        "external_id": incident.external_id,
        "recorded_on": incident.recorded_on.isoformat() if incident.recorded_on else None,
        "occurred_on": incident.occurred_on.isoformat() if incident.occurred_on else None,
        "occurred_precision": incident.occurred_precision,
        **{f"title_{lang}": incident.text("title", lang) for lang in LANGS},
        **{f"summary_{lang}": incident.text("summary", lang) for lang in LANGS},
        "region": incident.region.code if incident.region_id and incident.region else "",
        "settlement": incident.settlement,
        "status": incident.status,
        "categories": [link.category.code for link in incident.category_links.order_by("id")]
        if incident.pk
        else [],
        "legal_refs": [str(r) for r in incident.legal_refs.all()] if incident.pk else [],
        "tags": [t.tag for t in incident.tags.all()] if incident.pk else [],
    }


def input_fields(data: IncidentInput) -> dict[str, Any]:
    """An incident input as editor field → value, for the conflict page's side-by-side view."""
    return {
        "recorded_on": data.recorded_on,
        "occurred_on": data.occurred_on,
        "occurred_precision": data.occurred_precision if data.occurred_on else "unknown",
        **{f"title_{lang}": data.title.get(lang, "") for lang in LANGS},
        **{f"summary_{lang}": data.summary.get(lang, "") for lang in LANGS},
        "region": data.region,
        "settlement": data.settlement,
        "categories": list(data.categories),
        "victims": list(data.victims),
        "perpetrators": list(data.perpetrators),
        "legal_refs": list(data.legal_refs),
        "sources": [
            " · ".join(filter(None, [s.kind, s.url, s.outlet, s.title, s.correspondent]))
            for s in data.sources
        ],
        "tags": list(data.tags),
        "internal_notes": data.internal_notes,
    }


def _set_links(incident: Incident, data: IncidentInput) -> None:
    taxonomy_code = data.taxonomy or default_taxonomy().code
    categories = {
        c.code: c
        for c in Category.objects.filter(taxonomy__code=taxonomy_code, code__in=data.categories)
    }
    unknown = [code for code in data.categories if code not in categories]
    if unknown:
        raise ValueError(f"categories: unknown code(s) {', '.join(unknown)} in {taxonomy_code}")
    actor_ids = set(data.victims) | set(data.perpetrators)
    actors = {a.external_id: a for a in Actor.objects.filter(external_id__in=actor_ids)}
    missing = sorted(actor_ids - set(actors))
    if missing:
        raise ValueError(f"actors: unknown actor(s) {', '.join(missing)}")

    incident.category_links.all().delete()
    incident.actor_links.all().delete()
    incident.legal_refs.all().delete()
    incident.sources.all().delete()
    incident.tags.all().delete()
    IncidentCategory.objects.bulk_create(
        IncidentCategory(incident=incident, category=categories[code], is_primary=i == 0)
        for i, code in enumerate(dict.fromkeys(data.categories))
    )
    IncidentActor.objects.bulk_create(
        [
            IncidentActor(incident=incident, actor=actors[ext], role=role, position=i)
            for role, ids in (("victim", data.victims), ("perpetrator", data.perpetrators))
            for i, ext in enumerate(dict.fromkeys(ids))
        ]
    )
    refs = list(dict.fromkeys(parse_legal_ref(text) for text in data.legal_refs))
    LegalReference.objects.bulk_create(
        LegalReference(
            incident=incident, code=r.code, article=r.article, part=r.part or "", position=i
        )
        for i, r in enumerate(refs)
    )
    Source.objects.bulk_create(
        Source(
            incident=incident,
            kind=s.kind,
            url=s.url,
            outlet=s.outlet,
            title=s.title,
            published_on=s.published_on,
            confidential=s.confidential,
            correspondent=s.correspondent,
            position=i,
        )
        for i, s in enumerate(data.sources)
    )
    IncidentTag.objects.bulk_create(
        IncidentTag(incident=incident, tag=t) for t in dict.fromkeys(data.tags)
    )


def _apply_fields(incident: Incident, data: IncidentInput) -> None:
    incident.recorded_on = data.recorded_on
    incident.occurred_on = data.occurred_on
    incident.occurred_precision = data.occurred_precision if data.occurred_on else "unknown"
    for lang in LANGS:
        setattr(incident, f"title_{lang}", data.title.get(lang, ""))
        setattr(incident, f"summary_{lang}", data.summary.get(lang, ""))
    incident.region = Region.objects.get(code=data.region) if data.region else None
    incident.settlement = data.settlement
    incident.internal_notes = data.internal_notes
    incident.is_demo = data.is_demo
    incident.search_text = incident_search_text(data.title, data.summary, data.settlement)


@transaction.atomic
def create_incident(data: IncidentInput, *, who: Who) -> Incident:
    incident = Incident(external_id=data.external_id or f"inc-{uuid.uuid4().hex[:12]}")
    _apply_fields(incident, data)
    # The review queue's counts and the reports' month tallies move with the write.
    with tracking() as touched, tallying(touched):
        incident.save()
        touched.append(incident.pk)
        _set_links(incident, data)
    record(who, "incident.create", "incident", incident.external_id, after=snapshot(incident))
    return incident


@transaction.atomic
def update_incident(
    incident: Incident, data: IncidentInput, *, who: Who, expected_version: int | None = None
) -> Incident:
    """Replace the incident's fields and links. With `expected_version` (the version the form
    was read at) a record changed since raises StaleEdit and nothing is written."""
    version = claim_version(
        Incident,
        incident.pk,
        expected_version,
        object_type="incident",
        object_id=incident.external_id,
    )
    # Re-read under the row lock the UPDATE took: the audit diff starts from what is saved.
    incident.refresh_from_db()
    before = snapshot(incident)
    incident.version = version
    data.external_id = incident.external_id
    _apply_fields(incident, data)
    with tracking([incident.pk]) as touched, tallying(touched):
        incident.save()
        _set_links(incident, data)
    old, new = changed_fields(before, snapshot(incident))
    if old or new:
        record(who, "incident.update", "incident", incident.external_id, before=old, after=new)
    return incident


@transaction.atomic
def change_status(
    incident: Incident, target: str, *, who: Who, expected_version: int | None = None
) -> Incident:
    """Move an incident through the workflow (allowed moves: incidents/workflow.py); a page
    read at an older `expected_version` raises StaleEdit."""
    version = claim_version(
        Incident,
        incident.pk,
        expected_version,
        object_type="incident",
        object_id=incident.external_id,
    )
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.version = version
    ready = Readiness(
        has_category=incident.category_links.exists(),
        has_region=incident.region_id is not None,
        has_source=incident.sources.exists(),
    )
    check_transition(incident.status, target, ready)
    before = incident.status
    incident.status = target
    incident.status_changed_at = timezone.now()
    incident.status_changed_by = who.user
    with tracking([incident.pk]) as touched, tallying(touched):
        incident.save(
            update_fields=[
                "status",
                "status_changed_at",
                "status_changed_by",
                "version",
                "updated_at",
            ]
        )
    record(
        who,
        "incident.status",
        "incident",
        incident.external_id,
        before={"status": before},
        after={"status": target},
    )
    return incident


@transaction.atomic
def delete_incident(incident: Incident, *, who: Who) -> None:
    """Remove an incident and everything linked to it (a mistaken entry, a merged duplicate)."""
    before = snapshot(incident)
    with tracking([incident.pk]) as touched, tallying(touched):
        Incident.objects.filter(pk=incident.pk).delete()
    record(who, "incident.delete", "incident", incident.external_id, before=before)
