"""Finding actors (people, outlets, bodies) recorded twice under different spellings.

Pure Python + rapidfuzz, no Django: callers pass ``ActorNames`` built from whatever storage.

Every name variant is reduced to ``match_key`` (one phonetic Latin form for all scripts), and
keys are compared with rapidfuzz. To avoid scoring all n² pairs, keys are first *blocked*
(see ``_blocks``): two keys are only compared when they share a block built from the first or
last letters of their words. Small blocks are scored pair by pair; in large ones a C-level
prefilter (``rapidfuzz.process.extract`` with a score cutoff) picks the pairs that get the
full ``pair_score``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process

from speechwatch.lib.text import match_key

__all__ = ["ActorNames", "find_duplicates", "pair_score", "suggest_matches"]

# A key that is a word-subset of another ("daniar adilbekov" in "adilbekov daniar serikovich")
# is a likely duplicate, but less certain than the same words: scale token_set_ratio down so
# that true spelling matches rank first.
SUBSET_FACTOR = 0.95
# Blocks up to this size are scored pair by pair in Python; bigger ones are first narrowed
# with rapidfuzz's C-level extract (per-call overhead only pays off on larger blocks).
SMALL_BLOCK = 48
# Words considered per key when forming word-pair blocks (bounds the blocks of long names).
MAX_BLOCK_WORDS = 5


@dataclass(frozen=True)
class ActorNames:
    """An actor's identifier and all the names it is known by (any script)."""

    key: str
    names: tuple[str, ...]


def pair_score(key_a: str, key_b: str) -> float:
    """Similarity 0..100 of two ``match_key`` values."""
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 100.0
    score = max(fuzz.ratio(key_a, key_b), fuzz.token_sort_ratio(key_a, key_b))
    if min(key_a.count(" "), key_b.count(" ")) >= 1:
        # Only multi-word names: a single shared word ("almaty") says little on its own.
        score = max(score, SUBSET_FACTOR * fuzz.token_set_ratio(key_a, key_b))
    return float(score)


def _blocks(key: str) -> tuple[set[str], bool]:
    """Blocking keys for ``key`` and whether it counts as a single-word name.

    A pair can only score >= threshold if the names share most letters, so:
    - multi-word names meet in blocks made of *two* of their words (first or last three
      letters of each): a shared first name alone ("daniar …") never forms a block;
    - single-word names meet other single-word names on the first or last three letters;
    - "=" blocks (first/last four letters of the name without spaces) let a single-word name
      meet a multi-word one ("protenge" / "pro tenge").
    """
    words = key.split()
    sig = list(dict.fromkeys(w for w in words if len(w) >= 3)) or words
    compact = key.replace(" ", "")
    blocks = {f"=<{compact[:4]}", f"=>{compact[-4:]}"}
    single = len(sig) < 2
    if single:
        blocks |= {f"<{sig[0][:3]}", f">{sig[0][-3:]}"}
    else:
        for w1, w2 in combinations(sig[:MAX_BLOCK_WORDS], 2):
            for a in (f"<{w1[:3]}", f">{w1[-3:]}"):
                for b in (f"<{w2[:3]}", f">{w2[-3:]}"):
                    blocks.add("|".join(sorted((a, b))))
    return blocks, single


# Any pair scoring >= t under pair_score scores >= t * SUBSET_FACTOR under one of these.
_PREFILTER_SCORERS = (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)


def _prefilter(query: str, choices: Sequence[str], threshold: float) -> set[int]:
    """Indexes of choices that may reach ``threshold`` (scored in C, no Python per pair)."""
    cutoff = threshold * SUBSET_FACTOR
    hits: set[int] = set()
    for scorer in _PREFILTER_SCORERS:
        for _, _, idx in process.extract(
            query, choices, scorer=scorer, score_cutoff=cutoff, limit=None
        ):
            hits.add(idx)
    return hits


def _keys_of(actors: Sequence[ActorNames]) -> tuple[list[str], list[int]]:
    """Distinct (key, actor index) pairs, flattened."""
    keys: list[str] = []
    owners: list[int] = []
    for idx, actor in enumerate(actors):
        seen: set[str] = set()
        for name in actor.names:
            k = match_key(name) if name else ""
            if k and k not in seen:
                seen.add(k)
                keys.append(k)
                owners.append(idx)
    return keys, owners


def _candidate_pairs(
    keys: Sequence[str], owners: Sequence[int], threshold: float
) -> set[tuple[int, int]]:
    """Index pairs (i < j, different owners) worth scoring."""
    members: dict[str, list[int]] = defaultdict(list)
    single: list[bool] = []
    for i, k in enumerate(keys):
        blocks, is_single = _blocks(k)
        single.append(is_single)
        for b in blocks:
            members[b].append(i)
    pairs: set[tuple[int, int]] = set()

    def add(i: int, j: int) -> None:
        if i != j and owners[i] != owners[j]:
            pairs.add((i, j) if i < j else (j, i))

    for block, ids in members.items():
        if len(ids) < 2:
            continue
        # In "=" blocks only pairs involving a single-word name are of interest.
        probes = [i for i in ids if single[i]] if block.startswith("=") else ids
        if len(ids) <= SMALL_BLOCK:
            for i in probes:
                for j in ids:
                    add(i, j)
        else:
            block_keys = [keys[i] for i in ids]
            for i in probes:
                for y in _prefilter(keys[i], block_keys, threshold):
                    add(i, ids[y])
    return pairs


def find_duplicates(
    actors: Sequence[ActorNames], threshold: float = 88.0
) -> list[tuple[str, str, float]]:
    """Pairs (key_a, key_b, score) of actors whose names look alike, best first.

    ``key_a`` is the actor listed earlier in ``actors``. Each pair appears once, with the
    best score over all combinations of the two actors' name variants.
    """
    keys, owners = _keys_of(actors)
    best: dict[tuple[int, int], float] = {}

    def consider(i: int, j: int, score: float) -> None:
        a, b = owners[i], owners[j]
        if a == b or score < threshold:
            return
        pair = (a, b) if a < b else (b, a)
        if score > best.get(pair, -1.0):
            best[pair] = score

    # Identical keys first: cheap, and they must never be lost to blocking.
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        by_key[k].append(i)
    for ids in by_key.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                consider(ids[x], ids[y], 100.0)

    for i, j in _candidate_pairs(keys, owners, threshold):
        consider(i, j, pair_score(keys[i], keys[j]))

    result = [(actors[a].key, actors[b].key, round(s, 1)) for (a, b), s in best.items()]
    result.sort(key=lambda t: (-t[2], t[0], t[1]))
    return result


def suggest_matches(
    name: str, actors: Sequence[ActorNames], limit: int = 5, min_score: float = 60.0
) -> list[tuple[str, float]]:
    """Actors whose names are closest to ``name``: (actor key, score), best first."""
    query = match_key(name or "")
    if not query or limit <= 0:
        return []
    keys, owners = _keys_of(actors)
    if not keys:
        return []
    best: dict[int, float] = {}
    for i in _prefilter(query, keys, min_score):
        score = pair_score(query, keys[i])
        owner = owners[i]
        if score >= min_score and score > best.get(owner, -1.0):
            best[owner] = score
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(actors[a].key, round(s, 1)) for a, s in ranked[:limit]]
