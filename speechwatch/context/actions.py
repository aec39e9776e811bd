"""All writes to context events and legislative items."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction

from speechwatch.audit.record import Who, record
from speechwatch.context.models import ContextEvent, LegislativeItem, LegislativeStage
from speechwatch.incidents.models import LANGS


@transaction.atomic
def create_event(
    *,
    on: date,
    title: dict[str, str],
    text: dict[str, str],
    kind: str = "",
    external_id: str = "",
    published: bool = False,
    who: Who,
) -> ContextEvent:
    event = ContextEvent(
        external_id=external_id or f"event-{uuid.uuid4().hex[:12]}",
        date=on,
        kind=kind,
        published=published,
    )
    for lang in LANGS:
        setattr(event, f"title_{lang}", title.get(lang, ""))
        setattr(event, f"text_{lang}", text.get(lang, ""))
    event.save()
    record(who, "event.create", "event", event.external_id, after={"date": on.isoformat()})
    return event


@transaction.atomic
def create_legislative_item(
    *,
    kind: str,
    title: dict[str, str],
    summary: dict[str, str] | None = None,
    external_id: str = "",
    published: bool = False,
    who: Who,
) -> LegislativeItem:
    item = LegislativeItem(
        external_id=external_id or f"law-{uuid.uuid4().hex[:12]}", kind=kind, published=published
    )
    for lang in LANGS:
        setattr(item, f"title_{lang}", title.get(lang, ""))
        setattr(item, f"summary_{lang}", (summary or {}).get(lang, ""))
    item.save()
    record(who, "legislation.create", "legislation", item.external_id, after={"title": title})
    return item


@transaction.atomic
def add_legislative_stage(
    item: LegislativeItem, *, stage: str, on: date, note: dict[str, str] | None = None, who: Who
) -> LegislativeStage:
    row = LegislativeStage(item=item, stage=stage, date=on)
    for lang in LANGS:
        setattr(row, f"note_{lang}", (note or {}).get(lang, ""))
    row.full_clean()
    row.save()
    record(
        who,
        "legislation.add_stage",
        "legislation",
        item.external_id,
        after={"stage": stage, "date": on.isoformat()},
    )
    return row
