"""The Institute of Mass Information's "Freedom of Speech Barometer": figures in prose. Pure.

IMI writes the month's total ("In June, IMI experts recorded 9 violations of freedom of speech"),
then its categories in sentences ("перешкоджання … – 9, погрози та кібератаки – по 5",
"2 cases of each", "один випадок цензури"), small numbers as words, and a breakdown by region.
Sentences about other periods (since the beginning of the year, last year, another month) are
skipped. The total becomes the block total, categories its items, regions the block's notes
("region: Kyiv = 3"; `regions(block)` reads them back).
"""

from __future__ import annotations

import re

from speechwatch.overviews.mapping import Match
from speechwatch.overviews.orgs.common import (
    NUMBER,
    NUMBER_RE,
    cue_match,
    cue_patterns,
    number_value,
)
from speechwatch.overviews.orgs.regions_ua import REGION_CUES, REGION_NAMES
from speechwatch.overviews.readers import register_reader
from speechwatch.overviews.types import Block, Item, StatsInput, StatsResult

__all__ = ["read_imi", "regions"]

_TOTAL_RE = re.compile(
    rf"(?P<n>(?!(?:19|20)\d\d\b){NUMBER})\s+(?:[^\W\d]+\s+){{0,2}}?(?:випадк\w*|порушен\w*|cases?|violations?|случа\w*|"
    rf"нарушен\w*|факт\w*)\s+(?:\w+\s+){{0,2}}?(?:свобод\w+\s+слова|свобод\w+\s+преси|"
    rf"freedom\s+of\s+(?:speech|press|expression))"
    rf"|(?:свобод\w+\s+слова|freedom\s+of\s+(?:speech|press))[^.;]{{0,40}}?[–—:]\s*(?P<m>{NUMBER})",
    re.I,
)
# Sentences about another period than the month itself.
_OTHER_PERIOD_RE = re.compile(
    r"з\s+початку\s+року|since\s+the\s+beginning|с\s+начала\s+года|аналогічн\w+\s+період|"
    r"аналогичн\w+\s+период|same\s+period|минул\w+\s+рок|last\s+year|прошл\w+\s+год|"
    r"compared\s+to|порівнян|по\s+сравнению|"
    r"за\s+\w+\s+місяц|for\s+\w+\s+months|first\s+half|півріч|полугоди",
    re.I,
)
_ASIDE_RE = re.compile(r"\([^()]*\)")
# Month names (uk stem, ru stem, English capitalised: "may" is also a verb).
_MONTHS = [
    ("січ", "январ", "January"), ("лют", "феврал", "February"), ("берез", "март", "March"),
    ("квіт", "апрел", "April"), ("трав[не]", "ма[йяе]", "May"), ("червн|червен", "июн", "June"),
    ("лип", "июл", "July"), ("серп", "август", "August"), ("верес", "сентябр", "September"),
    ("жовт", "октябр", "October"), ("листопад", "ноябр", "November"),
    ("груд", "декабр", "December"),
]  # fmt: skip
_MONTH_RES = [re.compile(rf"(?<!\w)(?:(?i:{uk}|{ru})\w*|{en}\b)") for uk, ru, en in _MONTHS]
_EACH_BEFORE_RE = re.compile(r"(?:^|\s)по\s*$", re.I)
_EACH_AFTER_RE = re.compile(
    r"^\s*(?:\w+\s+){0,5}?(?:of\s+)?each\b|^\s*відповідно|^\s*соответственно", re.I
)
_UNIT_RE = re.compile(
    r"^\s*(?:таких\s+)?(?:випадк\w*|випадок|cases?|справ\w*|факт\w*|случа\w*)?\s*"
    r"(?:стосувал\w*|касал\w*|concerned|related\s+to|involved)?\s*(?:of\s+|з\s+|із\s+)?$",
    re.I,
)
_LINK_RE = re.compile(
    r"^[\s«»\"“”„']*(?:[–—:]|-\s)?[\s«»\"“”„']*$|^\s*\(\s*$|^\s*[–—:]?\s*по\s*$", re.I
)
_SKIP_NUM_RE = re.compile(
    r"^\s*(?:%|відсот|percent|процент|рок|year|год|лет|регіон|region|област)", re.I
)


_CASES_RE = re.compile(r"^\s*(?:випадк|випадок|cases?\b|violations?\b|порушен|случа|нарушен)", re.I)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[«\"“A-ZА-ЯІЇЄҐ0-9])", text) if s.strip()]


_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _other_month(sentence: str, month: int | None, year: int | None = None) -> bool:
    """Names another month or year than the barometer's."""
    if any(int(y) != year for y in _YEAR_RE.findall(sentence)):
        return True
    if month is None:
        return False
    return any(rx.search(sentence) for i, rx in enumerate(_MONTH_RES, 1) if i != month)


def _pair(
    sentence: str,
    cues: tuple[tuple[str, re.Pattern[str]], ...],
    skip: tuple[int, int] | None,
    loose: bool = False,
) -> list[tuple[str, int]]:
    """(code, count) in the order the sentence names them; see the module docstring."""
    events: list[tuple[int, int, str, str]] = []  # (start, end, kind, value)
    taken: list[tuple[int, int]] = []
    for code, pat in cues:
        for m in pat.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            events.append((m.start(), m.end(), "cue", code))
    for m in NUMBER_RE.finditer(sentence):
        if skip and m.start() < skip[1] and skip[0] < m.end():
            continue
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        value = number_value(m.group(0))
        if re.fullmatch(r"(?:19|20)\d\d", m.group(0)) or _SKIP_NUM_RE.match(sentence[m.end() :]):
            continue
        events.append((m.start(), m.end(), "num", str(value)))
    events.sort()
    out: dict[str, int] = {}
    pending: list[tuple[int, int, str]] = []
    i = 0
    while i < len(events):
        s, e, kind, val = events[i]
        if kind == "cue":
            if not pending or pending[-1][2] != val:
                pending.append((s, e, val))
            i += 1
            continue
        n = int(val)
        before = sentence[pending[-1][1] : s] if pending else ""
        after_cues = []
        j = i + 1
        while j < len(events) and events[j][2] == "cue":
            after_cues.append(events[j])
            j += 1
        gap_after = sentence[e : after_cues[0][0]] if after_cues else ""
        each_after = bool(_EACH_AFTER_RE.match(sentence[e:]))
        if each_after or _EACH_BEFORE_RE.search(sentence[max(0, s - 4) : s]):
            # "погрози та кібератаки – по 5", "2 cases of each", "по два випадки побиття, погроз"
            from_pending = bool(pending) and (each_after or len(before) < 12)
            targets = [p[2] for p in pending] if from_pending else [c[3] for c in after_cues]
            for code in targets:
                out.setdefault(code, n)
            pending = []
            i = i + 1 if from_pending else j
            continue
        if after_cues and _UNIT_RE.match(gap_after) and len(gap_after) < 30:
            out.setdefault(after_cues[0][3], n)  # "3 cases of beating", "один випадок цензури"
            pending = [(a[0], a[1], a[3]) for a in after_cues[1:]]
            i = j
            continue
        linked = bool(re.search(r"[–—:(]|-\s|\s-", before)) or (
            loose and _CASES_RE.match(sentence[e:])
        )
        if pending and len(before) < 45 and linked:
            out.setdefault(pending[-1][2], n)  # "перешкоджання … – 9", "кібератаки (2 випадки)"
        pending = []
        i += 1
    return list(out.items())


def _month(inp: StatsInput) -> int | None:
    """The month the barometer is about: the title's period, else a month named in the title."""
    if inp.period is not None and inp.period.kind == "month":
        return int(inp.period.index)
    head = inp.title or (inp.lines[0].text if inp.lines else "")
    for i, rx in enumerate(_MONTH_RES, 1):
        if rx.search(head):
            return i
    return None


def regions(block: Block) -> dict[str, int]:
    """The region breakdown stored in a block's notes."""
    out: dict[str, int] = {}
    for note in block.notes:
        m = re.fullmatch(r"region: (.+) = (\d+)", note)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def read_imi(inp: StatsInput) -> StatsResult:
    doc = inp.mapper.doc
    res = StatsResult()
    month = _month(inp)
    year = inp.period.year if inp.period is not None else None
    if year is None:
        found = _YEAR_RE.search(inp.title or (inp.lines[0].text if inp.lines else ""))
        year = int(found.group(1)) if found else None
    cues = cue_patterns(doc)
    block_code = next((n.code for n in doc.nodes if n.parent is None), "")
    block: Block | None = None
    seen: set[str] = set()
    region_counts: dict[str, int] = {}
    for ln in inp.lines:
        for sentence in _sentences(ln.text):
            clean = _ASIDE_RE.sub(
                lambda m: (
                    ""
                    if _OTHER_PERIOD_RE.search(m.group(0)) or _other_month(m.group(0), month, year)
                    else m.group(0)
                ),
                sentence,
            )
            if _OTHER_PERIOD_RE.search(clean) or _other_month(clean, month, year):
                continue
            skip = None
            if block is None:
                t = _TOTAL_RE.search(clean)
                if t:
                    g = "n" if t.group("n") else "m"
                    block = Block(
                        clean.strip(),
                        number_value(t.group(g)),
                        Match(block_code, 1.0, "reader"),
                        ln.no,
                    )
                    skip = t.span(g)
                    res.used.add(ln.no)
            for code, count in _pair(clean, cues, skip):
                if code in seen:
                    continue
                seen.add(code)
                if block is None:
                    block = Block("", None, Match(block_code, 1.0, "reader"), ln.no, implicit=True)
                block.items.append(Item(clean.strip()[:200], count, cue_match(code), ln.no))
                res.used.add(ln.no)
            if re.search(r"регіон|region|област|oblast|регион", clean, re.I):
                for code, count in _pair(clean, REGION_CUES, skip, loose=True):
                    region_counts.setdefault(code, count)
                    res.used.add(ln.no)
    if block is not None:
        block.notes.extend(f"region: {REGION_NAMES[c]} = {n}" for c, n in region_counts.items())
        res.blocks.append(block)
    return res


register_reader("imi", read_imi)
