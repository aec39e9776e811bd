"""Stage "legal" (order 20): references to Kazakhstan's codes, via `speechwatch.lib.legal`.

`find_legal_refs` reads cleaned text, so its positions do not map back onto the item; the
stage therefore reads the item line by line and points the evidence at the article number of
each reference in its line, widened to the nearby words ("ч. 2 ст. 274 УК РК").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from speechwatch.lib.legal import LegalRef, find_legal_refs
from speechwatch.triage.stages import register
from speechwatch.triage.types import Document, Evidence, Triage

_LINE_RE = re.compile(r"[^\n]+")
# An article is always written with digits (after NFKC, superscripts too): a line without one
# holds no reference, and most lines of a news item have none — skip lib.legal's cleaning.
_DIGIT_RE = re.compile(r"[\d\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]")
BEFORE = 16  # characters of context kept before the number ("ч. 2 ст. ")
AFTER = 28  # and after it ("-бабының 2-бөлігі", " УК РК")


def _number_re(article: str) -> re.Pattern[str]:
    num = r"\s?[-‐‑‒–—−]\s?".join(re.escape(p) for p in article.split("-"))
    return re.compile(rf"(?<![\d]){num}(?![\d])")


def _snap(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    start, end = max(lo, start), min(hi, end)
    while start > lo and not text[start - 1].isspace():
        start -= 1
    while end < hi and not text[end].isspace():
        end += 1
    return start, end


def legal_refs(text: str) -> tuple[list[str], tuple[Evidence, ...]]:
    """(str(LegalRef) list in order of appearance, evidence) for one text."""
    found: list[tuple[LegalRef, Evidence | None]] = []
    seen: set[LegalRef] = set()
    for line in _LINE_RE.finditer(text):
        if not _DIGIT_RE.search(line.group(0)):
            continue
        for ref in find_legal_refs(line.group(0)):
            if ref in seen:
                continue
            seen.add(ref)
            ev = None
            m = _number_re(ref.article).search(text, line.start(), line.end())
            if m is not None:
                s, e = _snap(text, m.start() - BEFORE, m.end() + AFTER, line.start(), line.end())
                ev = Evidence(s, e, text[s:e])
            found.append((ref, ev))
    # "ст. 274 УК" in the headline and "ч. 3 ст. 274 УК" in the body are one reference.
    specific = {r.without_part for r in seen if r.part}
    kept = [(r, ev) for r, ev in found if r not in specific]
    return [str(r) for r, _ in kept], tuple(ev for _, ev in kept if ev is not None)


@register("legal", 20)
def legal_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    for doc, res in zip(docs, results, strict=True):
        res.legal_refs, res.legal_evidence = legal_refs(doc.full_text)
