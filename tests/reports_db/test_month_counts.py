"""Counts figures from aggregate queries equal the counting engine over the month's rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from speechwatch.cases.ongoing import ongoing_between
from speechwatch.lib.dates import month_bounds
from speechwatch.reports.counting import count_period
from speechwatch.reports.loadrows import load_taxonomy, month_rows
from speechwatch.reports.monthcounts import count_months
from speechwatch.reports.queries import report_rules
from speechwatch.reports.rows import Period, Taxonomy
from tests.reports_db.records import import_records, incident


def _engine(month: tuple[int, int], codes, tax, rules):  # type: ignore[no-untyped-def]
    start, end = month_bounds(*month)
    rows = month_rows(codes, start, end, actors=False)
    regions = Counter(row.region for row in rows)
    counted = [row for row in rows if row.categories]
    return count_period(counted, tax, rules, (), Period.month(*month)), dict(regions)


def _check(months: list[tuple[int, int]]) -> None:
    _, pairs = load_taxonomy()
    tax = Taxonomy([info for _, info in pairs])
    codes = {pk: info.code for pk, info in pairs}
    rules = replace(report_rules(), facets=("legal_ref",), groups={}, month_by="recorded_on")
    start, end = month_bounds(*months[0])[0], month_bounds(*months[-1])[1]
    entries = count_months(months, codes, tax, rules, ongoing_between(start, end))
    for month in months:
        figures, regions = _engine(month, codes, tax, rules)
        assert entries[month].figures == figures, month
        assert entries[month].regions == {k: v for k, v in regions.items() if v}, month


def test_every_demo_month_equals_the_engine(demo) -> None:
    months = [(y, m) for y in (2023, 2024) for m in range(1, 13)]
    _check(months)


def test_ongoing_cases_and_missing_regions(installed, tmp_path: Path) -> None:
    # An uncategorised incident counts in the regions only; a region-less one under "".
    import_records(
        tmp_path,
        [
            incident("a", categories=["L.criminal"], legal_refs=["PC 274"]),
            incident("b", categories=["R.threat", "R.obstruction"], region=""),
            incident("c", categories=["I.refusal"], region="astana"),
        ],
    )
    _check([(2024, 3), (2024, 4), (2024, 5)])
