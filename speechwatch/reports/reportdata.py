"""Report <-> JSON: frozen versions are stored this way and rendered again later. Pure."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from speechwatch.reports.document import (
    Chart,
    Entry,
    FeaturedCase,
    Report,
    Section,
    SectionKey,
    StatRow,
)
from speechwatch.reports.phrasing import Paragraph

__all__ = ["report_from_data", "report_to_data", "report_to_json"]


def report_to_data(report: Report) -> dict[str, Any]:
    return asdict(report)


def report_to_json(report: Report) -> str:
    return json.dumps(report_to_data(report), ensure_ascii=False, indent=2, default=str)


def _entry(d: Mapping[str, Any]) -> Entry:
    return Entry(**d)


def _section(d: Mapping[str, Any]) -> Section:
    key: SectionKey = d["key"]
    return Section(
        key=key,
        heading=d.get("heading", ""),
        lead=d.get("lead", ""),
        statistics=tuple(
            Paragraph(
                block=p["block"],
                header=p["header"],
                lead=p["lead"],
                items=tuple(p["items"]),
                layout=p.get("layout", "lines"),
                others=p.get("others"),
                notes=tuple(p.get("notes", ())),
                fallbacks=tuple(p.get("fallbacks", ())),
            )
            for p in d.get("statistics", ())
        ),
        paragraphs=tuple(d.get("paragraphs", ())),
        entries=tuple(_entry(e) for e in d.get("entries", ())),
        cases=tuple(
            FeaturedCase(
                title=c["title"],
                paragraphs=tuple(c["paragraphs"]),
                fallback_lang=c.get("fallback_lang"),
            )
            for c in d.get("cases", ())
        ),
    )


def report_from_data(d: Mapping[str, Any]) -> Report:
    """The inverse of report_to_data (a frozen version read back from the database)."""
    return Report(
        month=d["month"],
        lang=d["lang"],
        title=d["title"],
        intro=d["intro"],
        sections=tuple(_section(s) for s in d["sections"]),
        table=tuple(StatRow(**row) for row in d["table"]),
        charts=tuple(
            Chart(
                key=c["key"],
                title=c["title"],
                kind=c["kind"],
                labels=tuple(c["labels"]),
                series=tuple((label, tuple(values)) for label, values in c["series"]),
                no_data=c.get("no_data", ""),
            )
            for c in d["charts"]
        ),
        contacts=tuple(d["contacts"]),
        figures=dict(d["figures"]),
        template=d.get("template", ""),
        template_version=int(d.get("template_version", 0)),
        version_label=d.get("version_label", ""),
        warnings=tuple(d.get("warnings", ())),
    )
