"""The whole reading of one overview, as plain data: parse → map → check → JSON. Pure.

mapper = build_mapper(doc)                          # once; reuse across files
ov = read_text(text, mapper, lang="en", source="april.txt")
to_json(ov)                                         # the `read-overview --json` object
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from speechwatch.overviews.consistency import check
from speechwatch.overviews.mapping import ACCEPT, Mapper
from speechwatch.overviews.parse import Block, Entry, Item, Overview, parse_overview
from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy

__all__ = ["build_mapper", "legislative_stage", "read_text", "to_json"]


@lru_cache(maxsize=8)
def _builtin_doc(code: str) -> TaxonomyDoc:
    return load_taxonomy(builtin_taxonomy_path(code))


def build_mapper(
    doc: TaxonomyDoc | str | Path = "adilsoz-2024",
    *,
    confirmed: Mapping[str, str] | None = None,
    embeddings: bool = True,
    accept: float = ACCEPT,
) -> Mapper:
    """A mapper for a taxonomy document, a built-in code, or a taxonomy file path."""
    if isinstance(doc, Path) or (isinstance(doc, str) and doc.endswith((".yaml", ".yml"))):
        doc = load_taxonomy(Path(doc))
    elif isinstance(doc, str):
        doc = _builtin_doc(doc)
    return Mapper(doc, confirmed=dict(confirmed or {}), embeddings=embeddings, accept=accept)


def read_text(text: str, mapper: Mapper, lang: str | None = None, source: str = "") -> Overview:
    ov = parse_overview(text, mapper, lang=lang, source=source)
    ov.warnings.extend(check(ov, mapper.accept))
    return ov


_STAGES = [
    (
        "in_force",
        r"entered\s+into\s+force|came\s+into\s+force|takes?\s+effect|вступ\w*\s+в\s+(?:законную\s+)?силу|күшіне\s+ен",
    ),
    ("signed", r"\bsigned\b|подписал|қол\s+қойды"),
    (
        "senate",
        r"\bsenate\b.*\b(?:approved|adopted|passed)|(?:approved|adopted|passed).*\bsenate\b(?!\s+for)|сенат\w*\s+(?:одобр|принял)|сенат\w*\s+мақұлда",
    ),
    ("majilis_second_reading", r"second\s+reading|втором\s+чтении|екінші\s+оқылым"),
    ("majilis_first_reading", r"first\s+reading|первом\s+чтении|бірінші\s+оқылым"),
    ("submitted", r"submitted\s+to\s+(?:the\s+)?(?:parliament|majilis)|внесен\w*\s+в\s+мажилис"),
    ("concept", r"\bconcept\b|концепци"),
    ("draft", r"\bdraft\b|\bbill\b|законопроект|проект\w*\s+закона|заң\s+жобасы"),
]


def legislative_stage(text: str) -> str:
    """The LegislativeStage kind a legislative entry reports (first match in this order)."""
    for stage, pattern in _STAGES:
        if re.search(pattern, text, re.I):
            return stage
    return "other"


def _item_json(it: Item) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": it.code,
        "phrase": it.phrase,
        "count": it.count,
        "confidence": round(it.match.confidence, 3),
        "method": it.match.method,
        "items": [_item_json(p) for p in it.items],
    }
    if it.facet:
        out["facet"] = True
    if it.others:
        out["others"] = True
    if it.implicit_count:
        out["implicit_count"] = True
    if it.notes:
        out["notes"] = it.notes
    return out


def _block_json(b: Block) -> dict[str, Any]:
    top = sum(it.count for it in b.items if not it.facet)
    out: dict[str, Any] = {
        "code": b.code,
        "phrase": b.phrase,
        "total": b.total if b.total is not None else top,
        "others": b.others,
        "confidence": round(b.match.confidence, 3),
        "items": [_item_json(it) for it in b.items],
    }
    if b.notes:
        out["notes"] = b.notes
    if b.ongoing is not None:
        out["ongoing"] = b.ongoing
    if b.total is None:
        out["total_stated"] = False
    return out


def _entry_json(e: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "date": e.on.isoformat() if e.on else None,
        "text": e.text,
        "section": e.section,
        "line": e.line,
    }
    if e.case:
        out["case"] = e.case
    return out


def to_json(ov: Overview) -> dict[str, Any]:
    """The documented `--json` object (docs/overviews.md); extra keys beyond the contract."""
    return {
        "file": ov.source,
        "period": ov.period.label if ov.period else "",
        "organisation": ov.organisation,
        "lang": ov.lang,
        "title": ov.title,
        "blocks": [_block_json(b) for b in ov.blocks],
        "events": [_entry_json(e) for e in ov.entries if e.on is not None],
        "legislation": [
            {**_entry_json(e), "stage": legislative_stage(e.text)}
            for e in ov.entries
            if e.section == "legislation"
        ],
        "cases": [{"title": c.title, "text": c.text, "line": c.line} for c in ov.cases],
        "also": [_entry_json(e) for e in ov.entries if e.section == "also"],
        "headings": [{"kind": h.kind, "text": h.text, "line": h.line} for h in ov.headings],
        "warnings": [{"kind": w.kind, "message": w.message, "line": w.line} for w in ov.warnings],
    }
