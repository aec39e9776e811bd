"""Public statistics: counts by month (or year) x block | category | region, for the portal pages
and the API, sliced from the month table (portal/monthtable.py: every month on record with its
origin, database, published or none). A month without data is a gap, never a zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils import timezone

from speechwatch.lib.dates import BadParameter, add_months, query_month
from speechwatch.portal.monthtable import (
    MonthKey,
    MonthRow,
    MonthTable,
    Origin,
    month_span,
    month_table,
    month_text,
)
from speechwatch.reference.population import population

__all__ = [
    "DIMENSIONS",
    "MonthKey",
    "MonthRow",
    "MonthTable",
    "Point",
    "Query",
    "Series",
    "Statistics",
    "StatisticsError",
    "block_summary",
    "month_table",
    "month_text",
    "parse_query",
    "statistics",
]

Dimension = Literal["block", "category", "region"]
DIMENSIONS: tuple[Dimension, ...] = ("block", "category", "region")
PER = 100_000  # rates are per 100,000 inhabitants


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


def label_in(labels: Mapping[str, str], lang: str, code: str) -> str:
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
    months = month_span([start, end])
    if len(months) > 1200:
        raise StatisticsError([("from", "at most 100 years at a time")])
    codes, known = series_codes(table, query)
    pop = population() if query.dimension == "region" else None
    series = []
    for code in codes:
        people = pop.figures.get(code) if pop else None
        dim = query.dimension
        points = [month_point(table.rows.get(m), dim, code, month_text(m)) for m in months]
        if query.by == "year":
            points = _years(points)
        if people:
            points = [with_rate(p, people) for p in points]
        series.append(Series(code, label_in(known[code], lang, code), tuple(points), people))
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


def series_codes(table: MonthTable, query: Query) -> tuple[list[str], dict[str, Mapping[str, str]]]:
    """The codes ``query`` asks for in the dimension's order, and every code's labels; unknown
    codes raise StatisticsError (parameter ``code``)."""
    if query.dimension == "region":
        known = {code: labels for code, labels in table.regions}
        order = [code for code, _ in table.regions]
    else:
        order = list(table.blocks if query.dimension == "block" else table.categories)
        known = {code: table.labels.get(code, {}) for code in order}
    unknown = [c for c in query.codes if c not in known]
    if unknown:
        raise StatisticsError([("code", f"unknown: {', '.join(unknown[:5])}")])
    return ([c for c in order if c in query.codes] if query.codes else order), known


def month_point(row: MonthRow | None, dimension: Dimension, code: str, period: str) -> Point:
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


def with_rate(point: Point, people: int) -> Point:
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
