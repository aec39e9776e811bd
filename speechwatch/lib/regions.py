"""Region reference sets (YAML) and matching free-text place names to region codes.

The data lives in ``speechwatch/reference/data/<name>-regions.yaml`` so that an organisation in
another country ships its own file instead of code; the words naming a kind of unit ("oblast",
"г.") are in ``kind-words.yaml`` beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from speechwatch.lib.datafile import checked_list, is_lower_word, read_yaml
from speechwatch.lib.text import match_key

__all__ = [
    "DATA_DIR",
    "KINDS",
    "KIND_WORDS",
    "LANGUAGES",
    "KindWords",
    "NamePeriod",
    "RegionMatcher",
    "RegionSpec",
    "kind_words",
    "load_kind_words",
    "load_region_set",
    "parse_kind_words",
    "parse_region_set",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "reference" / "data"
KINDS = ("region", "city", "special")
LANGUAGES = ("en", "ru", "kk")


@dataclass(frozen=True)
class NamePeriod:
    """A variant that was the name only for a while ("South Kazakhstan" until 2018-06-19)."""

    name: str
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class RegionSpec:
    code: str
    kind: str
    # A dict is not hashable; leaving it out of the hash keeps specs usable in sets and keys.
    labels: dict[str, str] = field(hash=False)
    variants: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    notes: str = ""
    name_periods: tuple[NamePeriod, ...] = ()

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.code

    def valid_on(self, day: date) -> bool:
        """Whether the unit existed in this form on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this unit answers to: labels first, then variants."""
        return tuple(dict.fromkeys([*self.labels.values(), *self.variants]))


# --- loading ------------------------------------------------------------------------------


def _date_or_none(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):  # YAML reads unquoted 2022-06-08 as a date already
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{where}: not a date: {value!r} (expected YYYY-MM-DD or null)")


def _spec_from_mapping(raw: Any, where: str) -> RegionSpec:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(raw).__name__}")
    missing = [k for k in ("code", "kind", "labels") if k not in raw]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    code = str(raw["code"])
    where = f"{where} ({code})"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
        raise ValueError(f"{where}: code must be lower-case ascii, digits and _")
    kind = str(raw["kind"])
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    labels = raw["labels"]
    if not isinstance(labels, dict) or any(not labels.get(lang) for lang in LANGUAGES):
        raise ValueError(f"{where}: labels need non-empty {', '.join(LANGUAGES)}")
    variants: list[str] = []
    periods: list[NamePeriod] = []
    for i, entry in enumerate(raw.get("variants") or []):
        if isinstance(entry, dict):
            if not entry.get("name"):
                raise ValueError(f"{where}: variant {i} has no name")
            period = NamePeriod(
                str(entry["name"]),
                _date_or_none(entry.get("valid_from"), f"{where} variant {i}"),
                _date_or_none(entry.get("valid_to"), f"{where} variant {i}"),
            )
            periods.append(period)
            variants.append(period.name)
        elif isinstance(entry, str | int) and str(entry).strip():
            variants.append(str(entry))
        else:
            raise ValueError(f"{where}: variant {i} is not a name: {entry!r}")
    spec = RegionSpec(
        code=code,
        kind=kind,
        labels={str(k): str(v) for k, v in labels.items()},
        variants=tuple(variants),
        valid_from=_date_or_none(raw.get("valid_from"), where),
        valid_to=_date_or_none(raw.get("valid_to"), where),
        notes=" ".join(str(raw.get("notes") or "").split()),
        name_periods=tuple(periods),
    )
    if spec.valid_from and spec.valid_to and spec.valid_to < spec.valid_from:
        raise ValueError(f"{where}: valid_to is before valid_from")
    return spec


def parse_region_set(raw: Any, source: str = "<data>") -> list[RegionSpec]:
    """Validate already-parsed YAML (a list of mappings) into specs."""
    if not isinstance(raw, list):
        raise ValueError(f"{source}: expected a list of regions")
    specs = [_spec_from_mapping(item, f"{source}: entry {i}") for i, item in enumerate(raw)]
    seen: set[str] = set()
    for spec in specs:
        if spec.code in seen:
            raise ValueError(f"{source}: duplicate code {spec.code!r}")
        seen.add(spec.code)
    return specs


@cache
def _load(name: str) -> tuple[RegionSpec, ...]:
    path = DATA_DIR / f"{name}-regions.yaml"
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return tuple(parse_region_set(raw, str(path.name)))


def load_region_set(name: str = "kz") -> list[RegionSpec]:
    """Specs from ``reference/data/{name}-regions.yaml``; parsed once per process."""
    # The name becomes part of a path: refuse anything that could leave the data directory.
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise ValueError(f"not a region set name: {name!r}")
    return list(_load(name))  # a fresh list so callers cannot mutate the cache


# --- matching -----------------------------------------------------------------------------

KIND_WORDS = DATA_DIR / "kind-words.yaml"


@dataclass(frozen=True)
class KindWords:
    """Words naming the kind of unit ("oblast", "г."): reference/data/kind-words.yaml. "Almaty
    oblast" and "г. Алматы" reduce to "Almaty" and are then looked up among regions only /
    cities only, so the two Almatys never collide."""

    region: tuple[str, ...]  # as written in the file
    city: tuple[str, ...]
    region_keys: frozenset[str]  # folded by match_key, as the names are
    city_keys: frozenset[str]


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(k for w in words for k in match_key(w).split())


def _kind_list(raw: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    found = checked_list(raw.get(key), key, source, is_lower_word, "one lower-case word", "words")
    return tuple(found)


def parse_kind_words(raw: Any, source: str = "kind-words.yaml") -> KindWords:
    """The checked lists; any fault is a ValueError that starts with `source`."""
    if not isinstance(raw, dict) or set(raw) != {"region_words", "city_words"}:
        raise ValueError(f"{source}: expected two lists, region_words and city_words")
    region = _kind_list(raw, "region_words", source)
    city = _kind_list(raw, "city_words", source)
    return KindWords(region, city, _folded(region), _folded(city))


def load_kind_words(path: Path) -> KindWords:
    return parse_kind_words(read_yaml(path), str(path))


@cache
def kind_words() -> KindWords:
    """The shipped kind words, read once per process."""
    return load_kind_words(KIND_WORDS)


def _strip_words(tokens: list[str], drop: frozenset[str]) -> list[str]:
    start, end = 0, len(tokens)
    while start < end and tokens[start] in drop:
        start += 1
    while end > start and tokens[end - 1] in drop:
        end -= 1
    return tokens[start:end]


class _Index:
    """key → code, remembering keys that two different codes claim (those never match)."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.ambiguous: set[str] = set()

    def add(self, key: str, code: str) -> None:
        if not key or key in self.ambiguous:
            return
        if self.codes.setdefault(key, code) != code:
            self.ambiguous.add(key)
            del self.codes[key]

    def get(self, key: str) -> str | None:
        return self.codes.get(key) if key else None


class RegionMatcher:
    """Resolve free-text place names to region specs (exact after folding, plus suggestions)."""

    def __init__(self, specs: Sequence[RegionSpec]) -> None:
        self.specs: dict[str, RegionSpec] = {s.code: s for s in specs}
        self._full = _Index()
        # Names with the kind word removed, per kind: "almaty region" → "almaty" (regions).
        self._base = {"region": _Index(), "city": _Index()}
        kinds = kind_words()
        for spec in specs:
            for name in (spec.code.replace("_", " "), *spec.names):
                tokens = match_key(name).split()
                self._full.add("".join(tokens), spec.code)
                if spec.kind == "region":
                    self._base["region"].add(
                        "".join(_strip_words(tokens, kinds.region_keys)), spec.code
                    )
                elif spec.kind == "city":
                    self._base["city"].add(
                        "".join(_strip_words(tokens, kinds.city_keys)), spec.code
                    )
        # Abbreviations (ВКО → "vko") only add noise to fuzzy scores, so they are left out.
        self._choices = sorted(
            {
                (k, c)
                for ix in (self._full, *self._base.values())
                for k, c in ix.codes.items()
                if len(k) > 3
            }
        )

    @property
    def ambiguous_keys(self) -> set[str]:
        """Folded names claimed by two codes (a data error worth fixing)."""
        return self._full.ambiguous | self._base["region"].ambiguous | self._base["city"].ambiguous

    def _code_for(self, text: str) -> str | None:
        raw = text.strip()
        if raw.casefold() in self.specs:
            return raw.casefold()
        tokens = match_key(raw).split()
        if not tokens:
            return None
        if code := self._full.get("".join(tokens)):
            return code
        # A kind word present decides the kind: "Almaty oblast" is the region.
        kinds = kind_words()
        region_base = _strip_words(tokens, kinds.region_keys)
        if region_base != tokens and (code := self._base["region"].get("".join(region_base))):
            return code
        city_base = _strip_words(tokens, kinds.city_keys)
        if city_base != tokens and (code := self._base["city"].get("".join(city_base))):
            return code
        # No kind word: "Pavlodar" means the region named Pavlodar.
        joined = "".join(tokens)
        return self._base["region"].get(joined) or self._base["city"].get(joined)

    def match(self, text: str) -> RegionSpec | None:
        """The spec for a code, label or variant in any script/case, or None."""
        code = self._code_for(text or "")
        return self.specs.get(code) if code else None

    def suggest(self, text: str, limit: int = 3, score_cutoff: float = 70.0) -> list[str]:
        """Codes of the closest regions, best first (for "did you mean …?")."""
        tokens = match_key(text or "").split()
        if not tokens or limit <= 0:
            return []
        kinds = kind_words()
        queries = {
            "".join(tokens),
            "".join(_strip_words(tokens, kinds.region_keys)),
            "".join(_strip_words(tokens, kinds.city_keys)),
        } - {""}
        keys = [k for k, _ in self._choices]  # abbreviations are excluded in __init__
        best: dict[str, float] = {}
        for query in queries:
            for _, score, idx in process.extract(
                query, keys, scorer=fuzz.ratio, limit=None, score_cutoff=score_cutoff
            ):
                code = self._choices[idx][1]
                best[code] = max(best.get(code, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        return [code for code, _ in ranked[:limit]]
