"""All writes of the overviews app. Each action is atomic and records an audit event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from speechwatch.audit.record import Who, record
from speechwatch.context.actions import create_event
from speechwatch.incidents.actions import IncidentInput, create_incident
from speechwatch.overviews.mapping import FACET_PREFIX, confirmed_key
from speechwatch.overviews.models import OverviewDocument, PhraseMapping, PublishedStatistics
from speechwatch.overviews.parse import Entry, Item, Overview
from speechwatch.overviews.reader import to_json
from speechwatch.taxonomy.tree import TaxonomyDoc

__all__ = ["ImportResult", "OverviewImportError", "confirm_mapping", "import_overview"]

DRAFT_TAG = "imported-overview"


class OverviewImportError(ValueError):
    """An overview that cannot be stored; the message names the file."""


@dataclass
class ImportResult:
    document: OverviewDocument
    figures: int
    needs_review: int
    events: list[str] = field(default_factory=list)  # external ids of draft context events
    incidents: list[str] = field(default_factory=list)  # external ids of draft incidents
    replaced: bool = False


def _rows(ov: Overview, doc: OverviewDocument, accept: float) -> list[PublishedStatistics]:
    assert ov.period is not None
    rows: list[PublishedStatistics] = []

    def add(code: str, parent: str, block: str, count: int, others: bool, phrase: str,
            confidence: float, method: str) -> None:  # fmt: skip
        rows.append(
            PublishedStatistics(
                organisation=doc.organisation,
                period=doc.period,
                period_start=doc.period_start,
                period_end=doc.period_end,
                code=code,
                parent_code=parent,
                block=block,
                count=count,
                others=others,
                phrase=phrase,
                lang=ov.lang,
                document=doc,
                confidence=confidence,
                method=method,
                needs_review=not code or confidence < accept,
                position=len(rows),
            )
        )

    def item(it: Item, parent: str, block: str) -> None:
        add(it.code, parent, block, it.count, it.others, it.phrase, it.match.confidence,
            it.match.method)  # fmt: skip
        for sub in it.items:
            item(sub, it.code, block)

    for b in ov.blocks:
        total = b.total if b.total is not None else sum(i.count for i in b.items if not i.facet)
        add(b.code, "", b.code, total, b.others, b.phrase, b.match.confidence, b.match.method)
        for it in b.items:
            item(it, b.code, b.code)
    return rows


def _first_sentence(text: str, limit: int = 200) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _drafts(ov: Overview, doc: OverviewDocument, who: Who) -> tuple[list[str], list[str]]:
    """Narrative entries as drafts for review: events and legislation become unpublished context
    events; 'Also in …' items and featured cases become draft incidents (no categories)."""
    assert ov.period is not None
    lang = ov.lang if ov.lang in ("en", "ru", "kk") else "en"
    events: list[str] = []
    incidents: list[str] = []
    seen_cases: set[str] = set()

    def incident(title: str, text: str, on: date | None) -> None:
        inc = create_incident(
            IncidentInput(
                recorded_on=on or ov.period.start,  # type: ignore[union-attr]
                occurred_on=on,
                occurred_precision="day" if on else "unknown",
                title={lang: title},
                summary={lang: text},
                tags=[DRAFT_TAG],
                taxonomy=doc.taxonomy,
                internal_notes=f"read from {doc.source_name} ({doc.period})",
            ),
            who=who,
        )
        incidents.append(inc.external_id)

    entry: Entry
    for entry in ov.entries:
        if entry.section in ("events", "legislation", "body") and entry.on is not None:
            ev = create_event(
                on=entry.on,
                title={lang: _first_sentence(entry.text)},
                text={lang: entry.text},
                kind="legislation" if entry.section == "legislation" else "imported",
                published=False,
                who=who,
            )
            events.append(ev.external_id)
        elif entry.section in ("also", "reports"):
            incident(_first_sentence(entry.text), entry.text, entry.on)
    for case in ov.cases:
        if case.title in seen_cases:
            continue
        seen_cases.add(case.title)
        dates = [e.on for e in ov.entries if e.case == case.title and e.on]
        incident(case.title, case.text, min(dates) if dates else None)
    return events, incidents


@transaction.atomic
def import_overview(
    ov: Overview,
    *,
    sha256: str,
    taxonomy: str,
    who: Who,
    organisation: str = "",
    accept: float = 0.75,
    drafts: bool = True,
) -> ImportResult:
    """Store an overview's figures as PublishedStatistics (replacing an earlier reading of the
    same file) and, the first time a file is read, its narrative as drafts for review."""
    org = organisation or ov.organisation
    where = ov.source or "input"
    if ov.period is None:
        raise OverviewImportError(f"{where}: no period (month, quarter or year) found in the title")
    if not org:
        raise OverviewImportError(f"{where}: organisation not recognised; pass --organisation")
    existing = OverviewDocument.objects.filter(sha256=sha256, organisation=org).first()
    doc = existing or OverviewDocument(sha256=sha256, organisation=org)
    doc.source_name = where
    doc.period = ov.period.label
    doc.period_start, doc.period_end = ov.period.start, ov.period.end
    doc.lang = ov.lang
    doc.taxonomy = taxonomy
    doc.title = ov.title
    doc.parsed = to_json(ov)
    doc.save()
    if existing:
        existing.figures.all().delete()
    rows = PublishedStatistics.objects.bulk_create(_rows(ov, doc, accept))
    events, incidents = _drafts(ov, doc, who) if drafts and not existing else ([], [])
    review = sum(1 for r in rows if r.needs_review)
    record(
        who,
        "overview.import",
        "overview",
        doc.pk,
        after={
            "file": where,
            "organisation": org,
            "period": doc.period,
            "figures": len(rows),
            "needs_review": review,
            "draft_events": len(events),
            "draft_incidents": len(incidents),
            "replaced": bool(existing),
        },
    )
    return ImportResult(doc, len(rows), review, events, incidents, replaced=bool(existing))


def _valid_code(doc: TaxonomyDoc, code: str) -> bool:
    if code.startswith(FACET_PREFIX):
        facet, _, value = code[len(FACET_PREFIX) :].partition("=")
        return facet in doc.facets and value in doc.facets[facet].value_codes()
    return doc.has(code)


@transaction.atomic
def confirm_mapping(
    *, doc: TaxonomyDoc, phrase: str, code: str, lang: str = "", who: Who
) -> PhraseMapping:
    """A person's answer for a phrase: stored for every later reading, and applied now to the
    figures that were waiting for it."""
    if not _valid_code(doc, code):
        raise ValueError(f"code: {code!r} is not in taxonomy {doc.code}")
    key = confirmed_key(phrase)
    if not key:
        raise ValueError(f"phrase: {phrase!r} has no words to map")
    mapping, created = PhraseMapping.objects.get_or_create(
        taxonomy=doc.code, key=key, defaults={"phrase": phrase, "code": code, "lang": lang}
    )
    before = None if created else {"code": mapping.code}
    mapping.code, mapping.confirmed_by = code, who.display
    mapping.lang = mapping.lang or lang
    mapping.save()
    waiting = [
        r.pk
        for r in PublishedStatistics.objects.filter(needs_review=True, document__taxonomy=doc.code)
        if confirmed_key(r.phrase) == key
    ]
    updated = PublishedStatistics.objects.filter(pk__in=waiting).update(
        code=code, confidence=1.0, method="confirmed", needs_review=False
    )
    record(
        who,
        "overview.confirm_mapping",
        "phrase_mapping",
        mapping.pk,
        before=before,
        after={"phrase": phrase, "code": code, "figures_updated": updated},
    )
    return mapping
