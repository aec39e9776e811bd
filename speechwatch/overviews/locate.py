"""The default statistics reader: find the statistics by their content, not their position.

Counted lines next to category phrases are statistics wherever they stand; a publication date,
an intro, a narrative paragraph between two items, "and other incidents" on its own line, a
header without a number, a year-to-date list and a table of contents are recognised as such.
Registered in readers.py for "adilsoz-2024"; any taxonomy without its own reader uses it.
"""

from __future__ import annotations

import re

from speechwatch.overviews.counts import (
    GRAND_RE,
    LEAD_INNER_RE,
    LEADING_RE,
    MONTH_LEAD_RE,
    NUM,
    clean_phrase,
    parse_number,
    split_count,
    split_sentences,
)
from speechwatch.overviews.mapping import ACCEPT
from speechwatch.overviews.periods import Period, find_date_at_start
from speechwatch.overviews.sections import CLOSING_RE, heading_kind
from speechwatch.overviews.stats import Stats
from speechwatch.overviews.types import Item, Line, StatsInput, StatsResult

# ---------------------------------------------------------------- finding the statistics

# Year-to-date or multi-year figures: not the period's own statistics.
_YTD_RE = re.compile(
    r"since\s+the\s+beginning\s+of\s+(?:the|this)\s+year|from\s+january\s+to\s+\w+|"
    r"during\s+the\s+first\s+\w+\s+months|с\s+начала\s+(?:этого\s+|текущего\s+)?года|"
    r"с\s+января\s+по\s+\w+|жыл\s+басынан|since\s+20\d\d|from\s+20\d\d\s+to",
    re.I,
)
# A table of contents: "Нападения. 3", "УГРОЗЫ.. 9" — page numbers, not counts.
_TOC_RE = re.compile(r"^[^\d]{3,}?\S(?:\.{1,}|…)\s*\d{1,3}$")
_TOC_HEAD_RE = re.compile(
    r"^(?:оглавление|содержание|contents|table\s+of\s+contents|мазмұны)\s*:?$", re.I
)
# "В марте 2009 г. мониторинг … зафиксировал 93 сообщения": a grand total inside a sentence.
_GRAND_INNER_RE = re.compile(
    rf"(?:зафиксировал[аио]?|зарегистрировал[аио]?|recorded|documented|registered|тіркеді|тіркелді)\s+"
    rf"(?:a\s+total\s+of\s+)?{NUM}\s+(?:сообщени\w*|случа\w*|факт\w*|reports?|cases?|incidents?|хабарлама\w*|жағдай\w*)",
    re.I,
)
_LOOKAHEAD = 4  # narrative lines allowed between two items of one list


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Hand-wrapped item lines: a line without closing punctuation continued in lower case."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and ln.text[:1].islower()
            and not prev.text.endswith((".", ";", ":", "!", "?", "»", '"', ","))
            and not _TOC_RE.match(prev.text)
        ):
            out[-1] = Line(prev.no, f"{prev.text} {ln.text}")
        else:
            out.append(ln)
    return out


def _breaks(text: str, period: Period | None, st: Stats) -> bool:
    kind = heading_kind(text)
    if kind and kind not in ("statistics", "other"):
        return True
    if kind == "other" and not st.is_stat_line(text) and not _category_header(text, st):
        return True
    if CLOSING_RE.match(text):
        return True
    on, _ = find_date_at_start(text, period.year if period else 2000)
    return on is not None


def _category_header(text: str, st: Stats) -> bool:
    """ "Criminal charges:", "УГОЛОВНЫЕ ОБВИНЕНИЯ:": a category named without a count."""
    if not text.endswith(":") or len(text) > 80 or any(c.isdigit() for c in text):
        return False
    phrase = clean_phrase(text)
    mb = st.mapper.block(phrase, deep=False)
    mi = st.mapper.item(phrase, "", deep=False)
    return max(mb.confidence, mi.confidence) >= ACCEPT


def read_statistics(inp: StatsInput) -> StatsResult:
    """Find the statistics by their content: counted lines next to category phrases."""
    st = Stats(inp.mapper)
    used: set[int] = set()
    lines = _join_wrapped(inp.lines)
    in_toc = False
    i = 0
    while i < len(lines):
        ln = lines[i]
        text = ln.text
        if _TOC_HEAD_RE.match(text):
            in_toc = True
        if _TOC_RE.match(text):
            i += 1
            continue
        if in_toc and not st.blocks:
            i += 1
            continue
        if _breaks(text, inp.period, st):
            break
        if _YTD_RE.search(text):
            # Skip the sentence and the list it introduces.
            i += 1
            while i < len(lines) and not _breaks(lines[i].text, inp.period, st):
                if not (LEADING_RE.match(lines[i].text) or st.is_stat_line(lines[i].text)):
                    break
                i += 1
            continue
        g = _GRAND_INNER_RE.search(text)
        if g and not st.blocks and not GRAND_RE.match(text):
            st.grand.append((parse_number(g.group(1)), ln.no))
            used.add(ln.no)
            tail = text[g.end() :].lstrip(" .;:")
            if tail:
                st.line(tail, ln.no)
            i += 1
            continue
        if not st.blocks and not st.grand and _month_grand(text, ln.no, st):
            used.add(ln.no)
            i += 1
            continue
        if _category_header(text, st):
            phrase = clean_phrase(text)
            mb = st.mapper.block(phrase, deep=False)
            mi = st.mapper.item(phrase, "", deep=False)
            st._open(phrase, None, mb if mb.confidence >= mi.confidence else mi, ln.no)
            used.add(ln.no)
            i += 1
            continue
        if st.is_stat_line(text):
            st.line(text, ln.no)
            used.add(ln.no)
            i += 1
            continue
        if not st.blocks and _prose_figures(text, ln.no, st):
            used.add(ln.no)
            i += 1
            continue
        if st.blocks:
            # A narrative paragraph between two items: kept as a note if the list goes on.
            nxt = _continues(lines, i, inp.period, st)
            if nxt is None:
                break
            holder = st.item or st.block
            if holder is not None:
                holder.notes.extend(x.text for x in lines[i:nxt])
            used.update(x.no for x in lines[i:nxt])
            i = nxt
            continue
        i += 1
    return StatsResult(st.blocks, st.grand, st.warnings, used)


_PROSE_SPLIT_RE = re.compile(
    r"(?:,\s*(?:and\s+|и\s+|а\s+)?|\s+(?:and|и)\s+|;\s*)(?="
    + NUM.replace("(", "(?:", 1)
    + r"(?!\w))",
    re.I,
)
_ANY_NUM_RE = re.compile(r"(?<!\w)" + NUM.replace("(", "(?:", 1) + r"(?!\w)", re.I)
_PROSE_LEAD_RE = re.compile(r"^(?:besides|also|moreover|кроме\s+того|также)\s*,?\s*", re.I)


def _prose_figures(text: str, no: int, st: Stats) -> bool:
    """Figures in running prose ("25 journalists were detained, 18 more were charged …"): read
    only when a paragraph states at least three counts that name a category confidently."""
    if len(_ANY_NUM_RE.findall(text)) < 3:
        return False
    found: list[Item] = []
    for sentence in split_sentences(text):
        for part in _PROSE_SPLIT_RE.split(_PROSE_LEAD_RE.sub("", sentence)):
            c = split_count(_PROSE_LEAD_RE.sub("", part.strip()))
            if c.count is None or not c.phrase:
                continue
            m = st.mapper.item(c.phrase, "", deep=False)
            found.append(Item(c.phrase, c.count, m, no, notes=c.notes))
    # At least three counts naming a category confidently; the others stay, flagged for mapping.
    if sum(it.match.accepted for it in found) < 3:
        return False
    for it in found:
        st._add_item(it)
    return True


def _month_grand(text: str, no: int, st: Stats) -> bool:
    """ "In April 2023, 49 cases … were documented. Among them:": the month's grand total, when
    its words name no category (a category's count would be a block)."""
    if not MONTH_LEAD_RE.match(text):
        return False
    sentences = split_sentences(text)
    c = split_count(LEAD_INNER_RE.split(sentences[0], maxsplit=1)[0])
    if c.count is None:
        return False
    mb = st.mapper.block(c.phrase, deep=False)
    mi = st.mapper.item(c.phrase, "", deep=False)
    if max(mb.confidence, mi.confidence) >= ACCEPT:
        return False
    st.grand.append((c.count, no))
    for rest in sentences[1:]:
        st.sentence(rest, no)
    return True


def _continues(lines: list[Line], i: int, period: Period | None, st: Stats) -> int | None:
    for j in range(i + 1, min(i + 1 + _LOOKAHEAD, len(lines))):
        text = lines[j].text
        if _breaks(text, period, st) or _YTD_RE.search(text):
            return None
        head = LEAD_INNER_RE.split(split_sentences(text)[0], maxsplit=1)[0]
        if st.is_stat_line(text) and split_count(head).count is not None:
            return j
    return None
