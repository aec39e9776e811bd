"""Shared pieces of the organisation readers: number words and taxonomy cue patterns. Pure."""

from __future__ import annotations

import re

from speechwatch.overviews.mapping import Match
from speechwatch.taxonomy.tree import TaxonomyDoc

# Small numbers written as words (IMI writes "два випадки", "one case"), en/uk/ru.
_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "one",
        "один",
        "одна",
        "одне",
        "одного",
        "одну",
        "одно",
        "одной",
        "одним",
        "одному",
        "одній",
    ),
    2: ("two", "два", "дві", "двоє", "двох", "две", "двое", "двух", "двом"),
    3: ("three", "три", "троє", "трьох", "трое", "трёх", "трех"),
    4: ("four", "чотири", "чотирьох", "четыре", "четырёх", "четырех"),
    5: ("five", "п'ять", "п’ять", "пʼять", "пять", "п'яти", "п’яти", "пяти"),
    6: ("six", "шість", "шести", "шесть"),
    7: ("seven", "сім", "семи", "семь"),
    8: ("eight", "вісім", "восьми", "восемь"),
    9: ("nine", "дев'ять", "дев’ять", "девʼять", "девять", "дев'яти", "девяти"),
    10: ("ten", "десять", "десяти"),
    11: ("eleven", "одинадцять", "одиннадцать"),
    12: ("twelve", "дванадцять", "двенадцать"),
    13: ("thirteen", "тринадцять", "тринадцать"),
    14: ("fourteen", "чотирнадцять", "четырнадцать"),
    15: ("fifteen", "п'ятнадцять", "п’ятнадцять", "пятнадцать"),
    20: ("twenty", "двадцять", "двадцать"),
}
NUMBER_WORDS: dict[str, int] = {w: n for n, ws in _WORDS.items() for w in ws}
_NUM_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
NUMBER = rf"(?:\d{{1,5}}|(?<![\w'’ʼ])(?:{_NUM_ALT})(?![\w'’ʼ]))"
NUMBER_RE = re.compile(NUMBER, re.I)


def number_value(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _word_pattern(word: str) -> str:
    """A word and its inflections: a stem of all but the last two or three letters."""
    word = word.lower()
    if len(word) <= 4 or not word.isalpha():
        return re.escape(word) + r"\w*"
    keep = max(4, len(word) - (3 if len(word) > 8 else 2))
    return re.escape(word[:keep]) + r"[\w'’-]*"


def phrase_pattern(text: str) -> str:
    words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text)
    return r"\s+".join(_word_pattern(w) for w in words)


_CUES: dict[int, tuple[TaxonomyDoc, tuple[tuple[str, re.Pattern[str]], ...]]] = {}


def cue_patterns(doc: TaxonomyDoc) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(code, pattern) for every finer node, its labels and synonyms in every language, longest
    text first so "access to public information" wins over "access"."""
    cues: list[tuple[int, str, str]] = []
    for n in doc.nodes:
        if n.parent is None:
            continue
        texts = [*n.labels.values(), *(s for ss in n.synonyms.values() for s in ss)]
        for t in dict.fromkeys(texts):
            pat = phrase_pattern(t)
            if pat:
                cues.append((len(t), n.code, pat))
    cached = _CUES.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    cues.sort(key=lambda c: -c[0])
    out = tuple((code, re.compile(rf"(?<!\w){pat}", re.I)) for _n, code, pat in cues)
    _CUES[id(doc)] = (doc, out)  # the doc is kept alive, so its id is not reused
    return out


def cue_match(code: str) -> Match:
    return Match(code, 1.0, "synonym")


def find_code(phrase: str, doc: TaxonomyDoc) -> str:
    """The code whose label or synonym the phrase contains (longest cue first), or ""."""
    for code, pat in cue_patterns(doc):
        if pat.search(phrase):
            return code
    return ""
