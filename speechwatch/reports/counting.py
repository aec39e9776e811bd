"""The counting engine: materialised rows + rules + what to list -> figures. Pure, no ORM.

Counting rules (domain.md): the unit is a report (one incident). An item counts the incidents
carrying its category or any category below it; a block total counts *distinct* incidents, so an
incident in two items counts in both items and once in the block. Blocks named in the rules'
``new_cases_only`` leave out reports on ongoing cases and count them apart. When the listed items
do not cover every incident of the block, the block is flagged ``others``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Literal

from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, PublishedFigure, Taxonomy
from speechwatch.reports.rules import CountingRules, Rounding

__all__ = [
    "BlockFigure",
    "BlockSpec",
    "BreakdownSpec",
    "Change",
    "CountingError",
    "Figures",
    "ItemFigure",
    "compare",
    "count_month",
    "count_period",
    "facet_values",
    "figures_from_published",
    "ratio",
    "sum_figures",
    "year_to_date",
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


# -- counting -----------------------------------------------------------------------------------


def _as_taxonomy(taxonomy: Taxonomy | Sequence[CategoryInfo]) -> Taxonomy:
    return taxonomy if isinstance(taxonomy, Taxonomy) else Taxonomy(taxonomy)


def _month_date(row: IncidentRow, rules: CountingRules) -> date:
    if rules.month_by == "occurred_on":
        if row.occurred_on is None:
            raise CountingError(
                f"incident {row.id}: no occurred_on date, but the rules of "
                f"{rules.organisation!r} assign months by it"
            )
        return row.occurred_on
    return row.recorded_on


def facet_values(row: IncidentRow, facet: str, rules: CountingRules) -> set[str]:
    """The distinct values of ``facet`` an incident has (an incident counts once per value)."""
    raw: dict[str, Iterable[str]] = {
        "victim_type": row.victim_types,
        "perpetrator_type": row.perpetrator_types,
        "region": (row.region,) if row.region else (),
        "legal_ref": row.legal_refs,
    }
    if facet in raw:
        return set(raw[facet])
    group = rules.groups.get(facet)
    if group is None:
        raise CountingError(f"unknown facet {facet!r} (not in the rules of {rules.organisation!r})")
    return {g for value in raw[group.source] for g in group.groups_of(value)}


def _expanded(row: IncidentRow, taxonomy: Taxonomy) -> set[str]:
    if not row.categories:
        raise CountingError(f"incident {row.id}: has no category")
    codes: set[str] = set()
    for code in row.categories:
        if code not in taxonomy:
            raise CountingError(f"incident {row.id}: unknown category {code!r}")
        codes.update(taxonomy.lineage(code))
        codes.add(taxonomy.block_of(code))
    return codes


def count_period(
    rows: Iterable[IncidentRow],
    taxonomy: Taxonomy | Sequence[CategoryInfo],
    rules: CountingRules,
    spec: Sequence[BlockSpec],
    period: Period,
) -> Figures:
    """Count the incidents whose month date (per the rules) falls in ``period``."""
    tax = _as_taxonomy(taxonomy)
    by_id: dict[int, IncidentRow] = {}
    members: dict[str, set[int]] = {}
    ongoing: dict[str, set[int]] = {}
    for row in rows:
        if not period.contains(_month_date(row, rules)):
            continue
        if row.id in by_id:
            raise CountingError(f"incident {row.id}: appears twice in the rows")
        by_id[row.id] = row
        for code in _expanded(row, tax):
            block = tax.block_of(code) if code in tax else code
            if block in rules.new_cases_only and not row.is_new_case:
                if code == block:
                    ongoing.setdefault(block, set()).add(row.id)
                continue
            members.setdefault(code, set()).add(row.id)

    def facets_of(ids: Iterable[int]) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        selected = [by_id[i] for i in ids]
        for facet in rules.facets:
            counter: Counter[str] = Counter()
            for row in selected:
                counter.update(facet_values(row, facet, rules))
            if counter:
                result[facet] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        return result

    all_facets = {code: facets_of(ids) for code, ids in members.items()}
    blocks = tuple(_block_figure(b, tax, rules, members, ongoing, all_facets, by_id) for b in spec)
    return Figures(
        period=period,
        blocks=blocks,
        counts={code: len(ids) for code, ids in sorted(members.items())},
        facets=all_facets,
        ongoing={block: len(ids) for block, ids in sorted(ongoing.items())},
    )


def _block_figure(
    spec: BlockSpec,
    tax: Taxonomy,
    rules: CountingRules,
    members: Mapping[str, set[int]],
    ongoing: Mapping[str, set[int]],
    all_facets: Mapping[str, FacetCounts],
    by_id: Mapping[int, IncidentRow],
) -> BlockFigure:
    block_ids = members.get(spec.code, set())
    item_codes = _listed_codes(spec, tax)
    covered: set[int] = set()
    items = []
    for code in item_codes:
        ids = members.get(code, set())
        covered |= ids
        breakdown = _breakdown(code, spec.breakdowns.get(code), tax, members, all_facets, by_id)
        items.append(ItemFigure(code, len(ids), "category", breakdown, all_facets.get(code, {})))
    ongoing_ids = tuple(sorted(ongoing.get(spec.code, set())))
    return BlockFigure(
        code=spec.code,
        total=len(block_ids),
        items=tuple(items),
        others=bool(block_ids - covered),
        ongoing=len(ongoing_ids),
        ongoing_ids=ongoing_ids,
        facets=all_facets.get(spec.code, {}),
    )


def _listed_codes(spec: BlockSpec, tax: Taxonomy) -> list[str]:
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


def _breakdown(
    code: str,
    spec: BreakdownSpec | None,
    tax: Taxonomy,
    members: Mapping[str, set[int]],
    all_facets: Mapping[str, FacetCounts],
    by_id: Mapping[int, IncidentRow],
) -> tuple[ItemFigure, ...]:
    if spec is None:
        return ()
    if spec.by == "legal_ref":
        refs: Counter[str] = Counter()
        for incident in members.get(code, set()):
            refs.update(set(by_id[incident].legal_refs))
        ordered = sorted(refs.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(ItemFigure(ref, n, "legal_ref") for ref, n in ordered)
    if spec.by == "children":
        codes = [child.code for child in tax.children(code)]
    else:
        codes = list(spec.codes)
        for sub in codes:
            if sub not in tax or not tax.is_within(sub, code) or sub == code:
                raise CountingError(f"item {code}: breakdown code {sub!r} is not below it")
    return tuple(
        ItemFigure(sub, len(members.get(sub, set())), "category", (), all_facets.get(sub, {}))
        for sub in codes
    )


def count_month(
    rows: Iterable[IncidentRow],
    taxonomy: Taxonomy | Sequence[CategoryInfo],
    rules: CountingRules,
    spec: Sequence[BlockSpec],
    year: int,
    month: int,
) -> Figures:
    return count_period(rows, taxonomy, rules, spec, Period.month(year, month))


def year_to_date(
    rows: Iterable[IncidentRow],
    taxonomy: Taxonomy | Sequence[CategoryInfo],
    rules: CountingRules,
    spec: Sequence[BlockSpec],
    year: int,
    month: int,
) -> Figures:
    """January 1st to the end of ``month``. Each incident belongs to exactly one month, so this
    equals the sum of the monthly figures (see ``sum_figures``)."""
    return count_period(rows, taxonomy, rules, spec, Period.year_to_date(year, month))


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
    counts: dict[str, int] = {}
    facets: dict[str, dict[str, dict[str, int]]] = {}
    ongoing: dict[str, int] = {}
    for figures in ordered:
        counts = _add_counts(counts, figures.counts)
        ongoing = _add_counts(ongoing, figures.ongoing)
        for code, per_code in figures.facets.items():
            facets[code] = _add_facets(facets.get(code, {}), per_code)
    return Figures(
        period=Period(ordered[0].period.start, ordered[-1].period.end),
        blocks=tuple(blocks.values()),
        counts=counts,
        facets=facets,
        ongoing=ongoing,
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
    tax = _as_taxonomy(taxonomy)
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
        items = tuple(ItemFigure(code, counts[code]) for code in _listed_codes(block, tax))
        total = counts[block.code]
        blocks.append(
            BlockFigure(block.code, total, items, others=sum(i.count for i in items) < total)
        )
    return Figures(period=period, blocks=tuple(blocks), counts=dict(counts))


# -- comparisons --------------------------------------------------------------------------------


def ratio(current: int, previous: int, rounding: Rounding = "down") -> Decimal | None:
    """How many times the larger figure exceeds the smaller, to one decimal ("1.5 times").

    None when either side is zero: "N times more than nothing" says nothing.
    """
    if current <= 0 or previous <= 0:
        return None
    big, small = max(current, previous), min(current, previous)
    mode = ROUND_DOWN if rounding == "down" else ROUND_HALF_UP
    return (Decimal(big) / Decimal(small)).quantize(Decimal("0.1"), rounding=mode)


@dataclass(frozen=True)
class Change:
    """One figure in two periods (month over month, or year to date against last year)."""

    code: str
    current: int
    previous: int

    @property
    def direction(self) -> Literal["more", "less", "same"]:
        if self.current == self.previous:
            return "same"
        return "more" if self.current > self.previous else "less"

    @property
    def difference(self) -> int:
        return self.current - self.previous

    def ratio(self, rounding: Rounding = "down") -> Decimal | None:
        return ratio(self.current, self.previous, rounding)


def compare(current: Figures, previous: Figures) -> dict[str, Change]:
    """Every code counted in either period, with both figures; ``"<code>|<facet>=<value>"`` keys
    compare facet values (e.g. ``"L.criminal|legal_ref=PC 274"``)."""
    changes: dict[str, Change] = {}
    for code in sorted(set(current.counts) | set(previous.counts)):
        changes[code] = Change(code, current.count(code), previous.count(code))
    for code in sorted(set(current.facets) | set(previous.facets)):
        cur, prev = current.facets.get(code, {}), previous.facets.get(code, {})
        for facet in sorted(set(cur) | set(prev)):
            for value in sorted(set(cur.get(facet, {})) | set(prev.get(facet, {}))):
                key = f"{code}|{facet}={value}"
                changes[key] = Change(
                    key, cur.get(facet, {}).get(value, 0), prev.get(facet, {}).get(value, 0)
                )
    return changes
