"""The statistics month table: every month from the first on record to the current one, with
its origin and counts (portal/statistics.py slices it for the pages and the API).

Every month has exactly one origin:

- ``database``: published incidents are recorded in it. Counted as the monthly overview counts
  (``reports.build``'s *counts* figures, from the aggregate queries of ``reports.monthcounts``,
  kept in the per-month figures cache): distinct published incidents per code, a code's count
  including its sub-categories, reports on an ongoing case left out of new-cases-only blocks.
  A code with nothing in such a month is a real 0.
- ``published``: no incident in the database, but a published overview gave its figures
  (``overviews.PublishedStatistics``, monthly periods only). Codes it did not publish, and every
  region (overviews give no regional table to read back), have no value.
- ``none``: neither. The point is a gap ("no data"), never a 0.

Only published incidents count; nothing confidential is read. The table is built once per
process, publication generation and day, one build at a time; a web worker builds it in the
background (portal/warm.py), so a request slices memory and no visitor waits for a build.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db.models import Max, Min
from django.utils import timezone

from speechwatch.incidents.models import Incident, Status
from speechwatch.lib.dates import add_months, month_bounds
from speechwatch.overviews.models import OverviewDocument
from speechwatch.overviews.queries import published_figures
from speechwatch.portal import cache
from speechwatch.reference.models import Region
from speechwatch.reports.build import published_organisation
from speechwatch.reports.queries import report_rules
from speechwatch.reports.rows import Taxonomy

__all__ = [
    "MonthKey",
    "MonthRow",
    "MonthTable",
    "Origin",
    "month_span",
    "month_table",
    "month_text",
]

Origin = Literal["database", "published", "none", "mixed"]
MonthKey = tuple[int, int]
MEMO = "portal-statistics"  # its portal.cache.memo entry: (stamp, table)


def month_text(month: MonthKey) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


# --- the month table -----------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    origin: Origin
    counts: Mapping[str, int] = field(default_factory=dict)  # taxonomy code -> incidents
    regions: Mapping[str, int] = field(default_factory=dict)  # region code ("" none) -> incidents


@dataclass(frozen=True)
class MonthTable:
    months: tuple[MonthKey, ...]  # first month on record .. current month, consecutive
    rows: Mapping[MonthKey, MonthRow]
    blocks: tuple[str, ...]
    categories: tuple[str, ...]  # every code in file order (blocks included)
    labels: Mapping[str, Mapping[str, str]]  # code -> lang -> label
    regions: tuple[tuple[str, Mapping[str, str]], ...]  # (code, labels) in list order
    # Per (dimension, code): every month's point as JSON, written once (portal/statsjson.py).
    fragments: dict[tuple[str, str, int | None], list[str]] = field(
        default_factory=dict, compare=False, repr=False
    )


def month_span(months: Sequence[MonthKey]) -> list[MonthKey]:
    if not months:
        return []
    out = [min(months)]
    while out[-1] < max(months):
        out.append(add_months(*out[-1], 1))
    return out


def _build_table(today: date) -> MonthTable:
    # Imported here: the report machinery is only needed once per generation.
    from speechwatch.reports.loadrows import load_taxonomy
    from speechwatch.reports.monthstore import MonthFigures

    taxonomy, pairs = load_taxonomy()
    tax = Taxonomy([info for _, info in pairs])
    rules = report_rules()
    span = Incident.objects.filter(status=Status.PUBLISHED).aggregate(
        a=Min("recorded_on"), b=Max("recorded_on")
    )
    known: list[MonthKey] = [(today.year, today.month)]
    known += [(day.year, day.month) for day in (span["a"], span["b"]) if day is not None]
    organisation = published_organisation(rules) if OverviewDocument.objects.exists() else None
    first_pub = _first_published(organisation)
    if first_pub is not None:
        known.append(first_pub)
    months = month_span(known) if (span["a"] or first_pub) else []
    rows: dict[MonthKey, MonthRow] = {}
    if months:
        entries, _ = MonthFigures(taxonomy, pairs, rules, use_cache=True).entries(
            months, None, None
        )
        empty = []
        for month in months:
            entry = entries[month]
            if sum(entry.regions.values()):
                counts = {code: n for code, n in entry.figures.counts.items() if n}
                rows[month] = MonthRow("database", counts, dict(entry.regions))
            else:
                empty.append(month)
        published = _published(empty, tax, organisation)
        for month in empty:
            found = published.get(month)
            rows[month] = MonthRow("published", found) if found else MonthRow("none")
    return MonthTable(
        months=tuple(months),
        rows=rows,
        blocks=tuple(dict.fromkeys(tax.block_of(c) for c in tax.codes())),
        categories=tuple(tax.codes()),
        labels={info.code: dict(info.labels) for _, info in pairs},
        regions=tuple((r.code, dict(r.labels)) for r in Region.objects.only("code", "labels")),
    )


def _first_published(organisation: str | None) -> MonthKey | None:
    if organisation is None:
        return None
    monthly = OverviewDocument.objects.filter(
        organisation=organisation, period__regex=r"^[0-9]{4}-[0-9]{2}$"
    )  # a quarter or a year cannot be split into months
    day = monthly.aggregate(d=Min("period_start"))["d"]
    return (day.year, day.month) if day else None


def _published(
    months: Sequence[MonthKey], tax: Taxonomy, organisation: str | None
) -> dict[MonthKey, dict[str, int]]:
    """Per month without incidents: the codes its published overview gave (monthly periods
    only, codes this taxonomy knows; figures still awaiting review left out)."""
    if not months or organisation is None:
        return {}
    start, end = month_bounds(*min(months))[0], month_bounds(*max(months))[1]
    wanted = set(months)
    out: dict[MonthKey, dict[str, int]] = {}
    for f in published_figures(organisation, start, end):
        month = (f.period_start.year, f.period_start.month)
        if month in wanted and f.period_end == month_bounds(*month)[1] and f.code in tax:
            found = out.setdefault(month, {})
            found[f.code] = found.get(f.code, 0) + f.count
    return out


# --- the table held by this process ----------------------------------------------------------

_build_lock = threading.Lock()


def stamp_of(gen: int, today: date) -> int:
    """One number per generation and day, growing with both."""
    return gen * 10_000_000 + today.toordinal()


def month_table(gen: int | None = None) -> MonthTable:
    """The table for the publication generation ``gen`` (default: the current one) and today.

    Held: returned. Outdated while the background warmer runs (portal/warm.py): the held table
    is returned at once, the warmer woken and the response marked provisional (neither kept by
    the response cache nor given validators), so a visitor right after a publication sees the
    figures from before it for the second a build takes instead of waiting for it. Otherwise
    (no warmer: tests, commands, the development server) built here, one build at a time.
    """
    gen = cache.generation() if gen is None else gen
    today = timezone.localdate()
    stamp = stamp_of(gen, today)
    held = cache.memo_held(MEMO)
    if held is not None and held[0] >= stamp:  # a newer one (a later read) serves too
        return held[1]  # type: ignore[no-any-return]
    from speechwatch.portal import warm

    if held is not None and warm.active():
        warm.wake()
        cache.mark_provisional()
        return held[1]  # type: ignore[no-any-return]
    return ensure(gen, today)


def ensure(gen: int, today: date | None = None) -> MonthTable:
    """The table for ``gen`` and ``today``, built unless held (concurrent callers wait for the
    one build instead of each building it)."""
    today = today or timezone.localdate()
    stamp = stamp_of(gen, today)
    with _build_lock:
        held = cache.memo_held(MEMO)
        if held is not None and held[0] >= stamp:
            return held[1]  # type: ignore[no-any-return]
        return cache.memo(MEMO, stamp, lambda: _build_table(today))  # type: ignore[no-any-return]
