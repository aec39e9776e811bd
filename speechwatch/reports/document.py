"""The composed overview: what every renderer takes. Built once per language, never queries.

query (build.py) → materialise (MonthData) → compute + compose (compose.py) → Report → render_*.
Every renderer (HTML, Markdown, DOCX, PDF, JSON) takes the same Report, so the figures and the
headings cannot differ between formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from speechwatch.reports.phrasing import Paragraph


@dataclass(frozen=True)
class Entry:
    """A dated narrative entry: an event, a legislative stage, an "also" item."""

    date_label: str  # "April 6" / "6 апреля" / "6 сәуір"; "" when undated
    text: str  # may hold several paragraphs separated by blank lines
    heading: str = ""  # e.g. the bill's title for a legislative entry
    fallback_lang: str | None = None  # set when the text is shown in another language
    date_iso: str = ""


@dataclass(frozen=True)
class FeaturedCase:
    title: str
    paragraphs: tuple[str, ...]  # includes the summary of earlier history ("In January, …")
    fallback_lang: str | None = None


@dataclass(frozen=True)
class StatRow:
    """One row of the statistics table: a block, an item or a breakdown line."""

    code: str
    label: str
    count: int
    depth: int  # 0 block, 1 item, 2 breakdown


@dataclass(frozen=True)
class Chart:
    """Data for one chart; charts.py draws it (SVG for HTML/PDF, PNG for DOCX)."""

    key: str  # "blocks_12_months", "categories", "regions"
    title: str
    kind: Literal["line", "bar", "barh"]
    labels: tuple[str, ...]
    # (series label, values aligned with labels); None = no data for that label (a gap)
    series: tuple[tuple[str, tuple[int | None, ...]], ...]
    no_data: str = ""  # the mark under a gap ("no data"), in the report's language


SectionKey = Literal[
    "statistics", "comparisons", "events", "legislation", "featured_cases", "also", "methodology"
]


@dataclass(frozen=True)
class Section:
    key: SectionKey
    heading: str
    lead: str = ""  # "In April 2024, the following incidents were recorded:"
    statistics: tuple[Paragraph, ...] = ()
    paragraphs: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    cases: tuple[FeaturedCase, ...] = ()


@dataclass(frozen=True)
class Report:
    month: str  # "2024-04"
    lang: str  # "en" | "ru" | "kk"
    title: str
    intro: str
    sections: tuple[Section, ...]
    table: tuple[StatRow, ...]
    charts: tuple[Chart, ...]
    contacts: tuple[str, ...]  # footer lines: head of monitoring, e-mails
    figures: dict[str, Any]  # JSON-ready computed figures (codes → counts, blocks, comparisons)
    template: str = ""
    template_version: int = 0
    version_label: str = ""  # "draft" or "published v2 (2024-05-03)"
    warnings: tuple[str, ...] = field(default=())

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
