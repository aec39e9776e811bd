"""Load stage: months' kept tallies (incidents/monthtally.py) in the codes of the taxonomy
counted, with the rows of their reports on ongoing cases. A month is a few hundred rows of one
index range whatever the number of its incidents; tallycount.py counts them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import connection

from speechwatch.incidents.models import MonthTally
from speechwatch.incidents.monthtally import (
    ALL,
    ONGOING,
    is_built,
    month_versions,
    reconcile_actors,
)
from speechwatch.incidents.tallyrows import SEP, joined
from speechwatch.lib.rawsql import fetch_all
from speechwatch.reports.tallycount import Tally

__all__ = ["MonthKey", "load_tallies", "month_versions", "tallies_ready"]

MonthKey = tuple[int, int]
CATS = ("cats", ONGOING + "cats")  # stored sets of category ids
COUNTED = ("", "legal_ref", "id")  # the ongoing reports' facets counts-only figures read


def tallies_ready() -> bool:
    """Whether the kept tallies stand for the data (actors reconciled first)."""
    if not is_built():
        return False
    reconcile_actors()
    return True


def _codes(codes: Mapping[int, str], ids: str) -> str:
    """A stored set of category ids as the set of their codes."""
    return joined(codes[int(c)] for c in ids.split(SEP))


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
        facets = ", ".join(f"'{f}'" for f in ("", "legal_ref", *(ONGOING + f for f in COUNTED)))
        sql = (
            f"{select} AND category_id IN ({categories}) AND facet IN ({facets}) "
            f"UNION ALL {select} AND category_id = {int(ALL)}"
        )
        params = list(keys) * 2
    else:
        sql, params = f"{select} AND category_id IN ({int(ALL)}, {categories})", list(keys)
    for month, category_id, facet, value, n in fetch_all(sql, params):
        if category_id == ALL:
            found[keys[month]][(None, facet, value)] = n
        elif facet in CATS:
            found[keys[month]][(codes[category_id], facet, _codes(codes, value))] = n
        else:
            found[keys[month]][(codes[category_id], facet, value)] = n
    return dict(found)
