"""Draws a ``Chart``: SVG for HTML/PDF written directly (lib/svgchart.py, standalone style), PNG
for DOCX with matplotlib, imported only when a PNG is asked for. Pure and reproducible.

No pyplot: each call builds its own ``Figure`` inside an ``rc_context`` (under a lock, as
rcParams are process-wide), so the backend and the global rcParams are left as they were. Output is
byte-identical across runs: a fixed ``svg.hashsalt`` keeps SVG ids stable, and the date/creator
metadata are dropped. Labels are Cyrillic and Kazakh (ә ғ қ ң ө ұ ү һ і): DejaVu Sans, shipped
with matplotlib itself, has all of them (layout and PNG need no system font).

Drawn PNGs are kept in a small in-process cache keyed by a hash of the chart's data, so a chart
is drawn once per process however many times a report is rendered.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from speechwatch.lib.svgchart import COLOURS, gaps, svg_chart
from speechwatch.reports.document import Chart

if TYPE_CHECKING:  # matplotlib >= 3.10 names the rcParams keys
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

__all__ = ["FONT_FAMILY", "chart_png", "chart_svg", "clear_cache", "gaps", "inline_svg"]

FONT_FAMILY = "DejaVu Sans"

_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "speechwatch",
    "svg.fonttype": "none",  # text as text: see the module docstring
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "path.simplify": False,
}
_PNG_META: dict[str, str | None] = {"Software": None}
_WIDTH_IN = 7.0


_LOCK = threading.Lock()


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    with _LOCK, matplotlib.rc_context(_RC):
        yield


def _wrap(label: str, width: int = 38) -> str:
    # Category labels are sentences ("refusal or restriction in providing …"): wrap, don't cut.
    return "\n".join(textwrap.wrap(label, width)) or label


def _draw(chart: Chart) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = len(chart.labels)
    # Bar charts grow with their labels; the 12-month line chart has a fixed height.
    height = max(2.0, 0.8 + 0.42 * n * max(1, len(chart.series))) if chart.kind == "barh" else 3.8
    fig = Figure(figsize=(_WIDTH_IN, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(chart.title, loc="left")
    if chart.kind == "line":
        for i, (name, values) in enumerate(chart.series):
            # NaN breaks the line: a month without data is a gap, never a zero.
            ys = [math.nan if v is None else v for v in values]
            ax.plot(range(n), ys, marker="o", markersize=3, label=name, color=_colour(i))
        ax.set_xticks(range(n), chart.labels, rotation=45, ha="right")
        ax.set_ylim(bottom=0)
        for j in gaps(chart):
            ax.axvspan(j - 0.4, j + 0.4, color="#eeeeee", zorder=0)
            ax.text(
                j,
                0.5,
                chart.no_data,
                transform=ax.get_xaxis_transform(),
                rotation=90,
                ha="center",
                va="center",
                fontsize=7,
                color="#666666",
            )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", linewidth=0.4, alpha=0.6)
    else:
        _bars(ax, chart)
    if len(chart.series) > 1:
        # Below the axes: block names are long and would cover the lines.
        fig.legend(loc="outside lower center", frameon=False, fontsize=8)
    return fig


def _bars(ax: Axes, chart: Chart) -> None:
    from matplotlib.ticker import MaxNLocator

    n, k = len(chart.labels), max(1, len(chart.series))
    width = 0.8 / k
    horizontal = chart.kind == "barh"
    for i, (name, raw) in enumerate(chart.series):
        values = [v or 0 for v in raw]  # bar charts count what is there: no gaps
        pos = [j - 0.4 + width * (i + 0.5) for j in range(n)]
        if horizontal:
            bars = ax.barh(pos, values, height=width, label=name, color=_colour(i))
        else:
            bars = ax.bar(pos, values, width=width, label=name, color=_colour(i))
        ax.bar_label(bars, padding=2, fontsize=8)
    ticks = list(range(n))
    labels = [_wrap(label) for label in chart.labels]
    if horizontal:
        ax.set_yticks(ticks, labels)
        ax.invert_yaxis()  # first label on top, as it reads in the text
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.12)
    else:
        ax.set_xticks(ticks, labels, rotation=30, ha="right")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(y=0.12)


def _colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


_CACHE_SIZE = 64
_drawn: OrderedDict[str, bytes] = OrderedDict()


def _chart_key(chart: Chart, fmt: str, dpi: int) -> str:
    doc = [fmt, dpi, chart.key, chart.title, chart.kind, chart.labels, chart.series, chart.no_data]
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _save(chart: Chart, fmt: Literal["svg", "png"], dpi: int = 150) -> bytes:
    if fmt == "svg":  # cheap to write: not cached
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg_chart(chart) + "\n").encode()
    key = _chart_key(chart, fmt, dpi)
    with _LOCK:
        if key in _drawn:
            _drawn.move_to_end(key)
            return _drawn[key]
    with _style():
        fig = _draw(chart)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=_PNG_META)
    data = buf.getvalue()
    with _LOCK:
        _drawn[key] = data
        while len(_drawn) > _CACHE_SIZE:
            _drawn.popitem(last=False)
    return data


def clear_cache() -> None:
    """Forget drawn charts (tests, or a process that changed fonts)."""
    with _LOCK:
        _drawn.clear()


def chart_svg(chart: Chart) -> str:
    """A standalone SVG document (byte-identical for the same chart), written without matplotlib."""
    return _save(chart, "svg").decode("utf-8")


def chart_png(chart: Chart, dpi: int = 150) -> bytes:
    """A PNG image for DOCX."""
    return _save(chart, "png", dpi)


_PROLOG = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def inline_svg(svg: str, prefix: str) -> str:
    """The SVG as an element to put inside HTML: no XML prolog/DOCTYPE (it names a DTD URL), and
    ids prefixed so several charts on one page cannot clash (glyph and clip-path ids repeat)."""
    body = _METADATA.sub("", _PROLOG.sub("", svg, count=1))
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)
    return body.strip()
