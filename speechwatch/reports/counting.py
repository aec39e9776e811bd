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
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Literal

from speechwatch.reports.figures import (
    BlockFigure,
    BlockSpec,
    BreakdownSpec,
    CountingError,
    FacetCounts,
    Figures,
    ItemFigure,
    as_taxonomy,
    breakdown_codes,
    listed_codes,
)
from speechwatch.reports.periodsum import figures_from_published, sum_figures
from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, Taxonomy
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
    tax = as_taxonomy(taxonomy)
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
    item_codes = listed_codes(spec, tax)
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
    codes = breakdown_codes(code, spec, tax)
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
