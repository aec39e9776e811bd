"""The in-house corpus (fixtures/manifest.yaml): read every fixture, compare every figure.

.venv/bin/python -m tests.overviews.corpus          # the score per language and layout
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def manifest() -> list[dict[str, Any]]:
    data = yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))
    out = []
    by_id = {f["id"]: f for f in data["fixtures"]}
    for f in data["fixtures"]:
        if "same_as" in f:
            f = {**by_id[f["same_as"]], **f}
        f.setdefault("file", f"{f['id']}.txt")
        out.append(f)
    return out


def flatten(ov: Any) -> list[tuple[str, int]]:
    """Every figure in reading order: stated block totals, then items and breakdowns."""
    out: list[tuple[str, int]] = []

    def items(its: list[Any]) -> None:
        for it in its:
            if not it.facet:
                out.append((it.code, it.count))
            items(it.items)

    for b in ov.blocks:
        if b.total is not None and not b.implicit:
            out.append((b.code, b.total))
        items(b.items)
    return out


@dataclass
class Score:
    expected: int
    right: int
    extra: int


def score(expected: list[tuple[str, int]], got: list[tuple[str, int]]) -> Score:
    want, have = Counter(expected), Counter(got)
    right = sum((want & have).values())
    return Score(len(expected), right, sum(have.values()) - right)


def read_fixture(f: dict[str, Any], mapper: Any) -> Any:
    from speechwatch.overviews.extract import extract_text
    from speechwatch.overviews.reader import read_text

    path = FIXTURES / f["file"]
    return read_text(extract_text(path), mapper, lang=f["lang"], source=path.name)


def main() -> int:
    import django

    django.setup()
    from speechwatch.overviews.reader import build_mapper

    mapper = build_mapper("adilsoz-2024", embeddings=False)
    rows: dict[tuple[str, str], Score] = {}
    total = Score(0, 0, 0)
    print(f"{'fixture':40} {'lang':4} {'right':>5}/{'exp':<4} extra  period")
    for f in manifest():
        ov = read_fixture(f, mapper)
        s = score([tuple(x) for x in f.get("figures", [])], flatten(ov))
        got_period = ov.period.label if ov.period else ""
        flag = "" if got_period == str(f["period"]) else f" (got {got_period or '-'})"
        print(
            f"{f['id']:40} {f['lang']:4} {s.right:>5}/{s.expected:<4} {s.extra:>5}  "
            f"{f['period']}{flag}"
        )
        if "--diff" in sys.argv and (s.extra or s.right < s.expected):
            print("    want", [tuple(x) for x in f.get("figures", [])])
            print("    got ", flatten(ov))
        key = (f["lang"], f["layout"].split(",")[0])
        r = rows.setdefault(key, Score(0, 0, 0))
        for acc in (r, total):
            acc.expected += s.expected
            acc.right += s.right
            acc.extra += s.extra
    print()
    for (lang, layout), r in sorted(rows.items()):
        pct = 100 * r.right / r.expected if r.expected else 100.0
        print(
            f"{lang:3} {layout[:60]:60} {r.right:>3}/{r.expected:<3} {pct:5.1f}%  extra {r.extra}"
        )
    pct = 100 * total.right / total.expected if total.expected else 100.0
    print(
        f"ALL {total.right}/{total.expected} = {pct:.1f}% right with the right code; "
        f"{total.extra} extra"
    )
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    sys.exit(main())
