"""Server-rendered SVG charts, one writer in two styles.

- ``PAGE`` (the portal): ``bar_chart`` and ``line_chart``. Marks carry the classes ``sc-*`` of
  portal.css, the chart fills its container, title and description are wired to ``role="img"``
  by ``aria-labelledby``, and every bar, point and gap has a <title> tip. Pages put the data
  table next to it.
- ``STANDALONE`` (the overview): ``svg_chart`` draws a report chart (the 12-month line chart or
  horizontal bars with wrapped labels) that needs no stylesheet: the look is in presentation
  attributes, the width is fixed, the title is drawn, text stays text in DejaVu Sans (Cyrillic
  and Kazakh letters survive and can be searched), the same markup in an HTML file, under a
  strict Content-Security-Policy and in WeasyPrint's PDF.

Both: pure string building (a few milliseconds), byte-identical for the same input, every text
escaped, no ``style`` attribute (the CSP allows none), the same Okabe–Ito colours in one order,
and a period without data is a shaded band labelled "no data" that breaks the line, never a zero.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

__all__ = [
    "COLOURS", "FONT", "PAGE", "STANDALONE", "Bar", "ChartData", "Line", "Style",
    "bar_chart", "gaps", "int_ticks", "line_chart", "nice_max", "svg_chart",
]  # fmt: skip

from speechwatch.lib.svgmarks import (
    CHAR_W,
    COLOURS,
    FONT,
    PAGE,
    STANDALONE,
    Style,
    colour,
    fmt,
    gap_band,
    grid,
    num,
    swatch,
    text,
)

# --- PAGE: the portal's charts ----------------------------------------------------------------

LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 46


@dataclass(frozen=True)
class Bar:
    label: str  # the x-axis label ("2024-04")
    value: float | None  # None: no data
    tip: str = ""  # the bar's <title>; defaults to "label: value"


@dataclass(frozen=True)
class Line:
    name: str
    values: Sequence[float | None]


def nice_max(value: float) -> float:
    """The axis top: 1, 2 or 5 times a power of ten, at least ``value`` (and at least 1)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _page_open(width: int, height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="sc" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _page_axes(
    out: list[str], labels: Sequence[str], top: float, width: int, height: int, step: float
) -> None:
    plot_h = height - TOP - BOTTOM
    for i in range(3):  # 0, half, top
        y = TOP + plot_h - plot_h * i / 2
        out.append(grid(PAGE, LEFT, width - RIGHT, y, y))
        out.append(text(PAGE, "tick", LEFT - 4, y + 3, fmt(top * i / 2), "end"))
    every = max(1, math.ceil(len(labels) / 12))  # at most ~12 labels on the axis
    base = TOP + plot_h
    for j, label in enumerate(labels):
        if j % every and j != len(labels) - 1:
            continue
        x, y = LEFT + step * (j + 0.5), base + 12
        out.append(
            text(PAGE, "tick", x, y, label, "end", transform=f"rotate(-45 {num(x)} {num(y)})")
        )


def bar_chart(
    bars: Sequence[Bar],
    *,
    ident: str,
    title: str,
    desc: str,
    no_data: str = "no data",
    width: int = 640,
    height: int = 220,
    colour: str = COLOURS[0],
) -> str:
    """One series as vertical bars; ``ident`` makes the title/desc ids unique on the page."""
    out = _page_open(width, height, ident, title, desc)
    step = (width - LEFT - RIGHT) / max(1, len(bars))
    top = nice_max(max((b.value for b in bars if b.value is not None), default=0))
    plot_h = height - TOP - BOTTOM
    _page_axes(out, [b.label for b in bars], top, width, height, step)
    for j, bar in enumerate(bars):
        if bar.value is None:
            gap_band(out, PAGE, LEFT + step * (j + 0.5), step, (TOP, plot_h), bar.label, no_data)
            continue
        h = plot_h * bar.value / top
        tip = bar.tip or f"{bar.label}: {fmt(bar.value)}"
        out.append(
            f'<rect class="sc-bar" x="{num(LEFT + step * j + step * 0.1)}" '
            f'y="{num(TOP + plot_h - h)}" width="{num(step * 0.8)}" height="{num(h)}" '
            f'fill="{colour}"><title>{escape(tip)}</title></rect>'
        )
    out.append("</svg>")
    return "\n".join(out)


def line_chart(
    labels: Sequence[str],
    lines: Sequence[Line],
    *,
    ident: str,
    title: str,
    desc: str,
    no_data: str = "no data",
    width: int = 640,
    height: int = 240,
) -> str:
    """Several series over the same periods; a None breaks the line, and a period where every
    series is None is marked "no data". A legend follows as text under the axis."""
    out = _page_open(width, height + 18 * len(lines), ident, title, desc)
    step = (width - LEFT - RIGHT) / max(1, len(labels))
    top = nice_max(max((v for line in lines for v in line.values if v is not None), default=0))
    plot_h = height - TOP - BOTTOM
    _page_axes(out, labels, top, width, height, step)
    for j in _gap_positions(len(labels), [line.values for line in lines]):
        gap_band(out, PAGE, LEFT + step * (j + 0.5), step, (TOP, plot_h), labels[j], no_data)
    for i, line in enumerate(lines):
        hue = colour(i)
        runs: list[list[str]] = [[]]
        dots = []
        for j, value in enumerate(line.values):
            if value is None:
                runs.append([])
                continue
            cx, cy = num(LEFT + step * (j + 0.5)), num(TOP + plot_h - plot_h * value / top)
            runs[-1].append(f"{cx},{cy}")
            tip = f"{line.name}, {labels[j]}: {fmt(value)}"
            dots.append(
                f'<circle cx="{cx}" cy="{cy}" r="3" fill="{hue}"><title>{escape(tip)}</title>'
                "</circle>"
            )
        out.append(f'<g class="sc-line" stroke="{hue}" fill="none">')
        out += [f'<polyline points="{" ".join(r)}" stroke-width="2"/>' for r in runs if len(r) > 1]
        out.append("</g>")
        out.extend(dots)
    for i, line in enumerate(lines):  # the legend, one series a line
        x, y = LEFT, height + 4 + 18 * i
        out.append(swatch(x, y, colour(i)))
        name = line.name if len(line.name) <= 90 else line.name[:89] + "…"
        out.append(text(PAGE, "legend", x + 14, y + 9, name))
    out.append("</svg>")
    return "\n".join(out)


def _gap_positions(n: int, series: Sequence[Sequence[float | None]]) -> list[int]:
    return [j for j in range(n) if series and all(values[j] is None for values in series)]


# --- STANDALONE: the overview's charts ---------------------------------------------------------

WIDTH = 700
TITLE = 14


class ChartData(Protocol):
    """What the overview's ``Chart`` (reports/document.py) offers; lib imports no app."""

    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...  # "line", or bars ("bar"/"barh": drawn horizontally)
    @property
    def labels(self) -> Sequence[str]: ...
    @property
    def series(self) -> Sequence[tuple[str, Sequence[int | None]]]: ...
    @property
    def no_data(self) -> str: ...


def gaps(chart: ChartData) -> list[int]:
    """Positions with no data in any series (marked "no data" on the chart)."""
    return _gap_positions(len(chart.labels), [values for _, values in chart.series])


def int_ticks(top: int) -> tuple[int, list[int]]:
    """Integer axis ticks from 0: a step of 1, 2 or 5 times a power of ten, about five ticks."""
    top = max(top, 1)
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    last = step * math.ceil(top / step)
    return last, list(range(0, last + 1, step))


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="20" font-size="{TITLE}" text-anchor="start" font-weight="bold">'
        f"{escape(title)}</text>",
    ]


def _legend_rows(names: Sequence[str], width: int) -> list[list[tuple[int, str, float]]]:
    """Series names laid out in rows: (series index, name, advance) each."""
    rows: list[list[tuple[int, str, float]]] = [[]]
    for i, name in enumerate(names):
        advance = 18 + len(name) * CHAR_W
        if rows[-1] and sum(w for _, _, w in rows[-1]) + advance > width - 40:
            rows.append([])
        rows[-1].append((i, name, advance))
    return rows


def _legend(out: list[str], names: Sequence[str], y: float, width: int) -> None:
    """Series names below the plot, centred rows of coloured squares."""
    for row in _legend_rows(names, width):
        x = (width - sum(w for _, _, w in row)) / 2
        for i, name, w in row:
            out.append(swatch(x, y - 9, colour(i)))
            out.append(text(STANDALONE, "legend", x + 14, y, name))
            x += w
        y += 18


def _axis(left: float, top: float, base: float, right: float) -> str:
    path = f"M{left} {top}V{base}H{num(right)}"
    return f'<path d="{path}" fill="none" stroke="#333333" stroke-width="0.8"/>'


def _line(chart: ChartData) -> str:
    left, right, top, plot_h = 48, 16, 36, 240
    names = [name for name, _ in chart.series]
    longest = max((len(label) for label in chart.labels), default=0)
    label_h = 12 + longest * CHAR_W * 0.71  # labels turned 45 degrees
    legend_rows = len(_legend_rows(names, WIDTH))
    height = int(top + plot_h + label_h + (18 * legend_rows + 10 if len(names) > 1 else 8))
    values = [v for _, series in chart.series for v in series if v is not None]
    y_top, ticks = int_ticks(max(values, default=0))
    width = WIDTH - left - right
    step = width / max(len(chart.labels), 1)
    base = top + plot_h

    def x_of(j: int) -> float:
        return left + step * (j + 0.5)

    def y_of(v: float) -> float:
        return base - plot_h * v / y_top

    out = _open(WIDTH, height, chart.title)
    for tick in ticks:
        out.append(grid(STANDALONE, left, left + width, y_of(tick), y_of(tick)))
        out.append(text(STANDALONE, "tick", left - 6, y_of(tick) + 4, str(tick), "end"))
    for j in gaps(chart):
        gap_band(out, STANDALONE, x_of(j), step, (top, plot_h), chart.labels[j], chart.no_data)
    out.append(_axis(left, top, base, left + width))
    for j, label in enumerate(chart.labels):
        x, y = x_of(j), base + 14
        rotate = f"rotate(-45 {num(x)} {num(y)})"
        out.append(text(STANDALONE, "tick", x, y, label, "end", transform=rotate))
    out.append(
        f'<clipPath id="plot"><rect x="{left}" y="{top - 6}" width="{num(width)}" '
        f'height="{plot_h + 12}"/></clipPath>'
    )
    out.append('<g clip-path="url(#plot)">')
    for i, (_, series) in enumerate(chart.series):
        runs: list[list[str]] = [[]]
        for j, v in enumerate(series):
            if v is None:  # a gap breaks the line
                runs.append([])
                continue
            runs[-1].append(f"{num(x_of(j))} {num(y_of(v))}")
            out.append(
                f'<circle cx="{num(x_of(j))}" cy="{num(y_of(v))}" r="3" fill="{colour(i)}"/>'
            )
        out += [
            f'<path d="M{"L".join(r)}" fill="none" stroke="{colour(i)}" stroke-width="1.6"/>'
            for r in runs
            if len(r) > 1
        ]
    out.append("</g>")
    if len(names) > 1:
        _legend(out, names, base + label_h + 14, WIDTH)
    out.append("</svg>")
    return "\n".join(out)


def _wrap(label: str, width: int = 38) -> list[str]:
    # Category labels are sentences ("refusal or restriction in providing …"): wrap, don't cut.
    return textwrap.wrap(label, width) or [label]


def _barh(chart: ChartData) -> str:
    k = max(1, len(chart.series))
    wrapped = [_wrap(label) for label in chart.labels]
    left = int(min(330, 14 + max((len(x) for w in wrapped for x in w), default=4) * CHAR_W))
    right, top = 40, 36
    rows = [max(len(w), k) * 15 + 12 for w in wrapped]
    names = [name for name, _ in chart.series]
    legend = 18 * len(_legend_rows(names, WIDTH)) + 10 if len(names) > 1 else 0
    plot_h = sum(rows)
    height = top + plot_h + 26 + legend
    x_top, ticks = int_ticks(max((v or 0 for _, s in chart.series for v in s), default=0))
    width = WIDTH - left - right
    base = top + plot_h

    def x_of(v: float) -> float:
        return left + width * v / x_top

    out = _open(WIDTH, height, chart.title)
    for tick in ticks:
        out.append(grid(STANDALONE, x_of(tick), x_of(tick), top, base))
        out.append(text(STANDALONE, "tick", x_of(tick), base + 16, str(tick), "middle"))
    out.append(
        f'<clipPath id="plot"><rect x="{left}" y="{top}" width="{num(width + right)}" '
        f'height="{plot_h}"/></clipPath>'
    )
    y, bar_h = float(top), 13.0
    for j, lines in enumerate(wrapped):
        mid = y + rows[j] / 2
        first = mid - (len(lines) - 1) * 6.5 + 4
        for m, line in enumerate(lines):
            out.append(text(STANDALONE, "tick", left - 6, first + 13 * m, line, "end"))
        for i, (_, series) in enumerate(chart.series):
            v = series[j] or 0  # bar charts count what is there: no gaps
            by = mid - k * bar_h / 2 + i * bar_h
            out.append(
                f'<rect x="{left}" y="{num(by + 1)}" width="{num(x_of(v) - left)}" '
                f'height="{num(bar_h - 2)}" fill="{colour(i)}" clip-path="url(#plot)"/>'
            )
            out.append(text(STANDALONE, "tick", x_of(v) + 4, by + bar_h - 3, str(v)))
        y += rows[j]
    out.append(_axis(left, top, base, left + width))
    if legend:
        _legend(out, names, base + 44, WIDTH)
    out.append("</svg>")
    return "\n".join(out)


def svg_chart(chart: ChartData) -> str:
    """A report chart as one standalone <svg> element (no XML prolog), for a file or HTML."""
    return _line(chart) if chart.kind == "line" else _barh(chart)
