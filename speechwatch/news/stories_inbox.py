"""The inbox side of triage: the pipeline stage, the story grouper, and what each item shows.

Each suggestion (code, region, date, legal reference, actor) is shown with the phrase that
produced it, marked in an escaped snippet of the item's text (speechwatch/news/highlight.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from speechwatch.news.highlight import highlight, snippet
from speechwatch.news.inbox import Story
from speechwatch.news.models import ItemTriage, NewsItem
from speechwatch.news.triage_store import triage_from_json, triage_items
from speechwatch.triage.types import Evidence, Triage


def triage_stage(item_ids: list[int]) -> None:
    """news.pipeline stage: triage fetched items and store the results."""
    triage_items(item_ids)


def group_by_story(items: Sequence[NewsItem]) -> list[Story]:
    """Items sharing a story key form one group, placed where its first item is (the page is
    sorted by score, so a story ranks by its best item); unscored items stand alone."""
    groups: dict[str, Story] = {}
    for item in items:
        key = item.story or f"item-{item.first_id}"
        if key in groups:
            groups[key].items.append(item)
        else:
            groups[key] = Story(key=key, items=[item])
    return list(groups.values())


# --- what the templates show ------------------------------------------------------------------


@dataclass
class Suggestion:
    kind: str  # code | region | date | legal | actor | link
    value: str
    detail: str = ""
    snippet: SafeString | str = ""


@dataclass
class ItemTriageView:
    score: float
    violation: bool
    suggestions: list[Suggestion] = field(default_factory=list)
    links: list[Suggestion] = field(default_factory=list)
    marked_text: SafeString | str = ""  # the whole text with every phrase marked (item page)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _spans(evidence: Sequence[Evidence]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.phrase) for e in evidence]


def triage_view(
    item: NewsItem,
    t: Triage,
    *,
    code_labels: dict[str, str],
    region_labels: dict[str, str],
    full: bool = False,
) -> ItemTriageView:
    text = f"{item.title}\n{item.text}" if item.title else item.text
    view = ItemTriageView(score=t.score, violation=t.violation)
    every: list[tuple[int, int, str]] = []

    def add(kind: str, value: str, evidence: Sequence[Evidence], detail: str = "") -> None:
        spans = _spans(evidence)
        every.extend(spans)
        view.suggestions.append(Suggestion(kind, value, detail, snippet(text, spans)))

    for c in t.codes[:3]:
        add("code", c.code, c.evidence, code_labels.get(c.code, ""))
    if t.region:
        add("region", region_labels.get(t.region, t.region), t.region_evidence, t.settlement)
    if t.date:
        add("date", t.date, t.date_evidence)
    for ref in t.legal_refs:
        evidence = [e for e in t.legal_evidence if _same_ref(e.phrase, ref)] or t.legal_evidence
        add("legal", ref, evidence[:1])
    for a in t.actors[:6]:
        add("actor", a.name, a.evidence, a.type)
    view.links = [Suggestion("link", lk.kind, lk.ref) for lk in t.links]
    if full:
        view.marked_text = highlight(text, [*every, *_spans(t.relevance_evidence)])
    return view


def _same_ref(phrase: str, ref: str) -> bool:
    number = ref.split(" ", 1)[-1].split("(")[0]
    return number in phrase


def labels_for(items: Sequence[NewsItem], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Taxonomy-code and region labels in `lang` for the codes the items suggest (two queries)."""
    from speechwatch.reference.models import Region
    from speechwatch.taxonomy.models import Category
    from speechwatch.taxonomy.queries import default_taxonomy

    codes: set[str] = set()
    regions: set[str] = set()
    for item in items:
        result = _result(item)
        codes.update(c.get("code", "") for c in result.get("codes") or ())
        if result.get("region"):
            regions.add(result["region"])
    code_labels: dict[str, str] = {}
    if codes:
        try:
            taxonomy = default_taxonomy()
        except Exception:  # no taxonomy installed: codes are shown bare
            taxonomy = None
        if taxonomy is not None:
            for cat in Category.objects.filter(taxonomy=taxonomy, code__in=codes):
                code_labels[cat.code] = cat.label(lang)
    region_labels = {r.code: r.label(lang) for r in Region.objects.filter(code__in=regions)}
    return code_labels, region_labels


def _result(item: NewsItem) -> dict[str, Any]:
    try:
        row: ItemTriage = item.triage  # type: ignore[attr-defined]
    except ItemTriage.DoesNotExist:
        return {}
    return row.result or {}


def attach_views(items: Sequence[NewsItem], lang: str, *, full: bool = False) -> None:
    """Set `item.triage_view` (None when not triaged yet) on each item."""
    code_labels, region_labels = labels_for(items, lang)
    for item in items:
        result = _result(item)
        item.triage_view = (  # type: ignore[attr-defined]
            triage_view(
                item,
                triage_from_json(f"news:{item.pk}", result),
                code_labels=code_labels,
                region_labels=region_labels,
                full=full,
            )
            if result
            else None
        )
