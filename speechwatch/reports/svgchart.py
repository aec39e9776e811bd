"""The overview's charts as SVG written directly: the 12-month line chart and horizontal bars.

Pure string building, a few milliseconds per chart (drawing them with matplotlib took ~0.5 s per
report); byte-identical for the same ``Chart``. The look comes from presentation attributes
(``fill``, ``stroke``, ``font-size``), never ``style`` attributes, so the markup is the same in
the HTML file, in a page under a strict Content-Security-Policy and in WeasyPrint's PDF. Text
stays text in DejaVu Sans (named first in overview.css; WeasyPrint finds it through
fontconfig), so Cyrillic and Kazakh letters survive and can be searched. A month without data
is a shaded band labelled "no data" that breaks the line, never a zero. The portal's charts
(lib/svgchart.py) are styled by the portal's stylesheet; the report needs a standalone file and
horizontal bars with long labels, hence its own writer.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from html import escape

from speechwatch.reports.document import Chart

__all__ = ["COLOURS", "FONT", "gaps", "svg_chart"]

# One colour per series/block, colour-blind safe (Okabe–Ito), fixed so every month matches.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
FONT = "DejaVu Sans, sans-serif"
WIDTH = 700
CHAR_W = 6.9  # a generous advance of DejaVu Sans at 11 px (Cyrillic is wide), for layout only
TICK, LABEL, TITLE = 11, 11, 14


def gaps(chart: Chart) -> list[int]:
    """Positions with no data in any series (marked "no data" on the chart)."""
    return [
        j
        for j in range(len(chart.labels))
        if chart.series and all(values[j] is None for _, values in chart.series)
    ]


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def _n(value: float) -> str:
    """Coordinates with one decimal at most, no trailing zeros ("12", "12.5")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(
    x: float, y: float, body: str, size: int = TICK, anchor: str = "start", **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(body)}</text>"
    )


def _ticks(top: int) -> tuple[int, list[int]]:
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
        _text(8, 20, title, TITLE, font_weight="bold"),
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
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="10" height="10" fill="{_colour(i)}"/>'
            )
            out.append(_text(x + 14, y, name, LABEL))
            x += w
        y += 18


def _line(chart: Chart) -> str:
    n = len(chart.labels)
    left, right, top, plot_h = 48, 16, 36, 240
    names = [name for name, _ in chart.series]
    longest = max((len(label) for label in chart.labels), default=0)
    label_h = 12 + longest * CHAR_W * 0.71  # labels turned 45 degrees
    legend_rows = len(_legend_rows(names, WIDTH))
    height = int(top + plot_h + label_h + (18 * legend_rows + 10 if len(names) > 1 else 8))
    values = [v for _, series in chart.series for v in series if v is not None]
    y_top, ticks = _ticks(max(values, default=0))
    width = WIDTH - left - right
    step = width / max(n, 1)
    base = top + plot_h

    def x_of(j: int) -> float:
        return left + step * (j + 0.5)

    def y_of(v: float) -> float:
        return base - plot_h * v / y_top

    out = _open(WIDTH, height, chart.title)
    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line x1="{left}" x2="{left + width}" y1="{_n(y)}" y2="{_n(y)}" '
            'stroke="#dddddd" stroke-width="0.6"/>'
        )
        out.append(_text(left - 6, y + 4, str(tick), TICK, "end"))
    for j in gaps(chart):
        x = x_of(j)
        out.append(
            f'<rect x="{_n(x - step * 0.4)}" y="{top}" width="{_n(step * 0.8)}" '
            f'height="{plot_h}" fill="#eeeeee"/>'
        )
        y = top + plot_h / 2
        out.append(
            _text(
                x + 3,
                y,
                chart.no_data,
                9,
                "middle",
                fill="#666666",
                transform=f"rotate(-90 {_n(x)} {_n(y)})",
            )
        )
    out.append(
        f'<path d="M{left} {top}V{base}H{left + width}" fill="none" stroke="#333333" '
        'stroke-width="0.8"/>'
    )
    for j, label in enumerate(chart.labels):
        x, y = x_of(j), base + 14
        out.append(_text(x, y, label, TICK, "end", transform=f"rotate(-45 {_n(x)} {_n(y)})"))
    out.append(
        f'<clipPath id="plot"><rect x="{left}" y="{top - 6}" width="{_n(width)}" '
        f'height="{plot_h + 12}"/></clipPath>'
    )
    out.append('<g clip-path="url(#plot)">')
    for i, (_, series) in enumerate(chart.series):
        colour = _colour(i)
        runs: list[list[str]] = [[]]
        for j, v in enumerate(series):
            if v is None:  # a gap breaks the line
                runs.append([])
                continue
            runs[-1].append(f"{_n(x_of(j))} {_n(y_of(v))}")
            out.append(f'<circle cx="{_n(x_of(j))}" cy="{_n(y_of(v))}" r="3" fill="{colour}"/>')
        for run in runs:
            if len(run) > 1:
                out.append(
                    f'<path d="M{"L".join(run)}" fill="none" stroke="{colour}" stroke-width="1.6"/>'
                )
    out.append("</g>")
    if len(names) > 1:
        _legend(out, names, base + label_h + 14, WIDTH)
    out.append("</svg>")
    return "\n".join(out)


def _wrap(label: str, width: int = 38) -> list[str]:
    # Category labels are sentences ("refusal or restriction in providing …"): wrap, don't cut.
    return textwrap.wrap(label, width) or [label]


def _barh(chart: Chart) -> str:
    k = max(1, len(chart.series))
    wrapped = [_wrap(label) for label in chart.labels]
    left = int(min(330, 14 + max((len(x) for w in wrapped for x in w), default=4) * CHAR_W))
    right, top = 40, 36
    rows = [max(len(w), k) * 15 + 12 for w in wrapped]
    names = [name for name, _ in chart.series]
    legend = 18 * len(_legend_rows(names, WIDTH)) + 10 if len(names) > 1 else 0
    plot_h = sum(rows)
    height = top + plot_h + 26 + legend
    peak = max((v or 0 for _, series in chart.series for v in series), default=0)
    x_top, ticks = _ticks(peak)
    width = WIDTH - left - right
    base = top + plot_h

    def x_of(v: float) -> float:
        return left + width * v / x_top

    out = _open(WIDTH, height, chart.title)
    for tick in ticks:
        x = x_of(tick)
        out.append(
            f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{top}" y2="{base}" stroke="#dddddd" '
            'stroke-width="0.6"/>'
        )
        out.append(_text(x, base + 16, str(tick), TICK, "middle"))
    out.append(
        f'<clipPath id="plot"><rect x="{left}" y="{top}" width="{_n(width + right)}" '
        f'height="{plot_h}"/></clipPath>'
    )
    y = float(top)
    bar_h = 13.0
    for j, lines in enumerate(wrapped):
        mid = y + rows[j] / 2
        first = mid - (len(lines) - 1) * 6.5 + 4
        for m, line in enumerate(lines):
            out.append(_text(left - 6, first + 13 * m, line, LABEL, "end"))
        for i, (_, series) in enumerate(chart.series):
            v = series[j] or 0  # bar charts count what is there: no gaps
            by = mid - k * bar_h / 2 + i * bar_h
            out.append(
                f'<rect x="{left}" y="{_n(by + 1)}" width="{_n(x_of(v) - left)}" '
                f'height="{_n(bar_h - 2)}" fill="{_colour(i)}" clip-path="url(#plot)"/>'
            )
            out.append(_text(x_of(v) + 4, by + bar_h - 3, str(v), TICK))
        y += rows[j]
    out.append(
        f'<path d="M{left} {top}V{base}H{left + width}" fill="none" stroke="#333333" '
        'stroke-width="0.8"/>'
    )
    if legend:
        _legend(out, names, base + 44, WIDTH)
    out.append("</svg>")
    return "\n".join(out)


def svg_chart(chart: Chart) -> str:
    """The chart as one <svg> element (no XML prolog), ready to stand alone or sit in HTML."""
    return _line(chart) if chart.kind == "line" else _barh(chart)
