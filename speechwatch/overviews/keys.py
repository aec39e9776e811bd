"""A phrase's key (content words, lemmatised or stemmed) and its language. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

ACCEPT = 0.75  # at or above: used without review; below: reported for a person to map
FACET_PREFIX = "facet:"

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
_KK_LETTERS = set("әғқңөұүһі")

# Words that carry no category meaning: counting nouns, connectives, reporting verbs.
STOP_EN = frozenset(
    """
    a an the of to in on and or for with by from as at into against about regarding report
    reports case cases incident incidents fact facts instance instances time times
    involved involving related relating pertained pertaining concerned concerning there
    were was is are be been these those this that which who including included include
    among them such well also number total recorded registered following
    """.split()  # noqa: SIM905
)
STOP_RU = frozenset(
    """
    о об обо в во на и или к ко с со по за от для из а также что как это этот быть
    сообщение случай факт инцидент эпизод фиксировать зафиксировать зарегистрировать
    отметить том число их них среди который стать
    """.split()  # noqa: SIM905
)
STOP_KK = frozenset(
    """
    және мен пен бен туралы бойынша үшін оның ішінде олардың хабарлама жағдай тіркелді
    фактісі оқиға
    """.split()  # noqa: SIM905
)


def facet_code(facet: str, value: str) -> str:
    """`facet:victim_type=state_sector`: how a facet breakdown appears among item codes."""
    return f"{FACET_PREFIX}{facet}={value}"


_KK_RE = re.compile("[әғқңөұүһі]")
_CYR_ALL_RE = re.compile("[а-яё]")
_LAT_RE = re.compile("[a-z]")


def detect_lang(text: str) -> str:
    sample = text[:2000].lower()
    cyr, lat = len(_CYR_ALL_RE.findall(sample)), len(_LAT_RE.findall(sample))
    kk = len(_KK_RE.findall(sample))
    if kk > max(3, (cyr + lat) // 200):
        return "kk"
    return "ru" if cyr > (cyr + lat + kk) / 3 else "en"


@lru_cache(maxsize=1)
def _morph() -> Any:
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer()
    except Exception:  # pragma: no cover - pymorphy3 is a dependency; degrade to stems
        return None


@lru_cache(maxsize=65536)
def _norm_word(word: str) -> str:
    if _CYRILLIC_RE.search(word):
        morph = _morph()
        if morph is not None and not any(c in _KK_LETTERS for c in word):
            return str(morph.parse(word)[0].normal_form).replace("ё", "е")
        return word[:6]
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:6]


@lru_cache(maxsize=32768)
def phrase_key(phrase: str) -> tuple[str, ...]:
    """Content-word stems of a phrase, in order (see the module docstring)."""
    text = unicodedata.normalize("NFKC", phrase).lower().replace("ё", "е")
    out = []
    for word in _WORD_RE.findall(text):
        if word in STOP_EN or word in STOP_KK:
            continue
        norm = _norm_word(word)
        if norm in STOP_RU or norm in STOP_EN:
            continue
        out.append(norm)
    return tuple(out)
