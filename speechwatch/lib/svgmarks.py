"""The marks both chart styles draw: colours, the style switch, text, grid lines, legend swatches
and the "no data" band (see ``svgchart``)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Okabe–Ito: colour-blind safe; one colour per series, fixed so every month and page match.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FONT = "DejaVu Sans, sans-serif"
CHAR_W = 6.9  # a generous advance of DejaVu Sans at 11 px (Cyrillic is wide), for layout only


@dataclass(frozen=True)
class Style:
    """Where a mark's look comes from: the page's classes, or attributes of its own."""

    name: str
    classes: bool  # class="sc-*" (styled by portal.css) instead of presentation attributes
    tips: bool  # <title> tips on bars, points and gaps


PAGE = Style("page", classes=True, tips=True)
STANDALONE = Style("standalone", classes=False, tips=False)

_LOOK = {  # role -> (the page's class, the standalone presentation attributes)
    "tick": ("sc-tick", 'font-size="11"'),
    "legend": ("sc-legend", 'font-size="11"'),
    "nodata": ("sc-nodata", 'font-size="9" fill="#666666"'),
    "grid": ("sc-grid", 'stroke="#dddddd" stroke-width="0.6"'),
}


def look(style: Style, role: str) -> str:
    cls, attrs = _LOOK[role]
    return f'class="{cls}"' if style.classes else attrs


def num(value: float) -> str:
    """Coordinates with one decimal at most, no trailing zeros ("12", "12.5")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def text(
    style: Style, role: str, x: float, y: float, body: str, anchor: str = "start", **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text {look(style, role)} x="{num(x)}" y="{num(y)}" text-anchor="{anchor}"{extra}>'
        f"{escape(body)}</text>"
    )


def grid(style: Style, x1: float, x2: float, y1: float, y2: float) -> str:
    return (
        f'<line {look(style, "grid")} x1="{num(x1)}" x2="{num(x2)}" y1="{num(y1)}" y2="{num(y2)}"/>'
    )


def gap_band(out: list[str], style: Style, x: float, step: float, band: tuple[float, float],
         tip: str, word: str) -> None:  # fmt: skip
    """The "no data" band (top, height) centred on ``x``; the word when the band has room."""
    top, plot_h = band
    if style.tips:
        out.append(f'<g class="sc-gap"><title>{escape(tip)}: {escape(word)}</title>')
    out.append(
        f'<rect x="{num(x - step * 0.4)}" y="{num(top)}" width="{num(step * 0.8)}" '
        f'height="{num(plot_h)}" fill="#eeeeee"/>'
    )
    y = top + plot_h / 2
    if step >= 9:  # room for the turned word (+3: its glyphs centre on the band)
        turn = f"rotate(-90 {num(x)} {num(y)})"
        out.append(text(style, "nodata", x + 3, y, word, "middle", transform=turn))
    if style.tips:
        out.append("</g>")


def colour(i: int) -> str:
    return COLOURS[i % len(COLOURS)]


def swatch(x: float, y: float, colour: str) -> str:
    return f'<rect x="{num(x)}" y="{num(y)}" width="10" height="10" fill="{colour}"/>'
