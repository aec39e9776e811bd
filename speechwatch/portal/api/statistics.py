"""/api/v1/statistics: counts by month or year and block, category or region, with their origin.

A month without data is a gap (`value` null, `origin` "none"), never a zero.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, WithJsonSchema

from speechwatch.incidents.filters import CODE_PATTERN
from speechwatch.lib.dates import add_months, query_month
from speechwatch.portal import statistics as stats
from speechwatch.portal.api.common import Lang, month_param, responses
from speechwatch.portal.cache import request_generation
from speechwatch.portal.statsjson import month_json

router = Router(tags=["statistics"])

MAX_MONTHS = 1200  # statistics.statistics() answers at most 100 years at a time
MAX_CODES = 50
JSON = "application/json; charset=utf-8"
Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=200)]
Codes = Annotated[
    list[Code] | None,
    Field(max_length=MAX_CODES),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "string", "pattern": CODE_PATTERN, "maxLength": 200},
            "maxItems": MAX_CODES,
            "description": "codes of the dimension (repeat the parameter); all when left out",
        }
    ),
]


class PointOut(Schema):
    period: str = Field(description="YYYY-MM, or YYYY by year")
    value: int | None = Field(description="null: no data for this period (a gap, not a zero)")
    origin: stats.Origin = Field(
        description="database: counted from published incidents; published: read back from a "
        "published overview; none: no data; mixed: a year made of months of several origins"
    )
    rate: float | None = Field(description="per 100,000 inhabitants (regions)")
    missing: int = Field(description="by year: months of the year without data")


class SeriesOut(Schema):
    code: str
    label: str
    points: list[PointOut]
    population: int | None


class StatisticsOut(Schema):
    dimension: Literal[stats.DIMENSIONS]  # type: ignore[valid-type]
    by: Literal["month", "year"]
    start: str
    end: str
    periods: list[str]
    series: list[SeriesOut]
    first_month: str | None = Field(description="the first month on record")
    population_source: str


class StatisticsQuery(Schema):
    dimension: Literal[stats.DIMENSIONS] = "block"  # type: ignore[valid-type]
    by: Literal["month", "year"] = "month"
    from_: month_param("first month (default: the first on record)") = Field(None, alias="from")  # type: ignore[valid-type]
    to: month_param("last month (default: the last on record)") = None  # type: ignore[valid-type]
    code: Codes = None
    lang: Lang = "en"


def _span(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


@router.get("/statistics", response=responses(StatisticsOut, params=True, missing=True))
def statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> Any:
    """Counts over a range of months, one series per code, each point with its origin.

    `from` after `to` gives no periods; a range longer than 100 years is cut to its last 100
    (`start` says where the answer begins). An unknown code is a 404.
    """
    gen = request_generation(request)
    table = stats.month_table(gen)
    today = timezone.localdate()
    last = table.months[-1] if table.months else (today.year, today.month)
    first = table.months[0] if table.months else last
    start = query_month("from", query.from_) if query.from_ else first
    end = query_month("to", query.to) if query.to else last
    if start > end:
        return _empty(query, start, end, table)
    if _span(start, end) > MAX_MONTHS:
        start = add_months(*end, -(MAX_MONTHS - 1))
    wanted = stats.Query(
        query.dimension, query.by, start, end, tuple(dict.fromkeys(query.code or ()))
    )
    try:
        text = month_json(wanted, query.lang, gen)
        if text is not None:
            return HttpResponse(text, content_type=JSON)
        found = stats.statistics(wanted, query.lang, gen=gen)
    except stats.StatisticsError as exc:
        raise HttpError(404, str(exc)) from None
    return _json(found)


def _json(found: stats.Statistics) -> HttpResponse:
    """StatisticsOut written directly: validating a thousand points through the schema costs
    ten times more than the answer (tests/api check the body against the OpenAPI document)."""
    series = [
        {
            "code": s.code,
            "label": s.label,
            "points": [
                {
                    "period": p.period,
                    "value": p.value,
                    "origin": p.origin,
                    "rate": p.rate,
                    "missing": p.missing,
                }
                for p in s.points
            ],
            "population": s.population,
        }
        for s in found.series
    ]
    body = {
        "dimension": found.dimension,
        "by": found.by,
        "start": found.start,
        "end": found.end,
        "periods": list(found.periods),
        "series": series,
        "first_month": found.first_month,
        "population_source": found.population_source,
    }
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(text, content_type=JSON)


def _empty(query: StatisticsQuery, start: tuple[int, int], end: tuple[int, int], table: Any) -> Any:
    return {
        "dimension": query.dimension,
        "by": query.by,
        "start": stats.month_text(start),
        "end": stats.month_text(end),
        "periods": [],
        "series": [],
        "first_month": stats.month_text(table.months[0]) if table.months else None,
        "population_source": "",
    }
