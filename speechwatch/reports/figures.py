"""What the counting engine is asked to list (``BlockSpec``) and what it gives back (``Figures``):
plain frozen data passed from the count stage to compose (and stored by the figures cache)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from speechwatch.reports.rows import CategoryInfo, Period, Taxonomy

__all__ = [
    "BlockFigure",
    "BlockSpec",
    "BreakdownSpec",
    "CountingError",
    "FacetCounts",
    "Figures",
    "ItemFigure",
    "ItemKind",
    "as_taxonomy",
    "breakdown_codes",
    "listed_codes",
]

ItemKind = Literal["category", "legal_ref"]
FacetCounts = Mapping[str, Mapping[str, int]]  # facet -> value -> incidents


class CountingError(ValueError):
    """Rows or a listing that the engine cannot count; the message names the incident or code."""


# -- what to list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownSpec:
    """How an item is broken down: by its sub-categories, by legal article, or by chosen codes."""

    by: Literal["children", "legal_ref", "codes"] = "children"
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockSpec:
    """Which items of a block to list; ``items=None`` lists every direct sub-category."""

    code: str
    items: tuple[str, ...] | None = None
    breakdowns: Mapping[str, BreakdownSpec] = field(default_factory=dict)


# -- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFigure:
    code: str
    count: int
    kind: ItemKind = "category"
    breakdown: tuple[ItemFigure, ...] = ()
    facets: FacetCounts = field(default_factory=dict)

    def facet(self, facet: str, value: str) -> int:
        return self.facets.get(facet, {}).get(value, 0)


@dataclass(frozen=True)
class BlockFigure:
    code: str
    total: int
    items: tuple[ItemFigure, ...] = ()
    others: bool = False  # the listed items leave some incidents of the block unaccounted for
    ongoing: int = 0  # reports on ongoing cases, left out of ``total`` (new-cases-only blocks)
    ongoing_ids: tuple[int, ...] = ()
    facets: FacetCounts = field(default_factory=dict)

    def item(self, code: str) -> ItemFigure | None:
        return next((item for item in self.items if item.code == code), None)


@dataclass(frozen=True)
class Figures:
    """Everything counted for a period: the listed blocks plus every code's count and facets."""

    period: Period
    blocks: tuple[BlockFigure, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    facets: Mapping[str, FacetCounts] = field(default_factory=dict)
    ongoing: Mapping[str, int] = field(default_factory=dict)

    def block(self, code: str) -> BlockFigure:
        for block in self.blocks:
            if block.code == code:
                return block
        raise KeyError(f"no block {code!r} in the figures for {self.period}")

    def count(self, code: str) -> int:
        return self.counts.get(code, 0)

    def facet(self, code: str, facet: str, value: str) -> int:
        return self.facets.get(code, {}).get(facet, {}).get(value, 0)


def as_taxonomy(taxonomy: Taxonomy | Sequence[CategoryInfo]) -> Taxonomy:
    return taxonomy if isinstance(taxonomy, Taxonomy) else Taxonomy(taxonomy)


def listed_codes(spec: BlockSpec, tax: Taxonomy) -> list[str]:
    if spec.items is None:
        return [child.code for child in tax.children(spec.code)]
    for code in spec.items:
        if code not in tax:
            raise CountingError(f"block {spec.code}: listed item {code!r} is not in the taxonomy")
        if tax.block_of(code) != spec.code or code == spec.code:
            raise CountingError(f"block {spec.code}: listed item {code!r} is not inside the block")
    if len(set(spec.items)) != len(spec.items):
        raise CountingError(f"block {spec.code}: an item is listed twice")
    return list(spec.items)


def breakdown_codes(code: str, spec: BreakdownSpec, tax: Taxonomy) -> list[str]:
    """The categories an item's breakdown by category lists: its children, or the codes the
    spec names, each of which must lie below the item."""
    if spec.by == "children":
        return [child.code for child in tax.children(code)]
    for sub in spec.codes:
        if sub not in tax or not tax.is_within(sub, code) or sub == code:
            raise CountingError(f"item {code}: breakdown code {sub!r} is not below it")
    return list(spec.codes)
