"""The region map (/map/): a tile grid of the 17 regions and 3 cities as inline SVG.

Incidents per region over a range of months (the last 12 by default), as counts or per 100,000
inhabitants. Each tile links to the incident list filtered by its region and the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from speechwatch.lib.dates import add_months, month_bounds
from speechwatch.portal.cache import csrf_context, request_generation
from speechwatch.portal.statistics import Query, StatisticsError, parse_query, statistics
from speechwatch.portal.views import bad_request
from speechwatch.portal.views_home import shown_month
from speechwatch.reference.population import TileMap, tilemap

TILE, GAP = 84, 6
# Sequential blues (ColorBrewer "Blues"); the text colour per class keeps a contrast >= 4.5:1.
SHADES = ("#eff3ff", "#c6dbef", "#9ecae1", "#2171b5", "#08306b")
INKS = ("#1d2430", "#1d2430", "#1d2430", "#ffffff", "#ffffff")


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    col: int
    row: int
    value: int | None  # None: no data in the range
    rate: float | None  # per 100,000; None without a population figure
    url: str


def shade(value: float | None, top: float) -> int:
    """Class 0..4 of ``value`` on a scale up to ``top`` (-1: no value)."""
    if value is None:
        return -1
    if top <= 0 or value <= 0:
        return 0
    return min(4, 1 + int(4 * value / top - 1e-9)) if value < top else 4


def draw(tiles: list[Tile], grid: TileMap, *, per_capita: bool, title: str, desc: str) -> str:
    width = grid.columns * (TILE + GAP)
    height = grid.rows * (TILE + GAP)
    values = [t.rate if per_capita else t.value for t in tiles]
    top = max((v for v in values if v is not None), default=0)
    out = [
        # A group, not an image: its tiles are links a keyboard and a screen reader reach.
        f'<svg class="tilemap" viewBox="0 0 {width} {height}" width="100%" role="group" '
        'aria-labelledby="map-t" aria-describedby="map-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="map-t">{escape(title)}</title><desc id="map-d">{escape(desc)}</desc>',
    ]
    for tile, value in zip(tiles, values, strict=True):
        k = shade(value, top)
        fill, ink = (SHADES[k], INKS[k]) if k >= 0 else ("#ffffff", "#1d2430")
        x, y = tile.col * (TILE + GAP), tile.row * (TILE + GAP)
        shown = _("no data") if value is None else f"{value:g}"
        said = shown
        if per_capita and value is None and tile.value is not None:  # incidents, no population
            shown, said = "—", f"{tile.value} · {_('no population figure')}"
        words = _short(tile.label)
        out.append(
            f'<a href="{escape(tile.url)}"><title>{escape(tile.label)}: {escape(said)}</title>'
            f'<rect class="tile{" tile-empty" if k < 0 else ""}" x="{x}" y="{y}" width="{TILE}" '
            f'height="{TILE}" rx="4" fill="{fill}" stroke="#5b6575"/>'
        )
        for i, word in enumerate(words):
            out.append(
                f'<text class="tile-label" x="{x + TILE / 2}" y="{y + 18 + 13 * i}" '
                f'text-anchor="middle" fill="{ink}">{escape(word)}</text>'
            )
        out.append(
            f'<text class="tile-value" x="{x + TILE / 2}" y="{y + TILE - 10}" '
            f'text-anchor="middle" fill="{ink}">{escape(shown)}</text></a>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _short(label: str) -> list[str]:
    """The label in at most 3 short lines ("North Kazakhstan Region" -> 2 lines)."""
    words = label.replace("-", "- ").split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(word) < 12:
            lines[-1] = f"{lines[-1]} {word}".replace("- ", "-")
        else:
            lines.append(word)
    return lines[:3]


def region_map(request: HttpRequest) -> HttpResponse:
    lang = get_language() or "en"
    gen = request_generation(request)
    per_capita = request.GET.get("per") == "100k"
    if request.GET.get("per") not in (None, "", "count", "100k"):
        return bad_request(request, [("per", _("one of count, 100k"))])
    try:
        asked = parse_query({k: request.GET.get(k, "") for k in ("from", "to")})
        last = asked.end or shown_month(gen)
        first = asked.start or add_months(*last, -11)
        if first > last:
            raise StatisticsError([("from", _("is after to"))])
        stats = statistics(Query("region", "month", first, last), lang, gen=gen)
    except StatisticsError as exc:
        return bad_request(request, exc.problems)
    grid = tilemap()
    date_from, date_to = month_bounds(*first)[0], month_bounds(*last)[1]
    tiles, others = [], []
    for s in stats.series:
        value = sum(p.value for p in s.points if p.value is not None)
        has_data = any(p.value is not None for p in s.points)
        rate = round(value * 100_000 / s.population, 2) if s.population and has_data else None
        params = {"region": s.code, "date_from": str(date_from), "date_to": str(date_to)}
        url = f"{reverse('incidents')}?{urlencode(params)}"
        tile = Tile(s.code, s.label, 0, 0, value if has_data else None, rate, url)
        if s.code in grid.tiles:
            col, row = grid.tiles[s.code]
            tiles.append(Tile(tile.code, tile.label, col, row, tile.value, rate, url))
        else:
            others.append(tile)
    unit = _("per 100,000 inhabitants") if per_capita else _("incidents")
    title = _("Incidents by region, %(start)s – %(end)s (%(unit)s)") % {
        "start": stats.start,
        "end": stats.end,
        "unit": unit,
    }
    svg = draw(
        tiles,
        grid,
        per_capita=per_capita,
        title=title,
        desc=_("Each square is a region or city, placed roughly where it lies; darker is more."),
    )
    context = {
        "svg": mark_safe(svg),  # every text is escaped in draw()
        "title": title,
        "tiles": sorted(tiles, key=lambda t: t.label),
        "others": others,
        "per_capita": per_capita,
        "start": stats.start,
        "end": stats.end,
        "population_source": stats.population_source,
        "legend": list(zip(SHADES, range(5), strict=True)),
        **csrf_context(request),
    }
    return render(request, "portal/map.html", context)
