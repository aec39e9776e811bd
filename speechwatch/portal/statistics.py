"""Public statistics: counts by month (or year) x block | category | region, for the portal pages
and the API.

Every month from the first on record to the current one has exactly one origin:

- ``database``: published incidents are recorded in it. Counted as the monthly overview counts
  (``reports.build``'s *counts* figures, from the aggregate queries of ``reports.monthcounts``,
  kept in the per-month figures cache): distinct published incidents per code, a code's count
  including its sub-categories, reports on an ongoing case left out of new-cases-only blocks.
  A code with nothing in such a month is a real 0.
- ``published``: no incident in the database, but a published overview gave its figures
  (``overviews.PublishedStatistics``, monthly periods only). Codes it did not publish, and every
  region (overviews give no regional table to read back), have no value.
- ``none``: neither. The point is a gap ("no data"), never a 0.

Only published incidents count; nothing confidential is read. The month table is built once per
process and publication generation (``portal.cache.memo``), so a request slices memory.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db.models import Max, Min
from django.utils import timezone

from speechwatch.incidents.models import Incident, Status
from speechwatch.lib.dates import BadParameter, add_months, month_bounds, query_month
from speechwatch.overviews.models import OverviewDocument
from speechwatch.overviews.queries import published_figures
from speechwatch.portal.cache import generation, memo
from speechwatch.reference.models import Region
from speechwatch.reference.population import population
from speechwatch.reports.build import published_organisation
from speechwatch.reports.queries import report_rules
from speechwatch.reports.rows import Taxonomy

__all__ = [
    "DIMENSIONS",
    "MonthRow",
    "MonthTable",
    "Point",
    "Query",
    "Series",
    "Statistics",
    "StatisticsError",
    "block_summary",
    "month_table",
    "parse_query",
    "statistics",
]

Origin = Literal["database", "published", "none", "mixed"]
Dimension = Literal["block", "category", "region"]
DIMENSIONS: tuple[Dimension, ...] = ("block", "category", "region")
MonthKey = tuple[int, int]
PER = 100_000  # rates are per 100,000 inhabitants


def month_text(month: MonthKey) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


# --- the stable data types (the API serialises these) -----------------------------------------


@dataclass(frozen=True)
class Point:
    """One period of one series. ``value`` None is a gap ("no data"), never a zero. ``rate``: per
    100,000 inhabitants (regions with a population figure). ``missing``: months of a year that
    have no data (a year's value adds up the others)."""

    period: str  # "YYYY-MM", or "YYYY" by year
    value: int | None
    origin: Origin
    rate: float | None = None
    missing: int = 0


@dataclass(frozen=True)
class Series:
    code: str
    label: str
    points: tuple[Point, ...]
    population: int | None = None  # regions only

    @property
    def total(self) -> int:
        return sum(p.value or 0 for p in self.points)


@dataclass(frozen=True)
class Statistics:
    dimension: Dimension
    by: Literal["month", "year"]
    start: str  # first month of the range, "YYYY-MM"
    end: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    first_month: str | None  # the first month on record (None: nothing on record)
    population_source: str = ""  # regions: where the population figures come from


@dataclass(frozen=True)
class Query:
    dimension: Dimension = "block"
    by: Literal["month", "year"] = "month"
    start: MonthKey | None = None  # None: the first month on record
    end: MonthKey | None = None  # None: the current month
    codes: tuple[str, ...] = ()  # () = every code of the dimension

    def params(self) -> dict[str, str | list[str]]:
        """The query string that gives this query (pages link to their downloads with it)."""
        out: dict[str, str | list[str]] = {"dimension": self.dimension, "by": self.by}
        if self.start:
            out["from"] = month_text(self.start)
        if self.end:
            out["to"] = month_text(self.end)
        if self.codes:
            out["code"] = list(self.codes)
        return out


class StatisticsError(ValueError):
    """Refused parameters: ``problems`` is a list of (parameter, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))
        self.problems = problems


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


def _span(months: Sequence[MonthKey]) -> list[MonthKey]:
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
    months = _span(known) if (span["a"] or first_pub) else []
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


def month_table(gen: int | None = None) -> MonthTable:
    """Every month on record with its origin and counts, once per process, generation and day
    (the current month is always part of it)."""
    gen = generation() if gen is None else gen
    today = timezone.localdate()
    stamp = gen * 10_000_000 + today.toordinal()  # one entry, replaced on a new day too
    return memo("portal-statistics", stamp, lambda: _build_table(today))  # type: ignore[no-any-return]


# --- queries -------------------------------------------------------------------------------


def parse_query(params: Mapping[str, object]) -> Query:
    """The explorer's parameters (``dimension``, ``by``, ``from``, ``to``, ``code``, repeatable)
    from a QueryDict or a dict; StatisticsError names every refused one."""
    problems: list[tuple[str, str]] = []

    def get(name: str) -> str:
        value = params.get(name)
        return str(value).strip() if value else ""

    dimension = get("dimension") or "block"
    if dimension not in DIMENSIONS:
        problems.append(("dimension", f"one of {', '.join(DIMENSIONS)}"))
    by = get("by") or "month"
    if by not in ("month", "year"):
        problems.append(("by", "one of month, year"))
    bounds: dict[str, MonthKey | None] = {"from": None, "to": None}
    for name in bounds:
        if get(name):
            try:
                bounds[name] = query_month(name, get(name))
            except BadParameter as exc:
                problems.append((name, exc.message))
    if bounds["from"] and bounds["to"] and bounds["from"] > bounds["to"]:
        problems.append(("to", "must not be before from"))
    getlist = getattr(params, "getlist", None)
    raw = getlist("code") if getlist else params.get("code") or []
    listed: list[object] = [raw] if isinstance(raw, str) else list(raw)  # type: ignore[arg-type]
    codes = tuple(c for c in dict.fromkeys(str(c).strip() for c in listed) if c)
    if len(codes) > 50:
        problems.append(("code", "at most 50 codes"))
    if problems:
        raise StatisticsError(problems)
    return Query(dimension, by, bounds["from"], bounds["to"], codes)  # type: ignore[arg-type]


def _label(labels: Mapping[str, str], lang: str, code: str) -> str:
    return str(labels.get(lang) or labels.get("en") or code)


def statistics(query: Query, lang: str = "en", *, gen: int | None = None) -> Statistics:
    """The series ``query`` asks for. Unknown codes raise StatisticsError (parameter ``code``)."""
    table = month_table(gen)
    first = table.months[0] if table.months else None
    now = timezone.localdate()
    start = query.start or first or (now.year, now.month)
    end = query.end or (table.months[-1] if table.months else (now.year, now.month))
    if start > end:
        raise StatisticsError([("from", "is after the last month on record")])
    months = _span([start, end])
    if len(months) > 1200:
        raise StatisticsError([("from", "at most 100 years at a time")])
    if query.dimension == "region":
        known = {code: labels for code, labels in table.regions}
        order = [code for code, _ in table.regions]
    else:
        order = list(table.blocks if query.dimension == "block" else table.categories)
        known = {code: table.labels.get(code, {}) for code in order}
    unknown = [c for c in query.codes if c not in known]
    if unknown:
        raise StatisticsError([("code", f"unknown: {', '.join(unknown[:5])}")])
    codes = [c for c in order if c in query.codes] if query.codes else order
    pop = population() if query.dimension == "region" else None
    series = []
    for code in codes:
        people = pop.figures.get(code) if pop else None
        points = [_point(table.rows.get(m), query.dimension, code, month_text(m)) for m in months]
        if query.by == "year":
            points = _years(points)
        if people:
            points = [_with_rate(p, people) for p in points]
        series.append(Series(code, _label(known[code], lang, code), tuple(points), people))
    periods = tuple(p.period for p in series[0].points) if series else ()
    return Statistics(
        dimension=query.dimension,
        by=query.by,
        start=month_text(start),
        end=month_text(end),
        periods=periods,
        series=tuple(series),
        first_month=month_text(first) if first else None,
        population_source=pop.source if pop else "",
    )


def _point(row: MonthRow | None, dimension: Dimension, code: str, period: str) -> Point:
    if row is None or row.origin == "none":
        return Point(period, None, "none")
    if row.origin == "database":
        found = row.regions if dimension == "region" else row.counts
        return Point(period, int(found.get(code, 0)), "database")
    # A published overview: only what it published.
    value = None if dimension == "region" else row.counts.get(code)
    return Point(period, value, "published") if value is not None else Point(period, None, "none")


def _years(points: Sequence[Point]) -> list[Point]:
    """Months summed per year: a year with no data at all is a gap; ``missing`` counts the months
    without data; the origin is "mixed" when database and published months meet."""
    by_year: dict[str, list[Point]] = {}
    for p in points:
        by_year.setdefault(p.period[:4], []).append(p)
    out = []
    for year, found in by_year.items():
        with_data = [p for p in found if p.value is not None]
        origins = {p.origin for p in with_data}
        if not with_data:
            out.append(Point(year, None, "none", missing=len(found)))
            continue
        origin: Origin = origins.pop() if len(origins) == 1 else "mixed"
        total = sum(p.value or 0 for p in with_data)
        out.append(Point(year, total, origin, missing=len(found) - len(with_data)))
    return out


def _with_rate(point: Point, people: int) -> Point:
    if point.value is None:
        return point
    return Point(
        point.period, point.value, point.origin, round(point.value * PER / people, 2), point.missing
    )


# --- the home page's figures -----------------------------------------------------------------


@dataclass(frozen=True)
class BlockFigures:
    """One block in one month: the month, the month before and the year to date (None = no
    data), each with its origin."""

    code: str
    label: str
    month: Point
    previous: Point
    year_to_date: Point

    @property
    def change(self) -> int | None:
        if self.month.value is None or self.previous.value is None:
            return None
        return self.month.value - self.previous.value


def block_summary(
    month: MonthKey, lang: str = "en", *, gen: int | None = None
) -> list[BlockFigures]:
    """Per block: ``month``, the month before, and January..``month`` of its year."""
    first_of_year = (month[0], 1)
    before = add_months(*month, -1)
    stats = statistics(Query("block", "month", min(before, first_of_year), month), lang, gen=gen)
    out = []
    for s in stats.series:
        points = {p.period: p for p in s.points}
        ytd = _years([p for p in s.points if p.period[:4] == str(month[0])])
        out.append(
            BlockFigures(
                s.code,
                s.label,
                points[month_text(month)],
                points[month_text(before)],
                ytd[0] if ytd else Point(str(month[0]), None, "none"),
            )
        )
    return out
