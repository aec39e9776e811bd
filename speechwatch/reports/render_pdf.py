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


def _allowed(url: str) -> bool:
    return url.startswith("data:") or url in {p.as_uri() for p in font_files().values()}


def _fetcher() -> Any:
    """The locked-down fetcher in the form this WeasyPrint takes.

    Current WeasyPrint (70 here) wants a ``URLFetcher`` object: it still calls a plain function,
    but reads ``url_fetcher._fail_on_errors`` on the way, so every fetch failed, the @font-face
    rules were dropped ("Font-face ... cannot be loaded") and the host's fonts were used instead.
    Versions without ``URLFetcher`` take a function around ``default_url_fetcher``.
    """
    import weasyprint

    if hasattr(weasyprint, "URLFetcher"):

        class LockedFetcher(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
            def fetch(self, url: str, headers: Any = None) -> Any:
                if not _allowed(url):
                    raise PdfError(f"the PDF may not load {url!r}")  # logged; rendering goes on
                return super().fetch(url, headers)

        return LockedFetcher()

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - older WeasyPrint
        if not _allowed(url):
            raise PdfError(f"the PDF may not load {url!r}")
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return fetch


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = _fetcher()
    css = CSS(string=_font_css(), font_config=fonts, url_fetcher=fetcher)
    html = HTML(string=render_html(report, browser=False), url_fetcher=fetcher, base_url=None)
    pdf = html.write_pdf(stylesheets=[css], font_config=fonts)
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return pdf


formats.register("pdf", "pdf", "application/pdf", render_pdf)
