"""Markdown → safe HTML for narrative fields (summaries, case notes): markdown-it-py + nh3.

Two layers: markdown-it-py's CommonMark parser with raw HTML off (typed tags come out as text)
and a link check that lets only http(s) (lib/urls.py `is_safe_url`) and mailto targets become
links; then nh3 (ammonia) keeps only the tags and attributes listed here, so even a parser bug
cannot let markup or a `javascript:` URL through.

Kept from the earlier hand-written subset: headings render h3–h5 (they sit below page headings),
a single line break is a <br>, `*` inside a word (2*3*4) is a plain asterisk, indented lines are
ordinary text (no code block), no images, no "underlined" (setext) headings.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from speechwatch.lib.urls import is_safe_url

__all__ = ["SAFE_SCHEMES", "render_markdown"]

SAFE_SCHEMES = ("http://", "https://", "mailto:")
REL = "nofollow noopener noreferrer"
TAGS = {"p", "br", "strong", "em", "code", "pre", "a", "ul", "ol", "li", "h3", "h4", "h5"}
TAGS |= {"blockquote", "hr"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAILTO = re.compile(r"mailto:[^\s\x00-\x1f\x7f<>\"']+", re.IGNORECASE)


def safe_link(url: str) -> bool:
    """Whether a (normalised) link target may become a link: http(s) with a host, or mailto."""
    return is_safe_url(url) or bool(_MAILTO.fullmatch(url))


def _intraword_star(state: StateInline, silent: bool) -> bool:
    """`*` runs between letters or digits stay literal, as in 2*3*4 (CommonMark would italicise)."""
    src, start = state.src, state.pos
    if src[start] != "*":
        return False
    end = start
    while end < state.posMax and src[end] == "*":
        end += 1
    if start == 0 or end >= state.posMax:
        return False
    if not (src[start - 1].isalnum() and src[end].isalnum()):
        return False
    if not silent:
        state.pending += src[start:end]
    state.pos = end
    return True


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 5)}"


def _build() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "breaks": True, "xhtmlOut": False}
    )
    md.disable(["image", "code", "lheading", "html_block", "html_inline"])
    md.inline.ruler.before("emphasis", "intraword_star", _intraword_star)
    md.core.ruler.push("shift_headings", _shift_headings)
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


_MD = _build()


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return value if safe_link(value) else None
    return value


def render_markdown(source: str) -> str:
    """HTML for `source`; only the tags in TAGS, links only to http(s)/mailto."""
    text = _CONTROL.sub("", (source or "").replace("\r\n", "\n").replace("\r", "\n"))
    rendered = _MD.render(text)
    clean: Any = nh3.clean(
        rendered,
        tags=TAGS,
        attributes={"*": set(), "a": {"href"}},  # "*": no generic title/lang either
        attribute_filter=_attribute,
        link_rel=REL,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )
    return str(clean).strip()
