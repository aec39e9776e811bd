"""The overview as one self-contained, printable HTML page (inline CSS, inline SVG charts).

Also the source of the PDF (render_pdf.py prints this same HTML). Every text goes through
Django's autoescaping; URLs written in a text become links (the only external references: the
page loads nothing from the network).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from speechwatch.reports import formats
from speechwatch.reports.charts import chart_svg, inline_svg
from speechwatch.reports.document import Chart, Report

__all__ = ["TEMPLATE_DIR", "linkify", "render_html", "stylesheet"]

TEMPLATE_DIR = Path(__file__).parent / "templates"


@cache
def _engine() -> Engine:
    # A private engine: the page must render the same whatever the project's TEMPLATES say.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True)


# Browsers' print settings, which WeasyPrint (it prints backgrounds anyway) would log as unknown.
_BROWSER_ONLY = re.compile(r"\s*(?:-webkit-)?print-color-adjust:\s*[a-z]+;")


@cache
def stylesheet(browser: bool = True) -> str:
    css = (TEMPLATE_DIR / "reports" / "overview.css").read_text(encoding="utf-8")
    return css if browser else _BROWSER_ONLY.sub("", css)


def render_html(report: Report, *, svgs: dict[str, str] | None = None, browser: bool = True) -> str:
    """The HTML page. ``svgs`` (chart key -> SVG) lets a caller reuse charts drawn once;
    ``browser=False``: the page WeasyPrint prints (render_pdf.py)."""
    blocks = [_block(b, svgs or {}) for b in formats.outline(report)]
    context = {
        "lang": report.lang,
        "month": report.month,
        "title": report.title,
        "css": mark_safe(stylesheet(browser)),
        "fallback_title": formats.ui(report.lang, "fallback"),
        "blocks": [b for b in blocks if b.get("role") != "contact"],
        "contacts": [b["text"] for b in blocks if b.get("role") == "contact"],
    }
    template = _engine().get_template("reports/overview.html")
    # No localisation of values: the text is already in the report's language (language.py),
    # and localising every number by the UI's locale was a third of the rendering.
    return template.render(Context(context, autoescape=True, use_l10n=False))


_LINK = re.compile(
    r"(?P<url>\bhttps?://[^\s<>\"«»]+)|(?P<mail>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.UNICODE
)
_TRAILING = ".,;:!?'\""


def _trim(url: str) -> tuple[str, str]:
    """Trailing punctuation belongs to the sentence; a ')' only to an URL that opened one."""
    end = len(url)
    while end and (
        url[end - 1] in _TRAILING
        or (url[end - 1] == ")" and url[:end].count("(") < url[:end].count(")"))
    ):
        end -= 1
    return url[:end], url[end:]


def linkify(text: str) -> SafeString:
    """Escaped text with http(s) URLs and e-mail addresses as links, newlines as <br>.

    Own code rather than Django's ``urlize``, which drops the full stop in "(https://…)."."""
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(text):
        out.append(escape(text[pos : m.start()]))
        if m.group("url"):
            url, rest = _trim(m.group("url"))
            out.append(f'<a href="{escape(url)}" rel="nofollow noopener">{escape(url)}</a>')
            out.append(escape(rest))
        else:
            mail = m.group("mail").rstrip(".")
            out.append(f'<a href="mailto:{escape(mail)}">{escape(mail)}</a>')
            out.append(escape(m.group("mail")[len(mail) :]))
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out).replace("\n", "<br>\n"))


def _svg(chart: Chart, svgs: dict[str, str]) -> str:
    svg = svgs.get(chart.key) or chart_svg(chart)
    # Safe: matplotlib writes the markup and XML-escapes the labels it writes as <text> (a test
    # checks "<script>" in a label), and inline_svg only strips the prolog and renames ids.
    return mark_safe(inline_svg(svg, f"chart-{chart.key}"))


def _block(block: formats.Block, svgs: dict[str, str]) -> dict[str, Any]:
    match block:
        case formats.Heading(text=text, level=0):
            return {"kind": "title", "text": text}
        case formats.Heading(text=text, level=level, key=key):
            return {"kind": "heading", "text": text, "tag": level + 1, "key": key}
        case formats.Para(text=text, role=role, fallback_lang=lang):
            return {"kind": "para", "text": linkify(text), "role": role, "fallback_lang": lang}
        case formats.StatsBlock(paragraph=p):
            parts = formats.stat_parts(p)
            return {
                "kind": "stats",
                "block": p.block,
                "head": parts.head,
                "items": parts.items,
                "tail": parts.tail,
            }
        case formats.TableBlock(caption=caption, columns=columns, rows=rows):
            return {"kind": "table", "caption": caption, "columns": columns, "rows": rows}
        case formats.ChartsBlock(charts=charts):
            return {
                "kind": "charts",
                "charts": [{"key": c.key, "title": c.title, "svg": _svg(c, svgs)} for c in charts],
            }
        case formats.EntryBlock(entry=e):
            return {
                "kind": "entry",
                "date_label": e.date_label,
                "heading": e.heading,
                "paragraphs": [linkify(p) for p in formats.entry_paragraphs(e.text)],
                "fallback_lang": e.fallback_lang,
            }
        case formats.CaseBlock(case=c, level=level):
            return {
                "kind": "case",
                "title": c.title,
                "tag": level + 1,
                "paragraphs": [linkify(p) for p in c.paragraphs if p.strip()],
                "fallback_lang": c.fallback_lang,
            }
    raise TypeError(f"unknown layout block {block!r}")


formats.register("html", "html", "text/html", render_html)
