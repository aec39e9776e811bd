"""The statistics explorer (/statistics/) and its CSV/JSON downloads (same parameters)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from speechwatch.lib.dates import add_months
from speechwatch.lib.svgchart import Bar, bar_chart
from speechwatch.portal.cache import csrf_context, request_generation
from speechwatch.portal.statistics import (
    DIMENSIONS,
    Point,
    Query,
    Series,
    Statistics,
    StatisticsError,
    month_table,
    parse_query,
    statistics,
)
from speechwatch.portal.views import bad_request

MAX_CHARTS = 8  # charts drawn; the table and downloads carry every series
PAGE_MONTHS = 24


def origin_label(origin: str) -> str:
    return {
        "database": _("database"),
        "published": _("published overview"),
        "mixed": _("database and published overview"),
    }.get(origin, _("no data"))


def dimension_labels() -> dict[str, str]:
    return {"block": _("Block"), "category": _("Category"), "region": _("Region")}


def series_chart(series: Series, ident: str, *, rate: bool = False) -> str:
    """One series as bars, gaps marked "no data"; each bar says its value and source."""
    bars = []
    for p in series.points:
        value: float | None = p.rate if rate else p.value
        if rate and p.value is not None and p.rate is None:
            value = None
        tip = f"{p.period}: {_fmt(value)} ({origin_label(p.origin)})"
        bars.append(Bar(p.period, value, tip))
    unit = _("per 100,000 inhabitants") if rate else _("incidents")
    return bar_chart(
        bars,
        ident=ident,
        title=f"{series.label} — {unit}",
        desc=_("Bar chart by period; periods without data are marked “no data”."),
        no_data=_("no data"),
    )


def _fmt(value: float | None) -> str:
    return _("no data") if value is None else f"{value:g}"


def _codes(dimension: str, lang: str, gen: int) -> list[tuple[str, str]]:
    table = month_table(gen)
    if dimension == "region":
        return [(code, str(labels.get(lang) or code)) for code, labels in table.regions]
    codes = table.blocks if dimension == "block" else table.categories
    return [(c, str(table.labels.get(c, {}).get(lang) or c)) for c in codes]


def explorer(request: HttpRequest) -> HttpResponse:
    lang = get_language() or "en"
    gen = request_generation(request)
    try:
        query = _page_defaults(parse_query(request.GET), gen)
        stats = statistics(query, lang, gen=gen)
    except StatisticsError as exc:
        return bad_request(request, exc.problems)
    charted = list(stats.series)
    if len(charted) > MAX_CHARTS and not query.codes:  # the largest, in the taxonomy's order
        largest = {s.code for s in sorted(charted, key=lambda s: -s.total)[:MAX_CHARTS]}
        charted = [s for s in charted if s.code in largest]
    charted = charted[:MAX_CHARTS]
    rate = query.dimension == "region"
    charts = [
        {
            "series": s,
            "svg": mark_safe(series_chart(s, f"chart-{i}")),  # escaped in svgchart
            "rate_svg": mark_safe(series_chart(s, f"rate-{i}", rate=True))
            if rate and s.population
            else "",
            "rows": [_row(p) for p in s.points],
        }
        for i, s in enumerate(charted)
    ]
    context = {
        "stats": stats,
        "query": query,
        "charts": charts,
        "table_rows": _table(stats),
        "dimension_options": [(d, dimension_labels()[d]) for d in DIMENSIONS],
        "code_options": _codes(query.dimension, lang, gen),
        "download_query": urlencode(query.params(), doseq=True),
        "more": len(stats.series) - len(charted),
        **csrf_context(request),
    }
    return render(request, "portal/statistics.html", context)


def _page_defaults(query: Query, gen: int) -> Query:
    """By month without ``from``, the page shows the last 24 months (the downloads and the API
    start at the first month on record); by year, everything."""
    if query.start is not None or query.by != "month":
        return query
    months = month_table(gen).months
    end = query.end or (months[-1] if months else None)
    if end is None:
        return query
    start = max(add_months(*end, -(PAGE_MONTHS - 1)), months[0] if months else end)
    return replace(query, start=min(start, end))


def _row(p: Point) -> dict[str, Any]:
    return {
        "period": p.period,
        "value": p.value,
        "rate": p.rate,
        "origin": p.origin,
        "origin_label": origin_label(p.origin),
        "missing": p.missing,
    }


def _table(stats: Statistics) -> list[dict[str, Any]]:
    """Periods as rows, series as columns: (value, origin) per cell."""
    rows = []
    for j, period in enumerate(stats.periods):
        cells = [s.points[j] for s in stats.series]
        rows.append({"period": period, "cells": [_row(p) for p in cells]})
    return rows


# --- downloads -------------------------------------------------------------------------------

CSV_FIELDS = ("dimension", "code", "label", "period", "value", "origin", "per_100k", "missing")


def download_data(stats: Statistics) -> dict[str, Any]:
    """The JSON document of a query (also the CSV's rows)."""
    return {
        "dimension": stats.dimension,
        "by": stats.by,
        "from": stats.start,
        "to": stats.end,
        "first_month": stats.first_month,
        "population_source": stats.population_source or None,
        "periods": list(stats.periods),
        "series": [
            {
                "code": s.code,
                "label": s.label,
                "population": s.population,
                "points": [asdict(p) for p in s.points],
            }
            for s in stats.series
        ],
    }


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        return bad_request(request, [("format", _("one of csv, json"))])
    try:
        query: Query = parse_query(request.GET)
        stats = statistics(query, get_language() or "en", gen=request_generation(request))
    except StatisticsError as exc:
        return bad_request(request, exc.problems)
    if fmt == "json":
        body = json.dumps(download_data(stats), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_FIELDS)
        for s in stats.series:
            for p in s.points:
                value = "" if p.value is None else p.value
                rate = "" if p.rate is None else p.rate
                row = [stats.dimension, s.code, s.label, p.period, value, p.origin, rate, p.missing]
                writer.writerow([_safe(str(v)) for v in row])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{stats.dimension}.{fmt}"'
    return response


def _safe(cell: str) -> str:
    # Spreadsheet-safe: a label starting with = + - @ is not run as a formula.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") and not _number(cell) else cell


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
