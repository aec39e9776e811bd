"""Marking the phrases behind triage suggestions: escaped HTML with <mark>, built server-side.

Offsets index into the item's full text (headline, newline, body), as every triage stage
writes them. Every piece of text is escaped; only our own <mark> tags are markup. Spans outside
the text, empty or reversed spans, and spans whose phrase no longer matches the stored text
(the item was edited) are skipped rather than marking the wrong words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CONTEXT = 60


def valid_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Sorted, merged, in-bounds spans whose text still reads as the recorded phrase."""
    ok = []
    for start, end, phrase in spans:
        if not (0 <= start < end <= len(text)):
            continue
        if phrase and text[start:end].casefold() != phrase.casefold():
            continue
        ok.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ok):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> SafeString:
    """The whole text, escaped, with each valid span in <mark>."""
    out: list[str] = []
    pos = 0
    for start, end in valid_spans(text, spans):
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # every piece above is escaped


def snippet(
    text: str, spans: Sequence[tuple[int, int, str]], width: int = SNIPPET_CONTEXT
) -> SafeString:
    """The first valid span with `width` characters either side, escaped, span in <mark>;
    empty when no span is valid."""
    valid = valid_spans(text, spans)
    if not valid:
        return mark_safe("")
    start, end = valid[0]
    lo, hi = max(0, start - width), min(len(text), end + width)
    before = text[lo:start].replace("\n", " ")
    after = text[end:hi].replace("\n", " ")
    html = (
        ("…" if lo > 0 else "")
        + escape(before)
        + f"<mark>{escape(text[start:end])}</mark>"
        + escape(after)
        + ("…" if hi < len(text) else "")
    )
    return mark_safe(html)  # escaped above
