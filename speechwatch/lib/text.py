"""Text normalisation, Cyrillic→Latin transliteration and cross-script match keys.

Names of outlets, people and places reach us in Russian, Kazakh Cyrillic, the several Kazakh
Latin alphabets (2017 apostrophes, 2018 acutes, 2021 ä/ö/ü/ş) and ad-hoc English spellings.
``match_key`` folds all of these onto one rough phonetic Latin form so that comparisons
(exact or with rapidfuzz) see "Azattyq", "Азаттык" and "Радио «Азаттық»" as the same name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

__all__ = ["GENERIC_WORDS", "compact_key", "match_key", "normalise", "transliterate"]

# Double-style quotes only ever delimit names, so they are removed wherever they occur;
# apostrophes can be part of a name (O'Brien, 2017 Kazakh Latin) so they are only trimmed.
_DOUBLE_QUOTES = '«»"“”„‟‹›〈〉《》「」'
_SINGLE_QUOTES = "'’‘‚‛`´"
_DOUBLE_QUOTES_RE = re.compile(f"[{re.escape(_DOUBLE_QUOTES)}]")
_WS_RE = re.compile(r"\s+")


def _is_edge_junk(ch: str) -> bool:
    # Punctuation (P*) and quotes are noise at the ends; symbols such as "+" or "#" are kept.
    return ch in _SINGLE_QUOTES or ch in _DOUBLE_QUOTES or unicodedata.category(ch)[0] == "P"


def normalise(text: str) -> str:
    """NFKC, casefold, collapse whitespace, drop quotes and trim punctuation at both ends."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = _DOUBLE_QUOTES_RE.sub(" ", s)
    s = _WS_RE.sub(" ", s).strip()
    start, end = 0, len(s)
    while start < end and (_is_edge_junk(s[start]) or s[start].isspace()):
        start += 1
    while end > start and (_is_edge_junk(s[end - 1]) or s[end - 1].isspace()):
        end -= 1
    return s[start:end]


# Lower-case Cyrillic → Latin. Russian follows a simplified BGN/PCGN scheme without
# apostrophes (ь, ъ dropped); Kazakh letters use the spellings common in English-language
# Kazakh media (қ→q, ғ→gh, ң→ng, і→i) so that e.g. "Азаттық" gives "Azattyq".
_CYR_TO_LAT: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a",
    "ғ": "gh",
    "қ": "q",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    # Ukrainian/Belarusian letters that turn up in names of people from the region
    "є": "ye",
    "ї": "yi",
    "ґ": "g",
    "ў": "w",
}


def transliterate(text: str) -> str:
    """Cyrillic (Russian and Kazakh) → Latin, preserving case; other characters unchanged."""
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        lat = _CYR_TO_LAT.get(low)
        if lat is None:
            out.append(ch)
        elif ch == low or not lat:
            out.append(lat)
        else:
            # "Ж" → "Zh" inside a capitalised word, but "ЖШС" → "ZHSHS" for an all-caps word.
            nxt = text[i + 1] if i + 1 < len(text) else ""
            prv = text[i - 1] if i > 0 else ""
            all_caps = (nxt.isalpha() and nxt.isupper()) or (
                prv.isalpha() and prv.isupper() and not nxt.isalpha()
            )
            out.append(lat.upper() if all_caps else lat.capitalize())
    return "".join(out)


# Latin letters of the Kazakh Latin alphabets (and Turkish) whose plain base letter would be
# wrong for matching: ş is "sh", not "s"; ń (2018) and ñ (2021) are "ng".
_LATIN_SPECIAL = str.maketrans(
    {
        "ş": "sh",
        "ș": "sh",
        "ç": "ch",
        "ı": "i",
        "ñ": "ng",
        "ń": "ng",
        "ğ": "g",
        "ǵ": "g",
        "ł": "l",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
    }
)

# Phonetic folding applied to the Latin, lower-case form, in this order. Each rule merges
# spellings that transliteration schemes disagree on.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"dzh|dj|j", "zh"),  # Джамиля / Djamilya / Jamila
        (r"kh", "h"),  # х: Khan / Han
        (r"gh", "g"),  # ғ: Qaraghandy / Karagandy
        (r"q|ck", "k"),  # қ: Qostanay / Kostanay
        (r"c(?!h)", "k"),  # Latin c outside "ch": Caspian / Kaspian
        (r"x", "ks"),
        (r"w", "v"),
        (r"(?<=[bdfgklmnprstvz])yo", "e"),  # ё after a consonant: Fyodor / Фёдор (→ Федор)
        (r"y(?=[aeiou])", ""),  # glide: Tokayev/Токаев, Daniyar/Данияр, Zhamilya/Jamila
        (r"y", "i"),  # ы vs і: Жетысу / Жетісу; final й: Kostanay / Kostanai
        (r"(.)\1+", r"\1"),  # double letters: Azattyk / Azatyk
    )
)

# Words that describe what a name is rather than which one it is; dropped from keys so that
# "Радио Азаттык" matches "Azattyq". Region/city words are deliberately absent: "Almaty" and
# "Almaty region" are different places.
GENERIC_WORDS: tuple[str, ...] = (
    "the",
    "radio",
    "радио",
    "tv",
    "тв",
    "телеканал",
    "телеарна",
    "channel",
    "газета",
    "gazeta",
    "newspaper",
    "газеті",
    "журнал",
    "magazine",
    "портал",
    "portal",
    "сайт",
    "website",
    "издание",
    "басылым",
    "интернет-издание",
    "агентство",
    "agency",
    "тоо",
    "llp",
    "жшс",
    "ао",
    "jsc",
    "ип",
    "llc",
    "ltd",
    "inc",
)

_SEPARATORS_RE = re.compile(r"[^\w]+")
_JOINERS_RE = re.compile(r"[-‐‑‒–—'’‘`ʼ]")


def _fold_word(word: str) -> str:
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


def _latin_words(name: str) -> list[str]:
    s = normalise(name).replace("ё", "е")  # Russian texts often drop the dots
    s = transliterate(s).translate(_LATIN_SPECIAL)
    # Strip remaining diacritics (2018 acutes, ä/ö/ü, ú, ý ...).
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = _JOINERS_RE.sub("", s)  # hyphens/apostrophes join: Nur-Sultan ~ Нур-Султан
    s = _SEPARATORS_RE.sub(" ", s).replace("_", " ")
    return [_fold_word(w) for w in s.split()]


@lru_cache(maxsize=1)
def _generic_keys() -> frozenset[str]:
    keys: set[str] = set()
    for word in GENERIC_WORDS:
        keys.update(_latin_words(word))
    return frozenset(keys)


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """A rough phonetic Latin key: equal (or close) for spellings of one name across scripts.

    Words are separated by single spaces (so token-based fuzzy scorers still work); generic
    words such as "radio" or "LLP" are dropped unless nothing else is left.
    """
    words = [w for w in _latin_words(name) if w]
    generic = _generic_keys()
    kept = [w for w in words if w not in generic]
    return " ".join(kept or words)


def compact_key(name: str) -> str:
    """``match_key`` without spaces, for comparisons where word breaks are unreliable."""
    return match_key(name).replace(" ", "")


def pick_text(
    texts: Mapping[str, str], lang: str, order: Sequence[str] = ("en", "ru", "kk")
) -> tuple[str, str | None]:
    """The text in `lang`, else the first of `order` that has one, with that language's code
    (None when it is `lang`'s own) so a page can mark the fallback; ("", None) when none has one.
    """
    if texts.get(lang):
        return texts[lang], None
    for other in order:
        if texts.get(other):
            return texts[other], other
    return "", None
