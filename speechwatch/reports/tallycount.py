"""Count stage: a month's figures from its kept tallies (incidents/monthtally.py) instead of its
rows. Pure, no ORM; gives exactly what ``counting.count_period`` gives over the month's rows
(tests/reports/test_tally_counting.py checks it on generated months).

A tally maps (code or None for "every incident", facet, value) to incidents: ``(code, "", "")``
the incidents counted under the code, ``(code, "region" | "legal_ref", value)`` per value,
``(code, "victim_type" | "perpetrator_type", "a,b")`` per *set* of types (so a derived group
counts an incident once), ``(block, "cats", "c1,c2")`` per set of the incident's own codes in
the block (to tell whether listed items cover it). Reports on ongoing cases add the same rows
again under ``ONGOING`` + facet, and ``(block, ONGOING + "id", id)`` each: they are taken out of
the new-cases-only blocks here, as the engine leaves them out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from speechwatch.incidents.tallyrows import ONGOING, SEP, SET_FACETS
from speechwatch.reports.figures import (
    BlockFigure,
    BlockSpec,
    BreakdownSpec,
    CountingError,
    Figures,
    ItemFigure,
    breakdown_codes,
    listed_codes,
)
from speechwatch.reports.rows import Period, Taxonomy
from speechwatch.reports.rules import CountingRules

__all__ = ["SET_FACETS", "Tally", "TallyUnsupported", "figures_from_tally", "regions_from_tally"]

Tally = Mapping[tuple[str | None, str, str], int]
VALUE_FACETS = ("region", "legal_ref")  # stored one value per row


class TallyUnsupported(Exception):
    """Rules the tallies cannot count (a group derived from legal references, months by
    occurrence): the caller counts the rows instead."""


def supports(rules: CountingRules) -> bool:
    return rules.month_by == "recorded_on" and all(
        group.source in (*SET_FACETS, "region") for group in rules.groups.values()
    )


def regions_from_tally(tally: Tally) -> dict[str, int]:
    """Incidents per region code ("" without a region), every published incident counted."""
    found = {
        value: n
        for (code, facet, value), n in tally.items()
        if code is None and facet == "region" and n
    }
    return dict(sorted(found.items()))


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(((k, n) for k, n in counter.items() if n), key=lambda kv: (-kv[1], kv[0])))


def figures_from_tally(
    tally: Tally,
    tax: Taxonomy,
    rules: CountingRules,
    spec: Sequence[BlockSpec],
    period: Period,
) -> Figures:
    """Figures of one month from its tally, its reports on ongoing cases counted apart in the
    new-cases-only blocks."""
    if not supports(rules):
        raise TallyUnsupported(rules.organisation)
    left: dict[tuple[str, str, str], int] = {}
    taken: list[tuple[tuple[str, str, str], int]] = []
    ongoing_of: dict[str, set[int]] = defaultdict(set)
    for key, n in tally.items():
        code, facet, value = key
        if code is None:
            continue
        if not facet.startswith(ONGOING):
            left[(code, facet, value)] = n
            continue
        block = tax.block_of(code) if code in tax else code
        if block not in rules.new_cases_only:
            continue
        if facet == ONGOING + "id":
            ongoing_of[code].add(int(value))
        else:
            taken.append(((code, facet[len(ONGOING) :], value), n))
    for key, n in taken:
        left[key] = left.get(key, 0) - n
    # One pass: the counts, and per code only the facets the rules and breakdowns read
    # (facet -> stored value -> n) and the block's sets of own codes.
    wanted = {*rules.facets, *(group.source for group in rules.groups.values()), "legal_ref"}
    counted: dict[str, int] = {}
    stored: dict[str, dict[str, dict[str, int]]] = {}
    sets: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (code, facet, value), n in left.items():
        if n <= 0 or code is None:
            continue
        if facet == "":
            counted[code] = n
        elif facet == "cats":
            sets[code].append((value, n))
        elif facet in wanted:
            stored.setdefault(code, {}).setdefault(facet, {})[value] = n
    counts = dict(sorted(counted.items()))
    per_code = {code: v for code, v in stored.items() if code in counts}
    cats = {code: v for code, v in sets.items() if code in counts}
    facets = {code: _facets(per_code.get(code, {}), rules) for code in counts}
    blocks = tuple(_block(b, tax, counts, facets, per_code, cats, ongoing_of) for b in spec)
    return Figures(
        period=period,
        blocks=blocks,
        counts=counts,
        facets=facets,
        ongoing={block: len(ids) for block, ids in sorted(ongoing_of.items())},
    )


def _values(stored: Mapping[str, Mapping[str, int]], facet: str) -> Counter[str]:
    """Incidents per single value of a base facet, from the stored values or sets."""
    found: Counter[str] = Counter()
    for value, n in stored.get(facet, {}).items():
        for single in value.split(SEP) if facet in SET_FACETS else (value,):
            found[single] += n
    return found


def _facets(
    stored: Mapping[str, Mapping[str, int]], rules: CountingRules
) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for facet in rules.facets:
        if facet in (*SET_FACETS, *VALUE_FACETS):
            counter = _values(stored, facet)
        elif facet in rules.groups:
            group = rules.groups[facet]
            counter = Counter()
            for value, n in stored.get(group.source, {}).items():
                raw = value.split(SEP) if group.source in SET_FACETS else [value]
                for g in {g for single in raw for g in group.groups_of(single)}:
                    counter[g] += n
        else:
            raise CountingError(
                f"unknown facet {facet!r} (not in the rules of {rules.organisation!r})"
            )
        if counter:
            result[facet] = _ranked(counter)
    return result


def _block(
    spec: BlockSpec,
    tax: Taxonomy,
    counts: Mapping[str, int],
    facets: Mapping[str, dict[str, dict[str, int]]],
    per_code: Mapping[str, Mapping[str, Mapping[str, int]]],
    cats: Mapping[str, list[tuple[str, int]]],
    ongoing_of: Mapping[str, set[int]],
) -> BlockFigure:
    item_codes = listed_codes(spec, tax)
    items = []
    for code in item_codes:
        breakdown = _breakdown(code, spec.breakdowns.get(code), tax, counts, facets, per_code)
        items.append(
            ItemFigure(code, counts.get(code, 0), "category", breakdown, facets.get(code, {}))
        )
    listed = set(item_codes)
    # An incident of the block is covered when one of its own codes lies within a listed item.
    others = any(
        not any(set(tax.lineage(own)) & listed for own in value.split(SEP))
        for value, _ in cats.get(spec.code, ())
    )
    ongoing_ids = tuple(sorted(ongoing_of.get(spec.code, set())))
    return BlockFigure(
        code=spec.code,
        total=counts.get(spec.code, 0),
        items=tuple(items),
        others=others,
        ongoing=len(ongoing_ids),
        ongoing_ids=ongoing_ids,
        facets=facets.get(spec.code, {}),
    )


def _breakdown(
    code: str,
    spec: BreakdownSpec | None,
    tax: Taxonomy,
    counts: Mapping[str, int],
    facets: Mapping[str, dict[str, dict[str, int]]],
    per_code: Mapping[str, Mapping[str, Mapping[str, int]]],
) -> tuple[ItemFigure, ...]:
    if spec is None:
        return ()
    if spec.by == "legal_ref":
        refs = _ranked(_values(per_code.get(code, {}), "legal_ref"))
        return tuple(ItemFigure(ref, n, "legal_ref") for ref, n in refs.items())
    codes = breakdown_codes(code, spec, tax)
    return tuple(
        ItemFigure(sub, counts.get(sub, 0), "category", (), facets.get(sub, {})) for sub in codes
    )
