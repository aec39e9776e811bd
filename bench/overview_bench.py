"""Overview reading benchmark: plain-text overviews parsed, mapped and checked per second.

    .venv/bin/python bench/overview_bench.py              # 1,000 variants of the reference
    .venv/bin/python bench/overview_bench.py --n 5000 --cold

Variants of the published April 2024 overview (shared/reference) with other figures and
category wordings drawn from the taxonomy's synonyms; `--cold` clears the phrase caches before
every text (the worst case: every phrase matched from scratch). Target: >= 200 overviews/s.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from speechwatch.overviews import mapping  # noqa: E402
from speechwatch.overviews.reader import build_mapper, read_text  # noqa: E402

REFERENCE_CANDIDATES = [
    ROOT / "tests" / "data" / "adilsoz-2024-04-en.txt",
]


def variants(n: int, seed: int = 1) -> list[str]:
    base = next(p for p in REFERENCE_CANDIDATES if p.is_file()).read_text(encoding="utf-8")
    mapper = build_mapper("adilsoz-2024", embeddings=False)
    syn = {
        node.code: [node.labels["en"], *node.synonyms.get("en", [])] for node in mapper.doc.nodes
    }
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        text = re.sub(r"(?m)^(\d+)(?= (?:reports|cases|court|administrative))",
                      lambda m: str(int(m.group(1)) + rnd.randint(0, 9)), base)  # fmt: skip
        text = text.replace(
            "obstruction of journalists' lawful professional activities",
            rnd.choice(syn["R.obstruction"]),
            1,
        )
        text = text.replace("administrative accusations", rnd.choice(syn["L.administrative"]), 1)
        out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--cold", action="store_true", help="clear phrase caches per text")
    parser.add_argument("--no-embeddings", action="store_true")
    args = parser.parse_args()
    texts = variants(args.n)
    mapper = build_mapper("adilsoz-2024", embeddings=not args.no_embeddings)
    read_text(texts[0], mapper)  # load pymorphy3 once, as a long-running import would
    size = sum(len(t) for t in texts) / len(texts)
    start = time.perf_counter()
    blocks = 0
    for text in texts:
        if args.cold:
            mapper._cache.clear()
            mapping.phrase_key.cache_clear()
        blocks += len(read_text(text, mapper).blocks)
    elapsed = time.perf_counter() - start
    rate = len(texts) / elapsed
    print(
        f"{len(texts)} overviews ({size / 1000:.1f} kB each, {blocks / len(texts):.1f} blocks) "
        f"in {elapsed:.2f} s: {rate:,.0f} overviews/s"
        f"{' (cold caches)' if args.cold else ''} — target 200/s: "
        f"{'met' if rate >= 200 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
