"""Output formats of the monthly overview: a registry, and the layout all renderers share.

Registry: ``name -> Format(extension, media type, render)``. The built-in formats (html, md,
docx, pdf, json) register themselves at import with ``register()``, exactly as an extension
would; extensions may also be listed under the ``speechwatch.report_formats`` entry-point group
(each entry point is a module or callable that calls ``register``). ``render(report, fmt)`` is
the single entry point callers use.

Layout: ``outline(report)`` turns a ``Report`` into the ordered list of blocks every format
prints (title, intro, statistics, table, charts, sections, contacts), so the order of headings
and figures cannot differ between formats. Renderers are pure functions of the Report: they never
query the database.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from speechwatch.reports.document import (
    Chart,
    Entry,
    FeaturedCase,
    Report,
    Section,
    StatRow,
)
from speechwatch.reports.phrasing import Paragraph

__all__ = [
    "Block",
    "CaseBlock",
    "ChartsBlock",
    "EntryBlock",
    "Format",
    "FormatError",
    "Heading",
    "Para",
    "StatParts",
    "StatsBlock",
    "TableBlock",
    "entry_paragraphs",
    "get",
    "names",
    "outline",
    "register",
    "render",
    "stat_parts",
    "ui",
]

Rendered = str | bytes
Renderer = Callable[[Report], Rendered]


class FormatError(ValueError):
    pass


@dataclass(frozen=True)
class Format:
    name: str
    extension: str  # without the dot: "html"
    media_type: str
    render: Renderer

    @property
    def binary(self) -> bool:
        return self.media_type not in _TEXT_TYPES


_TEXT_TYPES = {"text/html", "text/markdown", "application/json"}
_BUILTINS = ("html", "md", "docx", "pdf", "json")
_REGISTRY: dict[str, Format] = {}
_loaded = False


def register(
    name: str, extension: str, media_type: str, render: Renderer, *, replace: bool = False
) -> Format:
    """Add a format. Registering a taken name is an error unless ``replace`` is set."""
    if not replace and name in _REGISTRY and _REGISTRY[name].render is not render:
        raise FormatError(f"report format {name!r} is already registered")
    fmt = Format(name, extension.lstrip("."), media_type, render)
    _REGISTRY[name] = fmt
    return fmt


def _load() -> None:
    # Lazy: the renderers import this module, and PDF/DOCX pull in heavy libraries.
    global _loaded
    if _loaded:
        return
    for name in _BUILTINS:
        importlib.import_module(f"speechwatch.reports.render_{name}")
    for ep in entry_points(group="speechwatch.report_formats"):
        loaded = ep.load()
        if callable(loaded):
            loaded()
    _loaded = True  # only once all loaded: a failed import is reported again, not hidden


def get(name: str) -> Format:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise FormatError(
            f"unknown report format {name!r}; available: {', '.join(names())}"
        ) from None


def names() -> tuple[str, ...]:
    _load()
    return tuple(_REGISTRY)


def render(report: Report, fmt: str) -> Rendered:
    """The report in one format: ``str`` for text formats, ``bytes`` for DOCX/PDF."""
    return get(fmt).render(report)


# -- shared layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 title, 1 section, 2 featured case
    key: str = ""


@dataclass(frozen=True)
class Para:
    text: str
    role: str = ""  # "intro", "lead", "version", "contact", "methodology"
    fallback_lang: str | None = None


@dataclass(frozen=True)
class StatsBlock:
    paragraph: Paragraph


@dataclass(frozen=True)
class TableBlock:
    caption: str
    columns: tuple[str, str]
    rows: tuple[StatRow, ...]


@dataclass(frozen=True)
class ChartsBlock:
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class EntryBlock:
    entry: Entry


@dataclass(frozen=True)
class CaseBlock:
    case: FeaturedCase
    level: int = 2  # under the section heading; 1 when the section has none


Block = Heading | Para | StatsBlock | TableBlock | ChartsBlock | EntryBlock | CaseBlock

# Published overviews print these section headings in capitals ("EVENTS IN APRIL 2024").
UPPER_CASE_SECTIONS = frozenset({"events", "legislation"})
_FIGURE_SECTIONS = ("statistics", "comparisons")

_UI: dict[str, dict[str, str]] = {
    "en": {
        "table": "Statistics",
        "category": "Category",
        "count": "Reports",
        "fallback": "Not yet translated: shown in the original language",
    },
    "ru": {
        "table": "Статистика",
        "category": "Категория",
        "count": "Сообщений",
        "fallback": "Перевода пока нет: текст на языке оригинала",
    },
    "kk": {
        "table": "Статистика",
        "category": "Санат",
        "count": "Хабарлама саны",
        "fallback": "Әзірге аударылмаған: мәтін түпнұсқа тілінде",
    },
}


def ui(lang: str, key: str) -> str:
    """Fixed words of the layout itself (table head, badge tooltip); English when unknown."""
    return _UI.get(lang, _UI["en"])[key]


def section_heading(section: Section) -> str:
    if section.key in UPPER_CASE_SECTIONS:
        return section.heading.upper()
    return section.heading


def entry_paragraphs(text: str) -> list[str]:
    """An entry's text split on blank lines; single newlines inside a paragraph are kept."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def outline(report: Report) -> list[Block]:
    """The report as ordered blocks. The table and charts follow the statistics (and
    comparisons) sections, or open the body when the report has neither."""
    blocks: list[Block] = [Heading(report.title, 0)]
    if report.version_label:
        blocks.append(Para(report.version_label, "version"))
    if report.intro:
        blocks.append(Para(report.intro, "intro"))
    keys = [s.key for s in report.sections]
    figure_at = max((i for i, k in enumerate(keys) if k in _FIGURE_SECTIONS), default=-1)
    if figure_at < 0:
        blocks.extend(_figures(report))
    for i, section in enumerate(report.sections):
        blocks.extend(_section(section))
        if i == figure_at:
            blocks.extend(_figures(report))
    blocks.extend(Para(line, "contact") for line in report.contacts if line)
    return blocks


def _figures(report: Report) -> list[Block]:
    found: list[Block] = []
    if report.table:
        columns = (ui(report.lang, "category"), ui(report.lang, "count"))
        found.append(TableBlock(ui(report.lang, "table"), columns, report.table))
    if report.charts:
        found.append(ChartsBlock(report.charts))
    return found


def _section(section: Section) -> list[Block]:
    found: list[Block] = []
    if section.heading:
        found.append(Heading(section_heading(section), 1, section.key))
    if section.lead:
        found.append(Para(section.lead, "lead"))
    found.extend(StatsBlock(p) for p in section.statistics)
    role = "methodology" if section.key == "methodology" else ""
    found.extend(Para(text, role) for text in section.paragraphs if text)
    found.extend(EntryBlock(e) for e in section.entries)
    found.extend(CaseBlock(c, 2 if section.heading else 1) for c in section.cases)
    return found


@dataclass(frozen=True)
class StatParts:
    head: str  # header + lead (the whole text when inline)
    items: tuple[str, ...]  # one list line each, "and others" the last; empty when inline
    tail: tuple[str, ...]  # notes


def stat_parts(p: Paragraph) -> StatParts:
    """A statistics paragraph split the way ``Paragraph.text()`` lays it out."""
    if not p.items:
        return StatParts(p.header, (), p.notes)
    if p.layout == "inline":
        body = " ".join(x for x in (p.header, p.lead, p.items[0], p.others or "") if x)
        return StatParts(body, (), p.notes)
    head = f"{p.header} {p.lead}".strip()
    # "and others" ends the list (one more item), never a loose line after it: every format
    # lists it the same way.
    return StatParts(head, p.items + ((p.others,) if p.others else ()), p.notes)
