"""The home page (/): this month per block, the 12-month chart, latest incidents and overview.

Old links to the incident list at "/" keep working: "/" with any of the list's parameters
(its filters or ``cursor``) serves the list itself, whose canonical address is /incidents/.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.models import Incident, Status
from speechwatch.lib.dates import add_months
from speechwatch.lib.svgchart import Line, line_chart
from speechwatch.lib.text import pick_text
from speechwatch.portal import views
from speechwatch.portal.cache import csrf_context, request_generation
from speechwatch.portal.statistics import (
    MonthKey,
    Query,
    block_summary,
    month_table,
    month_text,
    statistics,
)
from speechwatch.portal.views_stats import origin_label
from speechwatch.reports.models import ReportVersion

LIST_PARAMS = frozenset(IncidentFilters.model_fields) | {"cursor"}
LATEST = 8
TITLES = ("title_en", "title_ru", "title_kk")


def home(request: HttpRequest) -> HttpResponse:
    if LIST_PARAMS.intersection(request.GET):
        return views.incidents(request)  # an old link to the list
    lang = get_language() or "en"
    gen = request_generation(request)
    month = shown_month(gen)
    summary = block_summary(month, lang, gen=gen)
    start = add_months(*month, -11)
    stats = statistics(Query("block", "month", start, month), lang, gen=gen)
    chart = line_chart(
        stats.periods,
        [Line(s.label, [p.value for p in s.points]) for s in stats.series],
        ident="home-12",
        title=_("Incidents per block, %(start)s – %(end)s")
        % {"start": stats.start, "end": stats.end},
        desc=_("Line chart, one line per block; months without data are marked “no data”."),
        no_data=_("no data"),
    )
    ref = views.reference(request, lang)
    context: dict[str, Any] = {
        "month": month_text(month),
        "is_current": month == _today(),
        "summary": summary,
        "chart": mark_safe(chart),  # every text is escaped in svgchart
        "chart_stats": stats,
        "chart_rows": [
            {
                "period": period,
                "cells": [
                    {"value": s.points[j].value, "origin": origin_label(s.points[j].origin)}
                    for s in stats.series
                ],
            }
            for j, period in enumerate(stats.periods)
        ],
        "records": latest_incidents(lang, ref.regions),
        "overview": latest_overview(),
        **csrf_context(request),
    }
    return render(request, "portal/home.html", context)


def latest_incidents(lang: str, regions: dict[str, str]) -> list[dict[str, Any]]:
    """The newest published incidents: id, day, title (with its language when it falls back)
    and region, from one indexed query (the list's serializer reads far more)."""
    rows = (
        Incident.objects.filter(status=Status.PUBLISHED)
        .order_by("-recorded_on", "-id")
        .values("external_id", "recorded_on", "region__code", *TITLES)[:LATEST]
    )
    out = []
    for row in rows:
        title, title_lang = pick_text({k[-2:]: row[k] for k in TITLES if row[k]}, lang)
        out.append(
            {
                "external_id": row["external_id"],
                "recorded_on": row["recorded_on"],
                "title_text": title or row["external_id"],
                "title_lang": title_lang,
                "region_label": regions.get(row["region__code"] or "", ""),
            }
        )
    return out


def _today() -> MonthKey:
    today = timezone.localdate()
    return (today.year, today.month)


def shown_month(gen: int) -> MonthKey:
    """The current month if it has data, else the latest month on record that has."""
    table = month_table(gen)
    current = _today()
    row = table.rows.get(current)
    if row is not None and row.origin != "none":
        return current
    with_data = [m for m in table.months if m <= current and table.rows[m].origin != "none"]
    return with_data[-1] if with_data else current


def latest_overview() -> dict[str, str] | None:
    """The newest published overview month, linked to its archive page."""
    version = (
        ReportVersion.objects.select_related("report")
        .order_by("-report__month", "-number")
        .only("report__month", "number", "published_at")
        .first()
    )
    if version is None:
        return None
    month = version.report.month
    url = ""
    for name, args in (("overview_month", [month]), ("overviews", [])):
        try:
            url = reverse(name, args=args)
            break
        except NoReverseMatch:
            continue
    return {"month": month, "url": url, "published_on": version.published_at.date().isoformat()}
