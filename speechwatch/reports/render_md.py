"""The overview as Markdown (CommonMark + a GFM pipe table), for e-mail drafts and websites.

Charts are not embedded (Markdown has no portable way to inline an image); the statistics table
carries the same figures. Text is escaped so that names, quotes and stray markup stay literal.
"""

from __future__ import annotations

import re

from speechwatch.reports import formats
from speechwatch.reports.document import Report

__all__ = ["escape", "render_md"]

# Inline specials, escaped anywhere; CommonMark allows a backslash before any ASCII punctuation.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# Markers that only mean something at the start of a line: headings, quotes, lists, rules.
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))", re.M)
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&copy;" would otherwise print as a symbol


def _marker(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def escape(text: str) -> str:
    """Plain text as Markdown that renders to the same text."""
    text = _ENTITY.sub("&amp;", _INLINE.sub(r"\\\1", text))
    return _LINE_START.sub(_marker, text)


def _badge(lang: str | None) -> str:
    return f"`[{lang}]` " if lang else ""


def _lines(text: str) -> str:
    # A single newline inside a paragraph is a hard break, as in the HTML.
    return "  \n".join(escape(line) for line in text.split("\n"))


def render_md(report: Report) -> str:
    out: list[str] = []
    for block in formats.outline(report):
        match block:
            case formats.Heading(text=text, level=level):
                out.append(f"{'#' * (level + 1)} {escape(text)}")
            case formats.Para(text=text, role="version"):
                out.append(f"*{escape(text)}*")
            case formats.Para(text=text, role="contact"):
                continue  # gathered below
            case formats.Para(text=text, fallback_lang=lang):
                out.append(_badge(lang) + _lines(text))
            case formats.StatsBlock(paragraph=p):
                parts = formats.stat_parts(p)
                chunk = [escape(parts.head)]
                if parts.items:
                    chunk.append("\n".join(f"- {escape(i)}" for i in parts.items))
                out.append("\n\n".join(chunk))
                out.extend(escape(t) for t in parts.tail)
            case formats.TableBlock(caption=caption, columns=columns, rows=rows):
                lines = [f"**{escape(caption)}**", ""]
                lines.append(f"| {escape(columns[0])} | {escape(columns[1])} |")
                lines.append("| --- | ---: |")
                for r in rows:
                    label = escape(r.label)
                    if r.depth == 0:
                        label, count = f"**{label}**", f"**{r.count}**"
                    else:
                        label, count = "\u2003" * r.depth + label, str(r.count)
                    lines.append(f"| {label} | {count} |")
                out.append("\n".join(lines))
            case formats.ChartsBlock():
                continue
            case formats.EntryBlock(entry=e):
                if e.heading:
                    out.append(f"**{escape(e.heading)}**")
                paras = formats.entry_paragraphs(e.text)
                for i, para in enumerate(paras):
                    lead = ""
                    if i == 0:
                        lead = _badge(e.fallback_lang)
                        lead += f"**{escape(e.date_label)}:** " if e.date_label else ""
                    out.append(lead + _lines(para))
            case formats.CaseBlock(case=c, level=level):
                out.append(f"{'#' * (level + 1)} {_badge(c.fallback_lang)}{escape(c.title)}")
                out.extend(_lines(p) for p in c.paragraphs if p.strip())
    contacts = [escape(line) for line in report.contacts if line]
    if contacts:
        out.append("---")
        out.append("  \n".join(contacts))
    return "\n\n".join(out) + "\n"


formats.register("md", "md", "text/markdown", render_md)
