"""Load stage: months' kept tallies (incidents/monthtally.py) in the codes of the taxonomy
counted, and the tallies of the months' reports on ongoing cases. A month is a few hundred rows
of one index range whatever the number of its incidents; tallycount.py counts them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from django.db.models import Q

from speechwatch.incidents.models import MonthTally
from speechwatch.incidents.monthtally import (
    ALL,
    contributions,
    is_built,
    month_versions,
    reconcile_actors,
)
from speechwatch.reports.loadrows import month_rows
from speechwatch.reports.rows import Taxonomy
from speechwatch.reports.tallycount import Tally

__all__ = ["MonthKey", "load_tallies", "month_versions", "ongoing_tallies", "tallies_ready"]

MonthKey = tuple[int, int]


def tallies_ready() -> bool:
    """Whether the kept tallies stand for the data (actors reconciled first)."""
    if not is_built():
        return False
    reconcile_actors()
    return True


def _codes(codes: Mapping[int, str], ids: str) -> str:
    """A stored set of category ids as the set of their codes."""
    return ",".join(sorted(codes[int(c)] for c in ids.split(",")))


def load_tallies(
    months: Sequence[MonthKey], codes: Mapping[int, str], *, counts_only: bool = False
) -> dict[MonthKey, Tally]:
    """The tallies of ``months`` (``codes``: category id -> code of the taxonomy counted);
    ``counts_only``: what comparisons and charts use (counts, legal references, regions)."""
    keys = {f"{y:04d}-{m:02d}": (y, m) for y, m in months}
    rows = MonthTally.objects.filter(month__in=list(keys), category_id__in=[ALL, *codes])
    if counts_only:
        rows = rows.filter(Q(facet__in=("", "legal_ref")) | Q(category_id=ALL))
    found: dict[MonthKey, dict[tuple[str | None, str, str], int]] = {m: {} for m in months}
    for month, category_id, facet, value, n in rows.values_list(
        "month", "category_id", "facet", "value", "n"
    ).iterator(chunk_size=5_000):
        if category_id == ALL:
            found[keys[month]][(None, facet, value)] = n
        elif facet == "cats":
            found[keys[month]][(codes[category_id], facet, _codes(codes, value))] = n
        else:
            found[keys[month]][(codes[category_id], facet, value)] = n
    return dict(found)


def ongoing_tallies(
    days: Mapping[int, date], codes: Mapping[int, str], tax: Taxonomy, blocks: Collection[str]
) -> dict[MonthKey, dict[int, Tally]]:
    """Per month, the reports on ongoing cases (``days``: id -> recorded_on, from
    ``loadrows.ongoing_ids``) with what each adds to the tallies of the ``blocks`` counted as
    new cases only (the rest of its tally stays counted)."""
    result: dict[MonthKey, dict[int, Tally]] = defaultdict(dict)
    if not days or not blocks:
        return result
    start, end = min(days.values()), max(days.values())
    for row in month_rows(codes, start, end, ongoing=days):
        own = [code for code in row.categories if tax.block_of(code) in blocks]
        result[(row.recorded_on.year, row.recorded_on.month)][row.id] = contributions(
            own,
            tax.lineage,
            region=row.region,
            victim_types=row.victim_types,
            perpetrator_types=row.perpetrator_types,
            legal_refs=row.legal_refs,
        )
    return result
