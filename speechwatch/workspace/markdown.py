"""A small, safe Markdown subset → HTML, for narrative fields (summaries, case notes).

Safety comes from the order of work: the whole input is HTML-escaped *first*, so no tag or
attribute typed by a user can survive; the converter then only adds its own fixed tags. Link
targets are allow-listed by scheme (http, https, mailto) after decoding entities, so
`javascript:` in any spelling stays plain text.

Supported: paragraphs, line breaks, `# `–`### ` headings (rendered h3–h5 so they sit below
page headings), `- `/`* ` and `1. ` lists, `> ` quotes, **bold**, *italic*/_italic_,
`code`, [text](https://…) links.
"""

from __future__ import annotations

import html
import re

__all__ = ["SAFE_SCHEMES", "render_markdown"]

SAFE_SCHEMES = ("http://", "https://", "mailto:")

_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^\s()]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"
)
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_UL = re.compile(r"^[-*]\s+(.*)$")
_OL = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_QUOTE = re.compile(r"^&gt;\s?(.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _safe_url(escaped: str) -> str | None:
    """The escaped URL if its decoded form starts with an allowed scheme, else None."""
    decoded = html.unescape(escaped).strip()
    if _CONTROL.search(decoded):
        return None
    if decoded.lower().startswith(SAFE_SCHEMES):
        return escaped
    return None


def _inline(text: str) -> str:
    """Inline markup on already-escaped text."""
    stash: list[str] = []

    def keep(fragment: str) -> str:
        stash.append(fragment)
        return f"\x00{len(stash) - 1}\x00"

    text = _CODE.sub(lambda m: keep(f"<code>{m[1]}</code>"), text)

    def link(m: re.Match[str]) -> str:
        url = _safe_url(m[2])
        if url is None:
            return m[0]
        return keep(f'<a href="{url}" rel="nofollow noopener noreferrer">') + m[1] + keep("</a>")

    text = _LINK.sub(link, text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(lambda m: f"<em>{m[1] or m[2]}</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m[1])], text)


def render_markdown(source: str) -> str:
    """HTML for `source`; never contains markup that was not produced here."""
    text = _CONTROL.sub("", (source or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = html.escape(text, quote=True).split("\n")
    out: list[str] = []
    para: list[str] = []
    list_tag = ""
    items: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        nonlocal list_tag
        if para:
            out.append("<p>" + "<br>\n".join(_inline(p) for p in para) + "</p>")
            para.clear()
        if items:
            out.append(
                f"<{list_tag}>"
                + "".join(f"<li>{_inline(i)}</li>" for i in items)
                + f"</{list_tag}>"
            )
            items.clear()
            list_tag = ""
        if quote:
            out.append(
                "<blockquote><p>" + "<br>\n".join(_inline(q) for q in quote) + "</p></blockquote>"
            )
            quote.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if m := _HEADING.match(line):
            flush()
            level = len(m[1]) + 2
            out.append(f"<h{level}>{_inline(m[2])}</h{level}>")
            continue
        for tag, pattern in (("ul", _UL), ("ol", _OL)):
            if m := pattern.match(line):
                if list_tag != tag or para or quote:
                    flush()
                list_tag = tag
                items.append(m[1])
                break
        else:
            if m := _QUOTE.match(line):
                if para or items:
                    flush()
                quote.append(m[1])
            else:
                if items or quote:
                    flush()
                para.append(line)
    flush()
    return "\n".join(out)
