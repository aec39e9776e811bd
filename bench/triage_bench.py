"""Triage benchmark: items per second through the stages, and story matching against big indexes.

    .venv/bin/python bench/triage_bench.py [--items 600] [--sizes 10000,1000000]

(a) end to end: every registered stage, embeddings included (batched; only items with a
    partner that only a cosine could join, see docs/triage.md),
    over --items texts in batches of 200 — items/s wall and per CPU-second;
(b) the stages before the story stage (language … categories): items/s, in a fresh process
    (every per-word cache empty) and in a running worker (caches filled by WARM other items
    of the same corpora first), and in --workers processes at once (a deployment runs one
    worker per core);
(c) matching one new item against a stored story index of S items (whether a stored item within
    its window makes embedding it worthwhile, MinHash LSH lookup plus the embedding slice of its
    time window, then the pair decision over the candidates): µs of CPU
    per item. The synthetic index (random signatures, unit embeddings for 20% of the rows,
    500 items a day, so that both sizes fill the ±7-day window; the cost depends on items per
    day, not on the index size) is built once per size into
    /tmp/speechwatch-triage-bench/ and reused; each size runs in its own process;
(d) peak RSS of each process.

Texts: tests/triage/evalset/*.jsonl and speechwatch/triage/data/corpus/*.jsonl (repeated with
new keys up to --items), else generated text. No stored data (`use_db=False`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/speechwatch-triage-bench")
PER_DAY = 500  # stored items a day: 10k rows span 20 days, 1M rows 2,000 days
QUERIES = 300
WARM = 1000  # items a worker has seen before the warm measurement


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def texts(n: int) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for pattern in ("tests/triage/evalset/*.jsonl", "speechwatch/triage/data/corpus/*.jsonl"):
        for path in sorted(ROOT.glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rows.append(json.loads(line))
    if not rows:
        rows = [
            {"title": f"Новость {i}", "text": "В Алматы прошло событие. " * 12, "lang": "ru",
             "published": "2026-11-20"}
            for i in range(50)
        ]  # fmt: skip
    return [rows[i % len(rows)] | {"id": f"b{i}"} for i in range(n)]


def run_stages(n: int, embed: bool = True) -> dict[str, float]:
    _django()
    from speechwatch.triage.context import LoadOptions, load
    from speechwatch.triage.stages import ordered, run
    from speechwatch.triage.types import Document

    rows = texts(n)
    pool = texts(n + WARM)[n:]  # other items of the same corpora: what a running worker saw
    docs, others = (
        [
            Document(r["id"], r["title"], r["text"], date.fromisoformat(r["published"]), r["lang"])
            for r in part
        ]
        for part in (rows, pool)
    )
    t0 = time.perf_counter()
    ctx = load(LoadOptions(use_db=False))
    run(docs[:20], ctx)  # warm every lazy model once
    load_s = time.perf_counter() - t0
    before = [s.name for s in ordered() if s.order < 80]
    out = {"load_s": load_s}

    def timed(label: str, only: list[str] | None) -> None:
        wall, cpu, embedded = time.perf_counter(), time.process_time(), 0
        for i in range(0, len(docs), 200):
            run(docs[i : i + 200], ctx, only=only)
            feats = ctx.parts.pop("story_features", {})
            embedded += sum(1 for f in feats.values() if f.emb is not None)
        out[f"{label}_wall"] = len(docs) / (time.perf_counter() - wall)
        out[f"{label}_cpu"] = len(docs) / (time.process_time() - cpu)
        if only is None:
            out["embedded_share"] = embedded / max(1, len(docs))

    # (b) cold: a fresh process (its per-word caches empty), then (a) every stage
    timed("before", before)
    if embed:
        timed("all", None)
    # (b) warm: the per-word caches filled by other news items first, as in a running worker
    for i in range(0, len(others), 200):
        run(others[i : i + 200], ctx, only=before)
    timed("warm", before)
    out["rss_mb"] = peak_mb()
    return out


def parallel_stages(n: int, workers: int) -> dict[str, float]:
    """(b) in `workers` processes at once, each over n items: total items per second (wall)."""
    cmd = [sys.executable, __file__, "--child", "pre", "--items", str(n)]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(workers)
    ]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    return {
        "before_wall": sum(o["before_wall"] for o in outs),
        "warm_wall": sum(o["warm_wall"] for o in outs),
    }


def build_index(size: int) -> Path:
    import numpy as np

    path = SCRATCH / f"index-{size}.npz"
    if path.exists():
        return path
    SCRATCH.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(size)
    start = date(2026, 11, 20).toordinal() - size // PER_DAY
    emb_rows = np.flatnonzero(rng.random(size) < 0.2).astype(np.int32)
    emb = rng.normal(size=(len(emb_rows), 384)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    np.savez(
        path,
        published=(start + np.arange(size) // PER_DAY).astype(np.int32),
        sigs=rng.integers(0, 2**32, size=(size, 64), dtype=np.uint32),
        emb_rows=emb_rows,
        emb=np.clip(np.rint(emb * 127), -127, 127).astype(np.int8),
        region=rng.integers(1, 21, size=size).astype(np.uint32),
        anchors=rng.integers(0, 2**32, size=(size, 12), dtype=np.uint32),
    )
    return path


def match(size: int) -> dict[str, float]:
    import numpy as np

    _django()
    from speechwatch.triage.stories import _stored_candidates, needs_embedding, same_incident
    from speechwatch.triage.storyfeat import Features
    from speechwatch.triage.storyindex import StoryIndex

    with np.load(build_index(size)) as npz:
        data = {name: npz[name] for name in npz.files}  # an NpzFile reads the file per access
    n = len(data["published"])
    index = StoryIndex(
        keys=[f"news:{i}" for i in range(n)],
        clusters=[f"s-news:{i}" for i in range(n)],
        published=data["published"],
        sigs=data["sigs"],
        emb_rows=data["emb_rows"],
        emb=data["emb"],
        region=data["region"],
        event=np.zeros(n, np.int32),
        code=np.zeros(n, np.uint32),
        persons=np.zeros((n, 4), np.uint32),
        anchors=data["anchors"],
        refs=np.zeros((n, 4), np.uint32),
    )
    rng = np.random.default_rng(7)
    today = int(data["published"][-1])
    queries = []
    for q in range(QUERIES):
        sig = data["sigs"][rng.integers(n)].copy()
        sig[: 64 - 8 * (q % 4)] = rng.integers(0, 2**32, size=64 - 8 * (q % 4))
        vec = rng.normal(size=384).astype(np.float32)
        queries.append(Features(f"q{q}", today, sig=sig, emb=vec / np.linalg.norm(vec), region=3))
    cpu, wall, candidates = time.process_time(), time.perf_counter(), 0
    for f in queries:
        needs_embedding([f], index)  # does a stored item make embedding this one worthwhile?
        for row, cos in _stored_candidates(index, f):
            candidates += 1
            same_incident(f, index.row(row), cos)
    return {
        "cpu_us": (time.process_time() - cpu) / QUERIES * 1e6,
        "wall_us": (time.perf_counter() - wall) / QUERIES * 1e6,
        "candidates": candidates / QUERIES,
        "rss_mb": peak_mb(),
    }


def _child(args: list[str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--child", choices=("stages", "pre", "match"))
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="(b) also in N processes at once")
    args = parser.parse_args()
    if args.child in ("stages", "pre"):
        print(json.dumps(run_stages(args.items, embed=args.child == "stages")))
        return
    if args.child == "match":
        print(json.dumps(match(args.size)))
        return
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    s = _child(["--child", "stages", "--items", str(args.items)])
    print(f"\nstages over {args.items} items in batches of 200 (load {s['load_s']:.1f} s, "
          f"{s['embedded_share']:.0%} embedded)")  # fmt: skip
    print("| what | items/s (wall) | items per CPU-s | target | peak RSS (MB) |")
    print("|---|---|---|---|---|")
    print(f"| (a) every stage, with embeddings | {s['all_wall']:.0f} | {s['all_cpu']:.0f} "
          f"| ≥ 50/s | {s['rss_mb']:.0f} |")  # fmt: skip
    print(f"| (b) stages before embeddings, fresh process | {s['before_wall']:.0f} "
          f"| {s['before_cpu']:.0f} | ≥ 1,000/s | {s['rss_mb']:.0f} |")  # fmt: skip
    print(f"| (b) the same, running worker (word caches warm) | {s['warm_wall']:.0f} "
          f"| {s['warm_cpu']:.0f} | ≥ 1,000/s | {s['rss_mb']:.0f} |")  # fmt: skip
    if args.workers > 1:
        par = parallel_stages(args.items, args.workers)
        print(f"| (b) {args.workers} worker processes at once, fresh / warm "
              f"| {par['before_wall']:.0f} / {par['warm_wall']:.0f} | | ≥ 1,000/s | |")  # fmt: skip
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    rows = {size: _child(["--child", "match", "--size", str(size)])
            for size in map(int, args.sizes.split(","))}  # fmt: skip
    print(
        "\n| stored items | µs CPU per new item | µs wall | candidates per item | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|")
    for size, r in rows.items():
        print(f"| {size:,} | {r['cpu_us']:.0f} | {r['wall_us']:.0f} | {r['candidates']:.1f} "
              f"| {r['rss_mb']:.0f} |")  # fmt: skip
    sizes = sorted(rows)
    if len(sizes) > 1:
        ratio = rows[sizes[-1]]["cpu_us"] / rows[sizes[0]]["cpu_us"]
        print(f"\n(c) {sizes[-1]:,} vs {sizes[0]:,}: ×{ratio:.2f} CPU (target ≤ 2)")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
