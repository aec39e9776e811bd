"""Stage "language" (order 10): kk | ru | en and the script (cyrl | latn) of each item.

Script decides most items without a model: Cyrillic text rich in Kazakh-only letters
(ә ғ қ ң ө ұ ү һ і) is Kazakh, Cyrillic text with none of them is Russian, and only the mixed
middle (a Russian text quoting Kazakh, or Kazakh typed without its letters) goes to lingua,
restricted to the three languages. Lingua does not know Kazakh in Latin script, so Latin text
is scored on Kazakh Latin letters (ä ö ü ı ş ğ ñ, 2018 acutes, 2017 apostrophes) and common
Kazakh words against English function words. The source's language (`lang_hint`) breaks ties.
Word lists: data/lang/kazakh.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from speechwatch.lib.datafile import checked_list, known_keys, read_yaml
from speechwatch.triage.context import LoadOptions, register_loader
from speechwatch.triage.stages import register
from speechwatch.triage.types import Document, Triage

DATA = Path(__file__).resolve().parent / "data" / "lang" / "kazakh.yaml"
SAMPLE = 1200  # characters read per item: the headline and lead decide
# Share of lower-case Cyrillic words (names are left out: a Russian text quoting "Қасым"
# stays Russian) that are Kazakh — spelt with a Kazakh-only letter or on the common-word list:
# from KK_SURE up it is Kazakh, below RU_SURE Russian, between them lingua decides.
KK_SURE = 0.45
RU_SURE = 0.06

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@dataclass(frozen=True)
class Words:
    latin: frozenset[str]
    latin_letters: frozenset[str]
    apostrophe_pairs: tuple[str, ...]
    cyrillic_letters: frozenset[str]
    cyrillic: frozenset[str]
    english: frozenset[str]


_LISTS = ("latin_words", "latin_apostrophe_pairs", "cyrillic_words", "english_words")
_LETTERS = ("latin_letters", "cyrillic_letters")  # one string of letters each


def _listed(raw: dict[str, Any], key: str, source: str) -> list[str]:
    def ok(v: Any) -> bool:
        return isinstance(v, str)

    return checked_list(raw.get(key), key, source, ok, "a string", "strings")


def _letters(raw: dict[str, Any], key: str, source: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{source}: {key} must be a string of letters")
    return value


def parse_words(raw: Any, source: str = "kazakh.yaml") -> Words:
    """The checked lists of kazakh.yaml; any fault is a ValueError that starts with `source`."""
    raw = known_keys(raw, (*_LISTS, *_LETTERS), source)
    lists = {key: _listed(raw, key, source) for key in _LISTS}
    return Words(
        latin=frozenset(w.casefold() for w in lists["latin_words"]),
        latin_letters=frozenset(_letters(raw, "latin_letters", source)),
        apostrophe_pairs=tuple(lists["latin_apostrophe_pairs"]),
        cyrillic_letters=frozenset(_letters(raw, "cyrillic_letters", source)),
        cyrillic=frozenset(w.casefold() for w in lists["cyrillic_words"]),
        english=frozenset(lists["english_words"]),
    )


@cache
def words() -> Words:
    """The shipped lists, read once per process."""
    return parse_words(read_yaml(DATA), str(DATA))


@register_loader("lang_detector")
def load_detector(options: LoadOptions) -> Any:
    """Lingua restricted to kk/ru/en, low-accuracy mode (n-grams up to 3: ~40% faster, and
    it only sees the ambiguous Cyrillic middle, where whole sentences are available)."""
    from lingua import Language, LanguageDetectorBuilder

    langs = (Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH)
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


# Letters (str.isalpha) by script, counted in C rather than a Python loop over characters.
_CYR_LETTER_RE = re.compile(r"(?=[^\W\d_])[\u0400-\u04ff]")
_LAT_LETTER_RE = re.compile(r"(?=[^\W\d_])[A-Za-z\u00c0-\u024f]")


def _is_cyr(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _lingua(detector: Any, text: str, hint: str) -> str:
    if detector is None:
        return hint if hint in ("kk", "ru") else "ru"
    conf = {c.language.iso_code_639_1.name.lower(): c.value for c in
            detector.compute_language_confidence_values(text)}  # fmt: skip
    best = max(conf, key=lambda k: conf[k]) if conf else ""
    # Close call: trust the source's language.
    if hint in conf and conf.get(best, 0.0) - conf[hint] < 0.2:
        return hint
    return best or hint or "ru"


def detect(text: str, hint: str = "", detector: Any = None) -> tuple[str, str]:
    """(lang, script) of a text; ("", "") when it has no letters."""
    w = words()
    sample = text[:SAMPLE]
    cyr = len(_CYR_LETTER_RE.findall(sample))
    lat = len(_LAT_LETTER_RE.findall(sample))
    if not cyr and not lat:
        return (hint, "") if hint else ("", "")
    if cyr >= lat:
        lower = [t for t in _WORD_RE.findall(sample) if t[0].islower() and _is_cyr(t[0])]
        kk = sum(1 for t in lower if t in w.cyrillic or not w.cyrillic_letters.isdisjoint(t))
        share = kk / len(lower) if lower else 0.0
        if share >= KK_SURE:
            return "kk", "cyrl"
        if share < RU_SURE:
            return "ru", "cyrl"
        # Mixed: ask lingua about the rest, the words that are not visibly Kazakh — Russian
        # around a Kazakh quote reads as Russian, Kazakh typed without its letters as Kazakh.
        rest = " ".join(t for t in lower if w.cyrillic_letters.isdisjoint(t))
        return _lingua(detector, rest, hint), "cyrl"
    tokens = _WORD_RE.findall(sample.casefold())
    kk_score = sum(1 for t in tokens if t in w.latin)
    kk_score += sum(2 for t in tokens if any(c in w.latin_letters for c in t))
    kk_score += sum(sample.count(p) for p in w.apostrophe_pairs)
    en_score = sum(1 for t in tokens if t in w.english)
    if kk_score > en_score or (kk_score == en_score and hint == "kk"):
        return "kk", "latn"
    return "en", "latn"


@register("language", 10)
def language_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    detector = context.get("lang_detector") if context is not None else None
    for doc, res in zip(docs, results, strict=True):
        res.lang, res.script = detect(doc.full_text, doc.lang_hint, detector)
