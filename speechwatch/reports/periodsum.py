"""Count stage, pure: figures of disjoint periods added up (year to date as the sum of its
months), and figures known only from published overviews."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from speechwatch.reports.figures import (
    BlockFigure,
    BlockSpec,
    CountingError,
    FacetCounts,
    Figures,
    ItemFigure,
    as_taxonomy,
    listed_codes,
)
from speechwatch.reports.rows import CategoryInfo, Period, PublishedFigure, Taxonomy

__all__ = ["figures_from_published", "sum_figures"]


# -- adding periods -----------------------------------------------------------------------------


def _add_counts(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    total = Counter(a)
    total.update(b)
    return dict(total)


def _add_facets(a: FacetCounts, b: FacetCounts) -> dict[str, dict[str, int]]:
    return {f: _add_counts(a.get(f, {}), b.get(f, {})) for f in dict.fromkeys([*a, *b])}


def _add_items(a: Sequence[ItemFigure], b: Sequence[ItemFigure]) -> tuple[ItemFigure, ...]:
    merged: dict[tuple[str, str], ItemFigure] = {}
    for item in [*a, *b]:
        key = (item.kind, item.code)
        if key not in merged:
            merged[key] = item
            continue
        prev = merged[key]
        merged[key] = replace(
            prev,
            count=prev.count + item.count,
            breakdown=_add_items(prev.breakdown, item.breakdown),
            facets=_add_facets(prev.facets, item.facets),
        )
    return tuple(merged.values())


def sum_figures(parts: Sequence[Figures]) -> Figures:
    """Add figures of disjoint periods (months of a year) that were listed with the same spec.

    Block totals add up because an incident belongs to exactly one month; ``others`` holds for
    the sum when it held for any part.
    """
    if not parts:
        raise CountingError("no figures to add")
    ordered = sorted(parts, key=lambda f: f.period.start)
    for earlier, later in pairwise(ordered):
        if later.period.start <= earlier.period.end:
            raise CountingError(f"periods {earlier.period} and {later.period} overlap")
    blocks: dict[str, BlockFigure] = {}
    for figures in ordered:
        for block in figures.blocks:
            prev = blocks.get(block.code)
            if prev is None:
                blocks[block.code] = block
                continue
            blocks[block.code] = replace(
                prev,
                total=prev.total + block.total,
                items=_add_items(prev.items, block.items),
                others=prev.others or block.others,
                ongoing=prev.ongoing + block.ongoing,
                ongoing_ids=prev.ongoing_ids + block.ongoing_ids,
                facets=_add_facets(prev.facets, block.facets),
            )
    # Added up in place (a year's months would otherwise copy the running sums month by month).
    counts: Counter[str] = Counter()
    ongoing: Counter[str] = Counter()
    facets: dict[str, dict[str, Counter[str]]] = {}
    for figures in ordered:
        counts.update(figures.counts)
        ongoing.update(figures.ongoing)
        for code, per_code in figures.facets.items():
            summed = facets.setdefault(code, {})
            for facet, values in per_code.items():
                summed.setdefault(facet, Counter()).update(values)
    return Figures(
        period=Period(ordered[0].period.start, ordered[-1].period.end),
        blocks=tuple(blocks.values()),
        counts=dict(counts),
        facets={
            code: {facet: dict(values) for facet, values in per_code.items()}
            for code, per_code in facets.items()
        },
        ongoing=dict(ongoing),
    )


def figures_from_published(
    published: Iterable[PublishedFigure],
    taxonomy: Taxonomy | Sequence[CategoryInfo],
    spec: Sequence[BlockSpec],
    period: Period,
) -> Figures:
    """Figures for a period known only from published overviews (no incident-level data).

    Published figures inside ``period`` add up per code. Without incidents, ``others`` can only
    be judged by sums: listed items adding to less than the block total.
    """
    tax = as_taxonomy(taxonomy)
    counts: Counter[str] = Counter()
    for figure in published:
        if figure.period.start >= period.start and figure.period.end <= period.end:
            if figure.code not in tax and figure.code not in {b.code for b in spec}:
                raise CountingError(
                    f"published figure for {figure.period}: unknown code {figure.code!r}"
                )
            counts[figure.code] += figure.count
    blocks = []
    for block in spec:
        items = tuple(ItemFigure(code, counts[code]) for code in listed_codes(block, tax))
        total = counts[block.code]
        blocks.append(
            BlockFigure(block.code, total, items, others=sum(i.count for i in items) < total)
        )
    return Figures(period=period, blocks=tuple(blocks), counts=dict(counts))
