"""Does a published overview agree with itself? Pure: flags, never "fixes", a published figure.

- items that do not add up to their header when the list does not end with "and others"
  (fewer: `sum_below_total`), items adding to more than the header (`sum_exceeds_total`;
  possible when one report carries two categories, so it is a warning, not an error);
- a breakdown or facet count larger than its item (`breakdown_exceeds_count`);
- an intro naming another period than the title (`period_mismatch`; the title wins);
- the same category stated twice with different figures (`total_conflict`), and a stated grand
  total ("In total, 52 reports") that is not the sum of the block totals (`grand_total_mismatch`);
- phrases mapped below the acceptance threshold (`low_confidence`): for a person to map.
"""

from __future__ import annotations

from speechwatch.overviews.mapping import ACCEPT
from speechwatch.overviews.parse import Block, Item, Overview, Warning

__all__ = ["check"]


def check(ov: Overview, accept: float = ACCEPT) -> list[Warning]:
    out: list[Warning] = []
    for b in ov.blocks:
        name = b.code or repr(b.phrase[:40])
        top = [it for it in b.items if not it.facet]
        total = sum(it.count for it in top)
        if b.total is None:
            if b.implicit:
                pass  # reported once, as implicit_block, below
            else:
                out.append(
                    Warning(
                        "missing_total", f"block {name} (line {b.line}) states no total", b.line
                    )
                )
        elif total < b.total and not b.others:
            out.append(
                Warning(
                    "sum_below_total",
                    f"block {name} (line {b.line}): items add up to {total}, the header says "
                    f"{b.total}, and the list does not end with 'and others'",
                    b.line,
                )
            )
        elif total > b.total:
            out.append(
                Warning(
                    "sum_exceeds_total",
                    f"block {name} (line {b.line}): items add up to {total}, more than the "
                    f"header's {b.total}",
                    b.line,
                )
            )
        if b.implicit:
            out.append(
                Warning("implicit_block", f"items from line {b.line} have no block header", b.line)
            )
        if b.match.confidence < accept:
            out.append(_low("block", b.phrase, b.code, b.match.confidence, b.line))
        for it in b.items:
            out.extend(_check_item(it, b, accept))
    out.extend(_conflicts(ov))
    if ov.period is not None:
        for p in ov.intro_periods:
            if p.kind == ov.period.kind and p != ov.period:
                out.append(
                    Warning(
                        "period_mismatch",
                        f"the intro names {p.label} but the title names {ov.period.label}; "
                        "the title is used",
                    )
                )
                break
    return out


def _low(what: str, phrase: str, code: str, conf: float, line: int) -> Warning:
    guess = f"best guess {code} ({conf:.2f})" if code else "no candidate"
    return Warning(
        "low_confidence", f"line {line}: {what} phrase {phrase!r} needs mapping: {guess}", line
    )


def _check_item(it: Item, b: Block, accept: float) -> list[Warning]:
    out: list[Warning] = []
    if it.match.confidence < accept:
        out.append(
            _low("facet" if it.facet else "item", it.phrase, it.code, it.match.confidence, it.line)
        )
    elif b.code and not it.facet and it.code and not it.code.startswith(b.code + "."):
        out.append(
            Warning(
                "item_outside_block",
                f"line {it.line}: {it.code} listed under block {b.code}",
                it.line,
            )
        )
    parts = [p for p in it.items if not p.facet]
    if sum(p.count for p in parts) > it.count:
        out.append(
            Warning(
                "breakdown_exceeds_count",
                f"line {it.line}: the breakdown of {it.code or it.phrase!r} adds up to "
                f"{sum(p.count for p in parts)}, more than its {it.count}",
                it.line,
            )
        )
    for p in it.items:
        if p.facet and p.count > it.count:
            out.append(
                Warning(
                    "breakdown_exceeds_count",
                    f"line {p.line}: {p.count} cases by {p.code or 'facet'} out of {it.count}",
                    p.line,
                )
            )
        if p.match.confidence < accept:
            out.append(_low("breakdown", p.phrase, p.code, p.match.confidence, p.line))
    return out


def _conflicts(ov: Overview) -> list[Warning]:
    out: list[Warning] = []
    seen: dict[str, tuple[int, int]] = {}

    def note(code: str, n: int | None, line: int) -> None:
        if not code or n is None:
            return
        if code in seen and seen[code][0] != n:
            out.append(
                Warning(
                    "total_conflict",
                    f"{code} is {seen[code][0]} on line {seen[code][1]} but {n} on line {line}",
                    line,
                )
            )
        seen.setdefault(code, (n, line))

    for b in ov.blocks:
        if not b.implicit:
            note(b.code, b.total, b.line)
        for it in b.items:
            if not it.facet:
                note(it.code, it.count, it.line)
    totals = [b.total for b in ov.blocks if b.total is not None]
    for grand, line in ov.grand_totals:
        if totals and grand != sum(totals):
            out.append(
                Warning(
                    "grand_total_mismatch",
                    f"line {line}: a total of {grand} is stated but the blocks add up to "
                    f"{sum(totals)}",
                    line,
                )
            )
    return out
