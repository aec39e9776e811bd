"""Stage "date" (order 30): the date of the reported event, resolved against publication.

Candidates: numeric dates (15.01.2024, 2024-01-15), a day with a month word in any of the
three languages ("15 января", "15-го января", "15 қаңтарда", "2024 жылғы 15 қаңтарда",
"on 15 January", "January 15, 2024"), a month alone ("в январе", "in March 2024" → YYYY-MM),
weekdays ("в понедельник", "on Monday", "дүйсенбі күні": the latest such day up to the
publication date), relative days ("вчера", "кеше", "yesterday", "сегодня") and relative
weeks/months ("на прошлой неделе", "өткен айда", "last month" → the month they point into).
A day and month without a year take the publication year, or the year before when that would
put the event after publication. The event date is the candidate in a sentence with an
incident word (detained, attacked, fined …), then the one in the headline/lead, never a date
after publication (a hearing that is scheduled) unless nothing else is there. No candidate →
the month of publication ("YYYY-MM": news reports recent events, and the month precision shows
it was not read from the text); the publication day only when the text says "today"; null
without a publication date. Words: data/dates/words.yaml, read and checked once per process
by `words()`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from speechwatch.lib.datafile import checked_list, known_keys, read_yaml
from speechwatch.triage.stages import register
from speechwatch.triage.types import Document, Evidence, Triage

DATA = Path(__file__).resolve().parent / "data" / "dates" / "words.yaml"

_TOKEN_RE = re.compile(r"\d+(?:-?[^\W\d_]+)?|[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMERIC_RE = re.compile(
    r"(?<![\d.])(?:(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))(?![\d])"
)
_SENTENCE_RE = re.compile(r"[^\n]+?(?:(?<=[.!?])\s+(?=[^\W\d_«\"“])|\n|$)")


# Lists of words.yaml that are matched word by word (letters only) or as phrases.
_WORD_LISTS = ("weak_month_stems", "weekday_before", "weekday_after", "year_words",
               "month_locative_endings", "ordinal_endings", "month_after", "month_before",
               "weekday_locative_endings")  # fmt: skip
_PHRASE_LISTS = ("incident_stems",)
_KEYS = {*_WORD_LISTS, *_PHRASE_LISTS, "months", "weekdays", "relative_days", "relative_months"}


@dataclass(frozen=True)
class Words:
    """The words of data/dates/words.yaml (which says what each list is for), checked."""

    months: tuple[tuple[str, int, bool], ...]  # (stem, month, weak), longest first
    weekdays: tuple[tuple[str, int], ...]
    weekday_before: frozenset[str]
    weekday_after: frozenset[str]
    relative: re.Pattern[str]  # every relative phrase in one alternation
    shifts: dict[str, tuple[int, bool]]  # phrase (casefolded) → (days back, month only)
    incident: tuple[str, ...]
    year_words: frozenset[str]  # "2024 года 15 января": the word between year and day
    month_locative: tuple[str, ...]  # for str.endswith: "қаңтарда", "наурызында"
    month_after: tuple[str, ...]  # for str.startswith: "наурыз айында"
    month_before: frozenset[str]  # "в марте", "in March"
    weekday_locative: tuple[str, ...]  # for str.endswith: "сәрсенбіде"
    number: re.Pattern[str]  # a day or year with an ordinal ending: "15-го", "15th"


def _phrases_re(phrases: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def _strings(value: Any, key: str, source: str, words: bool) -> list[str]:
    """A non-empty list of lower-case words (`words`) or phrases without repeats, else a
    ValueError naming the file and the list."""

    def ok(w: Any) -> bool:
        fine = isinstance(w, str) and w == w.casefold() and w.strip() == w != ""
        return fine and (not words or w.isalpha())

    kind = "word" if words else "phrase"
    return checked_list(value, key, source, ok, f"one lower-case {kind}", f"{kind}s")


def _numbered(raw: dict[str, Any], key: str, numbers: range, source: str) -> dict[int, list[str]]:
    """months (1-12) and weekdays (0-6): every number once, each with its stems."""
    value = raw.get(key)
    if not isinstance(value, dict) or set(value) != set(numbers):
        raise ValueError(f"{source}: {key} must map {numbers.start}-{numbers.stop - 1} to stems")
    out = {int(n): _strings(v, f"{key}.{n}", source, False) for n, v in value.items()}
    stems = [s for v in out.values() for s in v]
    if dups := sorted({s for s in stems if stems.count(s) > 1}):
        raise ValueError(f"{source}: {key} lists {', '.join(dups)} twice")
    return out


def _shifts(raw: dict[str, Any], key: str, source: str) -> dict[str, int]:
    value = raw.get(key)
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{source}: {key} must map phrases to numbers of days")
    _strings(list(value), key, source, False)
    if bad := [p for p, n in value.items() if not isinstance(n, int) or isinstance(n, bool)]:
        raise ValueError(f"{source}: {key}: {bad[0]!r} needs a whole number of days")
    return value


def parse_words(raw: Any, source: str = "words.yaml") -> Words:
    """The checked lists of words.yaml; any fault is a ValueError that starts with `source`."""
    raw = known_keys(raw, _KEYS, source)
    lists = {k: _strings(raw.get(k), k, source, True) for k in _WORD_LISTS}
    lists |= {k: _strings(raw.get(k), k, source, False) for k in _PHRASE_LISTS}
    month_stems = _numbered(raw, "months", range(1, 13), source)
    day_stems = _numbered(raw, "weekdays", range(7), source)
    weak = set(lists["weak_month_stems"])
    if stray := sorted(weak - {s for v in month_stems.values() for s in v}):
        raise ValueError(f"{source}: weak_month_stems: {', '.join(stray)} is not a month stem")
    rel_days, rel_months = (
        _shifts(raw, "relative_days", source),
        _shifts(raw, "relative_months", source),
    )
    months = [(s, m, s in weak) for m, stems in month_stems.items() for s in stems]
    days = [(s, d) for d, stems in day_stems.items() for s in stems]
    ordinals = "|".join(re.escape(e) for e in lists["ordinal_endings"])
    return Words(
        months=tuple(sorted(months, key=lambda t: -len(t[0]))),
        weekdays=tuple(days),
        weekday_before=frozenset(lists["weekday_before"]),
        weekday_after=frozenset(lists["weekday_after"]),
        relative=_phrases_re([*rel_days, *rel_months]),
        shifts={
            **{p.casefold(): (n, False) for p, n in rel_days.items()},
            **{p.casefold(): (n, True) for p, n in rel_months.items()},
        },
        incident=tuple(lists["incident_stems"]),
        year_words=frozenset(lists["year_words"]),
        month_locative=tuple(lists["month_locative_endings"]),
        month_after=tuple(lists["month_after"]),
        month_before=frozenset(lists["month_before"]),
        weekday_locative=tuple(lists["weekday_locative_endings"]),
        number=re.compile(rf"(\d+)(?:-?(?:{ordinals}))?"),
    )


def load_words(path: Path) -> Words:
    return parse_words(read_yaml(path), str(path))


@cache
def words() -> Words:
    """The shipped words, read once per process."""
    return load_words(DATA)


@cache
def _by_first(kind: str) -> dict[str, tuple[tuple[Any, ...], ...]]:
    """Month or weekday stems grouped by first letter (order kept): a word is checked only
    against the stems that can match it."""
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for entry in getattr(words(), kind):
        groups.setdefault(entry[0][:1], []).append(entry)
    return {k: tuple(v) for k, v in groups.items()}


@lru_cache(maxsize=65536)  # every token of every item is asked: a news flow repeats its words
def month_of(token: str) -> tuple[int, bool] | None:
    """(month, weak) for a month word in any case form, else None."""
    t = token.casefold().rstrip(".")
    for stem, month, weak in _by_first("months").get(t[:1], ()):
        # Short stems ("май", "jan") must be the whole word: "майор" is not May.
        if t == stem or (len(stem) >= 4 and t.startswith(stem) and len(t) - len(stem) <= 7):
            return month, weak
    return None


@lru_cache(maxsize=65536)
def weekday_of(token: str) -> int | None:
    t = token.casefold()
    for stem, day in _by_first("weekdays").get(t[:1], ()):
        if t == stem or (len(stem) >= 5 and t.startswith(stem) and len(t) - len(stem) <= 4):
            return day
    return None


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    value: date
    month_only: bool = False

    def text(self) -> str:
        return self.value.strftime("%Y-%m") if self.month_only else self.value.isoformat()


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year(m: int, d: int, published: date | None) -> date | None:
    if published is None:
        return None
    found = _safe(published.year, m, d)
    if found is not None and found > published:
        found = _safe(published.year - 1, m, d)
    return found


def _num(token: str) -> int | None:
    m = words().number.fullmatch(token.casefold())
    return int(m.group(1)) if m else None


def _year_at(tokens: list[tuple[str, int, int]], i: int) -> int | None:
    if 0 <= i < len(tokens):
        n = _num(tokens[i][0])
        if n is not None and 1990 <= n <= 2100 and tokens[i][0][:4].isdigit():
            return n
    return None


def _word_candidates(text: str, published: date | None) -> list[Candidate]:
    w = words()
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    out: list[Candidate] = []
    for i, (tok, start, end) in enumerate(tokens):
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1][0].casefold() if i > 0 else ""
        day = _num(tok) if tok[:1].isdigit() else None
        month = month_of(nxt) if nxt and day is not None and 1 <= day <= 31 else None
        if month and day is not None:
            # "15 января 2024", "2024 жылғы 15 қаңтарда", "15 January".
            year = _year_at(tokens, i + 2)
            stop = tokens[i + 2][2] if year else tokens[i + 1][2]
            if year is None and i >= 2 and tokens[i - 1][0].casefold() in w.year_words:
                year = _year_at(tokens, i - 2)
            found = _safe(year, month[0], day) if year else _infer_year(month[0], day, published)
            if found:
                out.append(Candidate(start, stop, found))
            continue
        this = month_of(tok)
        if this is None:
            wd = weekday_of(tok)
            kk_locative = tok.casefold().endswith(w.weekday_locative)
            marked = prev in w.weekday_before or nxt.casefold() in w.weekday_after or kk_locative
            if wd is not None and published is not None and marked:
                back = (published.weekday() - wd) % 7
                out.append(Candidate(start, end, published - timedelta(days=back)))
            continue
        mon, weak = this
        nday = _num(nxt) if nxt[:1].isdigit() else None
        after = tokens[i + 2][0] if i + 2 < len(tokens) else ""
        day_after = nday is not None and 1 <= nday <= 31 and len(nxt) <= 4
        if day_after and nday and not month_of(after) and (tok[:1].isupper() or not weak):
            # "January 15", "January 15, 2024" (English order).
            year = _year_at(tokens, i + 2)
            stop = tokens[i + 2][2] if year else tokens[i + 1][2]
            found = _safe(year, mon, nday) if year else _infer_year(mon, nday, published)
            if found:
                out.append(Candidate(start, stop, found))
            continue
        year = _year_at(tokens, i + 1)
        if year and (tok[:1].isupper() or not weak or prev in w.month_before):
            out.append(Candidate(start, tokens[i + 1][2], date(year, mon, 1), True))
            continue
        low = tok.casefold()
        locative = low.endswith(w.month_locative) or nxt.casefold().startswith(w.month_after)
        english = tok[:1].isupper() or not tok.isascii()
        if (
            published is not None
            and english
            and (prev in w.month_before or (locative and not weak))
        ):
            y = published.year if mon <= published.month else published.year - 1
            out.append(Candidate(start, end, date(y, mon, 1), True))
    return out


def candidates(text: str, published: date | None) -> list[Candidate]:
    """Every date expression in `text`, resolved (relative ones need `published`)."""
    w = words()
    out: list[Candidate] = []
    for m in _NUMERIC_RE.finditer(text):
        if m.group("iy"):
            found = _safe(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            y = int(m.group("y"))
            found = _safe(y + 2000 if y < 100 else y, int(m.group("m")), int(m.group("d")))
        if found:
            out.append(Candidate(m.start(), m.end(), found))
    out.extend(_word_candidates(text, published))
    if published is not None:
        for m in w.relative.finditer(text):
            days, month_only = w.shifts[m.group(0).casefold()]
            out.append(Candidate(m.start(), m.end(), published + timedelta(days=days), month_only))
    return out


def event_date(
    text: str, published: date | None, lead_end: int = 0
) -> tuple[str | None, tuple[Evidence, ...]]:
    """The event date as "YYYY-MM-DD" / "YYYY-MM" (or None) with the phrase it came from."""
    found = candidates(text, published)
    if not found:
        # News reports recent events: without a date in the text the event is taken to fall
        # in the month of publication (month precision says it is not read from the text).
        return (published.strftime("%Y-%m") if published else None), ()
    incident = words().incident
    sentences = [(m.start(), m.end(), m.group(0).casefold()) for m in _SENTENCE_RE.finditer(text)]

    def score(c: Candidate) -> tuple[float, int]:
        s = 0.0
        for a, b, sent in sentences:
            if a <= c.start < b:
                if any(stem in sent for stem in incident):
                    s += 3
                break
        if c.start < lead_end:
            s += 1
        if published is not None and c.value > published:
            s -= 5  # a hearing or deadline ahead, not the event
        if not c.month_only:
            s += 0.5
        return s, -c.start

    best = max(found, key=score)
    return best.text(), (Evidence(best.start, best.end, text[best.start : best.end]),)


def lead_end(doc: Document) -> int:
    """Where the lead ends in `doc.full_text`: after the first sentence following the headline.

    A sentence ends at a line break or at ".", "!" or "?" before whitespace and a letter: an
    abbreviation before a number ("ст. 274", "ч. 2") does not end it (nor does a full stop before
    a quote or a number). Blank lines are skipped. The place stage reads the same lead.
    """
    text = doc.full_text
    first = len(doc.title) + 1 if doc.title else 0
    m = _SENTENCE_RE.search(text, first)
    return m.end() if m else len(text)


@register("date", 30)
def date_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    for doc, res in zip(docs, results, strict=True):
        res.date, res.date_evidence = event_date(doc.full_text, doc.published, lead_end(doc))
