"""What a report template is, as plain data: the sections, the blocks and items a statistics
section lists, and every sentence per language (template.py reads and checks the YAML)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from speechwatch.reports.counting import BlockSpec, BreakdownSpec
from speechwatch.reports.language import PluralForms

__all__ = [
    "CONTEXT_PLACEHOLDERS",
    "DEFAULT_TEMPLATE_PATH",
    "SECTIONS",
    "BlockTemplate",
    "FacetSentence",
    "ItemTemplate",
    "Layout",
    "ReportTemplate",
    "TemplateError",
    "Texts",
    "placeholders",
]

DEFAULT_TEMPLATE_PATH = Path(__file__).parent / "templates" / "default.yaml"
SECTIONS = (
    "title",
    "intro",
    "statistics",
    "events",
    "legislation",
    "featured_cases",
    "also",
    "methodology",
)
Texts = Mapping[str, str]  # language -> text
Layout = Literal["lines", "inline"]

# Placeholders a renderer fills besides {n} and the noun keys.
CONTEXT_PLACEHOLDERS = frozenset(
    {
        "org",
        "month_title",
        "month_in",
        "month_of",
        "month",
        "month_in_short",
        "label",
        "article",
        "code",
        "abbr",
    }
)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+(?::[a-z]+)?)\}")


class TemplateError(ValueError):
    """A template or override that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class FacetSentence:
    """A sentence added to an item when its incidents have ``facet`` = ``value`` (count > 0)."""

    facet: str
    value: str
    text: Texts


@dataclass(frozen=True)
class ItemTemplate:
    code: str
    text: Texts
    breakdown: BreakdownSpec | None = None
    facets: tuple[FacetSentence, ...] = ()


@dataclass(frozen=True)
class BlockTemplate:
    code: str
    header: Texts
    lead: Texts
    layout: Layout = "lines"
    items: tuple[str, ...] | None = None  # None lists every sub-category
    last: Texts = field(default_factory=dict)  # joiner before the last inline item
    item_end: str = ""  # ends every listed line but the last (";" in the L block)
    ongoing: Texts = field(default_factory=dict)


@dataclass(frozen=True)
class ReportTemplate:
    name: str
    version: int
    languages: tuple[str, ...]
    fallback_order: tuple[str, ...]
    sections: tuple[str, ...]
    organisation: Texts
    text: Mapping[str, Texts]
    nouns: Mapping[str, Mapping[str, PluralForms]]
    lists: Mapping[str, Mapping[str, str]]
    including: Texts
    others: Texts
    defaults: Mapping[str, Texts]
    legal_codes: Mapping[str, Texts]
    article_format: Mapping[str, Texts]
    articles: Mapping[str, Texts]
    blocks: tuple[BlockTemplate, ...]
    items: Mapping[str, ItemTemplate]

    def block_specs(self) -> list[BlockSpec]:
        """What the counting engine should list, as this template (with overrides) says."""
        return [
            BlockSpec(
                code=block.code,
                items=block.items,
                breakdowns={
                    code: item.breakdown
                    for code, item in self.items.items()
                    if item.breakdown is not None
                },
            )
            for block in self.blocks
        ]

    def block(self, code: str) -> BlockTemplate:
        for block in self.blocks:
            if block.code == code:
                return block
        raise TemplateError(f"template {self.name} v{self.version}: no block {code!r}")


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)
