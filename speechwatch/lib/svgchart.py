"""Small server-rendered SVG charts for HTML pages: bars (one series) and lines (several).

Pure functions returning markup to put inside a page (``mark_safe`` it in the view; every text is
escaped here). No ``style`` attributes (the Content-Security-Policy allows no inline style): the
look comes from presentation attributes and the classes ``sc-*`` of portal.css. A point with
value None is a gap: drawn as a shaded band labelled "no data", never as a zero. Each bar and
point carries a <title> for screen readers and pointer hover; the chart as a whole is an
``role="img"`` with its own <title> and <desc>, and pages put the data table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "Line", "bar_chart", "line_chart", "nice_max"]

# Okabe–Ito: colour-blind safe, the same order as the overview's charts.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
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


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _open(width: int, height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="sc" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _axes(
    out: list[str], labels: Sequence[str], top: float, width: int, height: int, step: float
) -> None:
    plot_h = height - TOP - BOTTOM
    for i in range(3):  # 0, half, top
        value = top * i / 2
        y = TOP + plot_h - plot_h * i / 2
        out.append(
            f'<line class="sc-grid" x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        out.append(
            f'<text class="sc-tick" x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">'
            f"{escape(_fmt(value))}</text>"
        )
    every = max(1, math.ceil(len(labels) / 12))  # at most ~12 labels on the axis
    base = TOP + plot_h
    for j, label in enumerate(labels):
        if j % every and j != len(labels) - 1:
            continue
        x = LEFT + step * (j + 0.5)
        out.append(
            f'<text class="sc-tick" x="{x:.1f}" y="{base + 12:.1f}" text-anchor="end" '
            f'transform="rotate(-45 {x:.1f} {base + 12:.1f})">{escape(label)}</text>'
        )


def _gap(out: list[str], j: int, step: float, height: int, no_data: str, label: str) -> None:
    plot_h = height - TOP - BOTTOM
    x = LEFT + step * j
    cx = x + step / 2
    cy = TOP + plot_h / 2
    out.append(
        f'<g class="sc-gap"><title>{escape(label)}: {escape(no_data)}</title>'
        f'<rect x="{x + step * 0.05:.1f}" y="{TOP}" width="{step * 0.9:.1f}" '
        f'height="{plot_h}" fill="#eeeeee"/>'
    )
    if step >= 9:  # room for the rotated words
        out.append(
            f'<text class="sc-nodata" x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 {cx:.1f} {cy:.1f})">{escape(no_data)}</text>'
        )
    out.append("</g>")


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
    out = _open(width, height, ident, title, desc)
    n = max(1, len(bars))
    step = (width - LEFT - RIGHT) / n
    top = nice_max(max((b.value for b in bars if b.value is not None), default=0))
    plot_h = height - TOP - BOTTOM
    _axes(out, [b.label for b in bars], top, width, height, step)
    for j, bar in enumerate(bars):
        if bar.value is None:
            _gap(out, j, step, height, no_data, bar.label)
            continue
        h = plot_h * bar.value / top
        tip = bar.tip or f"{bar.label}: {_fmt(bar.value)}"
        out.append(
            f'<rect class="sc-bar" x="{LEFT + step * j + step * 0.1:.1f}" '
            f'y="{TOP + plot_h - h:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" '
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
    out = _open(width, height + 18 * len(lines), ident, title, desc)
    n = max(1, len(labels))
    step = (width - LEFT - RIGHT) / n
    values = [v for line in lines for v in line.values if v is not None]
    top = nice_max(max(values, default=0))
    plot_h = height - TOP - BOTTOM
    _axes(out, labels, top, width, height, step)
    for j, label in enumerate(labels):
        if lines and all(line.values[j] is None for line in lines):
            _gap(out, j, step, height, no_data, label)
    for i, line in enumerate(lines):
        colour = COLOURS[i % len(COLOURS)]
        runs: list[list[tuple[float, float]]] = [[]]
        dots = []
        for j, value in enumerate(line.values):
            if value is None:
                runs.append([])
                continue
            x, y = LEFT + step * (j + 0.5), TOP + plot_h - plot_h * value / top
            runs[-1].append((x, y))
            dots.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(line.name)}, {escape(labels[j])}: {escape(_fmt(value))}</title>"
                "</circle>"
            )
        out.append(f'<g class="sc-line" stroke="{colour}" fill="none">')
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline points="{points}" stroke-width="2"/>')
        out.append("</g>")
        out.extend(dots)
    for i, line in enumerate(lines):  # the legend, one series a line
        x, y = LEFT, height + 4 + 18 * i
        colour = COLOURS[i % len(COLOURS)]
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{colour}"/>')
        name = line.name if len(line.name) <= 90 else line.name[:89] + "…"
        out.append(
            f'<text class="sc-legend" x="{x + 14:.1f}" y="{y + 9:.1f}">{escape(name)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
