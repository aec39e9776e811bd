"""The stored-item index the story stage matches new items against, without comparing all pairs.

- MinHash: for each LSH band, the stored band keys sorted once; a new item's 16 keys are found by
  binary search (cost grows with log n).
- Embeddings: int8-quantised rows of the embedded items, sorted by publication date; a new item is
  compared only with the contiguous slice published within WINDOW_DAYS (cost grows with the items
  per day, not with the index size).
- Per-row signals (region, event date, top code, persons, anchors, legal refs) as fixed-width
  uint32 arrays (0 = empty), so a million rows stay a few hundred megabytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from speechwatch.triage.storyfeat import BANDS, NUM_PERM, Features, band_keys

WINDOW_DAYS = 7
DIM = 384
WIDTHS = {"persons": 4, "anchors": 12, "refs": 4}
EMB_FLOOR = 0.78  # cosine below which a stored item is never a candidate
EMB_TOP = 20


def _fixed(values: Sequence[frozenset[int]], width: int) -> np.ndarray:
    out = np.zeros((len(values), width), dtype=np.uint32)
    for i, vs in enumerate(values):
        row = sorted(vs)[:width]
        out[i, : len(row)] = row
    return out


def _span(days: np.ndarray, published: int) -> tuple[int, int]:
    """Positions of the sorted `days` within WINDOW_DAYS of `published`. The bounds are cast to
    the array's type: with a Python int numpy would convert the whole array first (a copy of
    a million rows per lookup — the cost would grow with the index)."""
    bounds = np.array([published - WINDOW_DAYS, published + WINDOW_DAYS], dtype=days.dtype)
    return (
        int(np.searchsorted(days, bounds[0], side="left")),
        int(np.searchsorted(days, bounds[1], side="right")),
    )


def quantise(emb: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(emb * 127.0), -127, 127).astype(np.int8)


class StoryIndex:
    """Immutable once built; `candidates(f)` → row numbers, `row(i)` → Features."""

    def __init__(
        self,
        *,
        keys: list[str],
        clusters: list[str],
        published: np.ndarray,  # (n,) int32 ordinals
        sigs: np.ndarray,  # (n, NUM_PERM) uint32
        emb_rows: np.ndarray,  # (m,) int32: which rows have an embedding, by published
        emb: np.ndarray,  # (m, DIM) int8
        region: np.ndarray,
        event: np.ndarray,
        code: np.ndarray,
        persons: np.ndarray,
        anchors: np.ndarray,
        refs: np.ndarray,
        lsh: bool = True,
    ) -> None:
        self.keys, self.clusters, self.published, self.sigs = keys, clusters, published, sigs
        self.region, self.event, self.code = region, event, code
        self.persons, self.anchors, self.refs = persons, anchors, refs
        order = np.argsort(published[emb_rows], kind="stable") if len(emb_rows) else emb_rows
        self.emb_rows = emb_rows[order].astype(np.int32)
        self.emb = emb[order]
        self.emb_pub = published[self.emb_rows] if len(emb_rows) else np.zeros(0, np.int32)
        # every row by date, for the rows within a new item's window (stories.needs_embedding)
        self.pub_order = np.argsort(published, kind="stable").astype(np.int32)
        self.pub_sorted = published[self.pub_order]
        self.has_emb = np.zeros(len(published), dtype=bool)
        self.has_emb[self.emb_rows] = True
        # rows embedded on demand during this run (stored without an embedding): row → vector
        self.extra: dict[int, np.ndarray] = {}
        if not lsh:  # a batch's signals only (stories.needs_embedding): no LSH lookups
            sigs = sigs[:0]
        bands = band_keys(sigs) if len(sigs) else np.zeros((0, BANDS), np.uint64)
        self.band_order = np.empty((BANDS, len(sigs)), dtype=np.int32)
        self.band_sorted = np.empty((BANDS, len(sigs)), dtype=np.uint64)
        for b in range(BANDS):  # one band at a time keeps the peak memory low
            order = np.argsort(bands[:, b], kind="stable")
            self.band_order[b] = order
            self.band_sorted[b] = bands[order, b]
        del bands

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def empty(cls) -> StoryIndex:
        return cls.build([])

    @classmethod
    def build(
        cls, feats: Sequence[Features], *, lsh: bool = True, whole: bool = False
    ) -> StoryIndex:
        """`whole`: keep every person, anchor and reference (a batch), not the first few."""
        n = len(feats)
        widths = dict(WIDTHS)
        if whole:
            for name in widths:
                widths[name] = max([len(getattr(f, name)) for f in feats] + [1])
        with_emb = [i for i, f in enumerate(feats) if f.emb is not None]
        return cls(
            keys=[f.key for f in feats],
            clusters=[f.cluster or f"s-{f.key}" for f in feats],
            published=np.array([f.published for f in feats], dtype=np.int32),
            sigs=np.array(
                [f.sig if f.sig is not None else np.zeros(NUM_PERM, np.uint32) for f in feats],
                dtype=np.uint32,
            ).reshape(n, NUM_PERM),
            emb_rows=np.array(with_emb, dtype=np.int32),
            emb=np.array(
                [quantise(e) for i in with_emb if (e := feats[i].emb) is not None],
                dtype=np.int8,
            ).reshape(len(with_emb), DIM),
            region=np.array([f.region for f in feats], dtype=np.uint32),
            event=np.array([f.event for f in feats], dtype=np.int32),
            code=np.array([f.code for f in feats], dtype=np.uint32),
            persons=_fixed([f.persons for f in feats], widths["persons"]),
            anchors=_fixed([f.anchors for f in feats], widths["anchors"]),
            refs=_fixed([f.refs for f in feats], widths["refs"]),
            lsh=lsh,
        )

    def lsh_rows(self, sig: np.ndarray) -> set[int]:
        if not len(self):
            return set()
        keys = band_keys(sig.reshape(1, NUM_PERM))[0]
        out: set[int] = set()
        for b in range(BANDS):
            lo = np.searchsorted(self.band_sorted[b], keys[b], side="left")
            hi = np.searchsorted(self.band_sorted[b], keys[b], side="right")
            if hi > lo:
                out.update(self.band_order[b, lo:hi].tolist())
        return out

    def window(self, published: int) -> slice:
        """The embedded rows (positions in emb_rows) published within WINDOW_DAYS."""
        if not published:
            return slice(0, len(self.emb_rows))
        lo, hi = _span(self.emb_pub, published)
        return slice(lo, max(lo, hi))

    def rows_within(self, published: int) -> np.ndarray:
        """Every row (embedded or not) published within WINDOW_DAYS of `published`."""
        if not published:
            return self.pub_order
        lo, hi = _span(self.pub_sorted, published)
        return self.pub_order[lo:hi]

    def emb_rows_near(self, emb: np.ndarray, published: int) -> list[tuple[int, float]]:
        """Embedded rows published within WINDOW_DAYS whose cosine ≥ EMB_FLOOR, best first."""
        extra = [
            (row, cos)
            for row, vec in self.extra.items()
            if not published or abs(int(self.published[row]) - published) <= WINDOW_DAYS
            if (cos := float(vec @ emb)) >= EMB_FLOOR
        ]
        if not len(self.emb_rows):
            return extra
        span = self.window(published)
        lo, hi = span.start, span.stop
        if hi <= lo:
            return extra
        q = quantise(emb).astype(np.float32)
        sims = (self.emb[lo:hi].astype(np.float32) @ q) / (127.0 * 127.0)
        best = np.flatnonzero(sims >= EMB_FLOOR)
        if len(best) > EMB_TOP:
            best = best[np.argsort(-sims[best])[:EMB_TOP]]
        found = [(int(self.emb_rows[lo + i]), float(sims[i])) for i in best]
        return sorted(found + extra, key=lambda r: -r[1])

    def row(self, i: int, cosine: float | None = None) -> Features:
        """Row i as Features; its embedding is left out (the cosine is passed along instead)."""

        def nz(a: np.ndarray) -> frozenset[int]:
            return frozenset(int(v) for v in a if v)

        return Features(
            key=self.keys[i],
            published=int(self.published[i]),
            sig=self.sigs[i],
            region=int(self.region[i]),
            event=int(self.event[i]),
            code=int(self.code[i]),
            persons=nz(self.persons[i]),
            anchors=nz(self.anchors[i]),
            refs=nz(self.refs[i]),
            cluster=self.clusters[i],
        )
