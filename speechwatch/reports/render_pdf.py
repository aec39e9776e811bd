"""The overview as PDF: WeasyPrint prints the same HTML page (render_html.py).

Fonts: DejaVu Sans, embedded (subset) in the PDF, so Cyrillic and Kazakh letters (ә ғ қ ң ө ұ ү
һ і) display and extract as text anywhere. The font files are taken from matplotlib's own data
directory (a dependency anyway), so the PDF does not depend on which fonts the host has. Fetching
is locked down: only those font files and inline ``data:`` URIs load, never the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from speechwatch.reports import formats
from speechwatch.reports.document import Report
from speechwatch.reports.render_html import render_html

__all__ = ["FONT_FAMILY", "font_files", "render_pdf"]

FONT_FAMILY = "SpeechWatch DejaVu Sans"
_FACES = {  # (weight, style) -> file name in matplotlib's fonts/ttf
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


class PdfError(RuntimeError):
    pass


@cache
def font_files() -> dict[tuple[str, str], Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    found = {face: folder / name for face, name in _FACES.items()}
    missing = [str(p) for p in found.values() if not p.is_file()]
    if missing:
        raise PdfError(f"PDF fonts not found: {', '.join(missing)}")
    return found


def _font_css() -> str:
    faces = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for (weight, style), path in font_files().items()
    ]
    return "\n".join(
        [*faces, f'html, body, .overview {{ font-family: "{FONT_FAMILY}", sans-serif; }}']
    )


def _fetcher(url: str, *args: Any, **kwargs: Any) -> Any:
    from weasyprint import default_url_fetcher

    allowed = {p.as_uri() for p in font_files().values()}
    if url.startswith("data:") or url in allowed:
        return default_url_fetcher(url, *args, **kwargs)
    raise PdfError(f"the PDF may not load {url!r}")  # WeasyPrint logs it and goes on


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(string=_font_css(), font_config=fonts, url_fetcher=_fetcher)
    html = HTML(string=render_html(report), url_fetcher=_fetcher, base_url=None)
    pdf = html.write_pdf(stylesheets=[css], font_config=fonts)
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return pdf


formats.register("pdf", "pdf", "application/pdf", render_pdf)
