"""Load stage: months' kept tallies (incidents/monthtally.py) in the codes of the taxonomy
counted, and the tallies of the months' reports on ongoing cases. A month is a few hundred rows
of one index range whatever the number of its incidents; tallycount.py counts them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from django.db import connection

from speechwatch.incidents.models import MonthTally
from speechwatch.incidents.monthtally import (
    ALL,
    contributions,
    is_built,
    month_versions,
    reconcile_actors,
)
from speechwatch.reports.loadrows import OngoingReport, month_rows
from speechwatch.reports.loadsql import fetch_all
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
    found: dict[MonthKey, dict[tuple[str | None, str, str], int]] = {m: {} for m in months}
    if not keys:
        return dict(found)
    # One plain query (no model rows: a month at a million incidents is some 600 rows).
    table = connection.ops.quote_name(MonthTally._meta.db_table)
    categories = ", ".join(str(int(pk)) for pk in sorted(codes)) or "NULL"
    select = (
        f"SELECT month, category_id, facet, value, n FROM {table} "
        f"WHERE month IN ({', '.join(['%s'] * len(keys))})"
    )
    if counts_only:  # two ranges of the covering index (an OR made SQLite merge row ids)
        sql = (
            f"{select} AND category_id IN ({categories}) AND facet IN ('', 'legal_ref') "
            f"UNION ALL {select} AND category_id = {int(ALL)}"
        )
        params = list(keys) * 2
    else:
        sql, params = f"{select} AND category_id IN ({int(ALL)}, {categories})", list(keys)
    for month, category_id, facet, value, n in fetch_all(sql, params):
        if category_id == ALL:
            found[keys[month]][(None, facet, value)] = n
        elif facet == "cats":
            found[keys[month]][(codes[category_id], facet, _codes(codes, value))] = n
        else:
            found[keys[month]][(codes[category_id], facet, value)] = n
    return dict(found)


def ongoing_tallies(
    reports: Mapping[int, OngoingReport],
    codes: Mapping[int, str],
    tax: Taxonomy,
    blocks: Collection[str],
    *,
    full: Collection[MonthKey] = (),
) -> dict[MonthKey, dict[int, Tally]]:
    """Per month, the reports on ongoing cases (``loadrows.ongoing_reports``) with what each adds
    to the tallies of the ``blocks`` counted as new cases only (the rest of its tally stays
    counted).

    Only the ``full`` months (read whole by ``load_tallies``) need every facet: their reports'
    rows are read again with actors and region. The other months are read ``counts_only``, where
    what a report adds depends on nothing but its own codes in those blocks and its legal
    references, both at hand: one tally shared by every report adding the same (tallies are
    read, never changed, by tallycount.py)."""
    result: dict[MonthKey, dict[int, Tally]] = defaultdict(dict)
    if not reports or not blocks:
        return result
    wanted = set(full)
    whole = {
        pk: r.recorded_on
        for pk, r in reports.items()
        if (r.recorded_on.year, r.recorded_on.month) in wanted
    }
    if whole:
        for row in month_rows(codes, min(whole.values()), max(whole.values()), ongoing=whole):
            whole_own = [code for code in row.categories if tax.block_of(code) in blocks]
            result[(row.recorded_on.year, row.recorded_on.month)][row.id] = contributions(
                whole_own,
                tax.lineage,
                region=row.region,
                victim_types=row.victim_types,
                perpetrator_types=row.perpetrator_types,
                legal_refs=row.legal_refs,
            )
    shared: dict[tuple[tuple[str, ...], tuple[str, ...]], Tally] = {}
    for pk, report in reports.items():
        if pk in whole:
            continue
        own = tuple(code for code in report.categories if tax.block_of(code) in blocks)
        refs = tuple(sorted(set(report.legal_refs)))
        if (own, refs) not in shared:
            shared[(own, refs)] = contributions(own, tax.lineage, legal_refs=refs)
        result[(report.recorded_on.year, report.recorded_on.month)][pk] = shared[(own, refs)]
    return result
