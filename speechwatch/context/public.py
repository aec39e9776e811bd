"""Public reads of the context: published events and the legislation tracker.

Only published rows, never ``internal_notes``. Texts are kept per language (``{"en": …}``) so
each reader (portal, feeds, API) chooses its language and fallback. The dataclasses are stable:
the API serialises them as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from speechwatch.context.models import ContextEvent, LegislativeItem, LegislativeStage

LANGS = ("en", "ru", "kk")


def _texts(obj: object, name: str) -> dict[str, str]:
    return {lang: v for lang in LANGS if (v := str(getattr(obj, f"{name}_{lang}", "") or ""))}


@dataclass(frozen=True)
class PublicEvent:
    """A context event: a statement, an emergency, a parliamentary or court event."""

    external_id: str
    date: date
    kind: str  # interchange.schema.EVENT_KINDS
    title: dict[str, str]
    text: dict[str, str]
    region: str  # region code, "" for the whole country
    source_urls: tuple[str, ...]


@dataclass(frozen=True)
class EventFilters:
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    region: str = ""


def public_events(
    filters: EventFilters | None = None, limit: int | None = None
) -> list[PublicEvent]:
    """Published events, newest first."""
    f = filters or EventFilters()
    qs = ContextEvent.objects.filter(published=True).select_related("region")
    if f.date_from:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(date__lte=f.date_to)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.region:
        qs = qs.filter(region__code=f.region)
    qs = qs.order_by("-date", "-id")
    rows = qs[:limit] if limit is not None else qs
    return [
        PublicEvent(
            external_id=e.external_id,
            date=e.date,
            kind=e.kind,
            title=_texts(e, "title"),
            text=_texts(e, "text"),
            region=e.region.code if e.region else "",
            source_urls=tuple(e.source_urls or ()),
        )
        for e in rows
    ]


@dataclass(frozen=True)
class PublicLegislativeStage:
    stage: str  # context.models.LegislativeStageKind value
    date: date
    note: dict[str, str]


@dataclass(frozen=True)
class PublicLegislation:
    """A bill, law or concept and its dated stages (oldest first)."""

    external_id: str
    kind: str  # interchange.schema.LEGISLATION_KINDS
    title: dict[str, str]
    summary: dict[str, str]
    stages: tuple[PublicLegislativeStage, ...]

    @property
    def current_stage(self) -> str:
        return self.stages[-1].stage if self.stages else ""

    @property
    def last_change(self) -> date | None:
        return self.stages[-1].date if self.stages else None


@dataclass(frozen=True)
class LegislationFilters:
    kind: str = ""
    stage: str = ""  # the item's current (latest) stage


def public_legislation(filters: LegislationFilters | None = None) -> list[PublicLegislation]:
    """Published legislative items, the most recently moved first."""
    f = filters or LegislationFilters()
    qs = LegislativeItem.objects.filter(published=True)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    items = list(qs.order_by("id"))
    stages: dict[int, list[PublicLegislativeStage]] = defaultdict(list)
    for s in LegislativeStage.objects.filter(item_id__in=[i.pk for i in items]).order_by(
        "date", "id"
    ):
        stages[s.item_id].append(PublicLegislativeStage(s.stage, s.date, _texts(s, "note")))
    out = [
        PublicLegislation(
            external_id=i.external_id,
            kind=i.kind,
            title=_texts(i, "title"),
            summary=_texts(i, "summary"),
            stages=tuple(stages.get(i.pk, ())),
        )
        for i in items
    ]
    if f.stage:
        out = [item for item in out if item.current_stage == f.stage]
    out.sort(key=lambda item: (item.last_change or date.min, item.external_id), reverse=True)
    return out


def public_legislative_item(code: str) -> PublicLegislation | None:
    """One published legislative item by its external id, or None."""
    found = [i for i in public_legislation() if i.external_id == code]
    return found[0] if found else None
