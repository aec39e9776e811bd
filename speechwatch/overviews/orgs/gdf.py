"""The Glasnost Defence Foundation's monthly monitoring: "Category – N (names, places)". Pure.

GDF lists its categories one per line, the count after a dash and the cases in brackets; a
category with no cases is written "– ()" (or "– 0"). The bracketed list may wrap over several
lines. The category set changed over the years (militia → police, killings/deaths, dismissals,
blocking), so lines are recognised by their shape and mapped through the `gdf` taxonomy; a
category line between two recognised ones is kept even when its phrase is unknown (it then goes
to review).
"""

from __future__ import annotations

import re

from speechwatch.overviews.mapping import Match
from speechwatch.overviews.orgs.common import cue_match, find_code
from speechwatch.overviews.readers import register_reader
from speechwatch.overviews.types import Block, Item, Line, StatsInput, StatsResult

__all__ = ["read_gdf"]

_LINE_RE = re.compile(
    r"^(?P<phrase>[^\W\d_][^()\d–—:]{2,140}?)\s*(?:[–—]|-(?=\s))\s*"
    r"(?P<count>\d{1,4}|0)?\s*(?:\((?P<notes>.*)\))?\s*[.;,]?\s*$",
    re.S,
)
_ZERO_WORD_RE = re.compile(r"^(?:нет|не зафиксировано|none)\b", re.I)
_HEADER_RE = re.compile(
    r"конфликты,?\s+зафиксированные|нарушени\w+\s+прав\s+журналист|conflicts\s+recorded|"
    r"violations\s+of\s+(?:the\s+)?(?:rights\s+of\s+)?journalists",
    re.I,
)


def _joined(lines: list[Line]) -> list[tuple[Line, list[int]]]:
    """Join a line whose bracket is still open with the following ones."""
    out: list[tuple[Line, list[int]]] = []
    buf: Line | None = None
    nos: list[int] = []
    for ln in lines:
        if buf is None:
            buf, nos = Line(ln.no, ln.text.strip()), [ln.no]
        else:
            buf = Line(buf.no, f"{buf.text} {ln.text.strip()}")
            nos.append(ln.no)
        if buf.text.count("(") <= buf.text.count(")") or len(nos) > 12:
            out.append((buf, nos))
            buf = None
    if buf is not None:
        out.append((buf, nos))
    return out


def _candidate(text: str) -> tuple[str, int, str] | None:
    m = _LINE_RE.match(text)
    if not m:
        return None
    notes = (m.group("notes") or "").strip()
    if m.group("count") is not None:
        count = int(m.group("count"))
    elif "(" in text and (not notes or _ZERO_WORD_RE.match(notes)):
        count = 0  # "– ()"
    else:
        return None
    phrase = m.group("phrase").strip(" \t-–—:")
    if len(phrase.split()) > 14:
        return None
    return phrase, count, notes


def read_gdf(inp: StatsInput) -> StatsResult:
    doc = inp.mapper.doc
    res = StatsResult()
    runs: list[list[tuple[Line, list[int], str, int, str, str]]] = [[]]
    header: Line | None = None
    for ln, nos in _joined(inp.lines):
        cand = _candidate(ln.text)
        if cand is None:
            if header is None and _HEADER_RE.search(ln.text):
                header = ln
                res.used.update(nos)
            if ln.text.strip() and runs[-1]:
                runs.append([])
            continue
        phrase, count, notes = cand
        runs[-1].append((ln, nos, phrase, count, notes, find_code(phrase, doc)))
    # A run of category lines with at least two known categories is the statistics list.
    rows = [r for run in runs if sum(1 for x in run if x[5]) >= 2 for r in run]
    if not rows:
        return res
    block_code = next((n.code for n in doc.nodes if n.parent is None), "")
    block = Block(
        phrase=header.text.strip() if header else "",
        total=None,
        match=Match(block_code, 1.0, "reader"),
        line=header.no if header else rows[0][0].no,
        implicit=header is None,
    )
    for ln, nos, phrase, count, notes, code in rows:
        match = cue_match(code) if code else inp.mapper.item(phrase, block_code)
        item = Item(phrase=phrase, count=count, match=match, line=ln.no)
        if notes:
            item.notes.append(notes)
        block.items.append(item)
        res.used.update(nos)
    res.blocks.append(block)
    return res


register_reader("gdf", read_gdf)
