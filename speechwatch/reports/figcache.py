"""What the per-month figures cache stores and how it is keyed. Pure: no ORM.

build.py caches the counted figures of each month (``MonthFiguresCache``) so that a report, its
year-to-date comparison (the sum of twelve cached months) and its 12-month chart cost a few
lookups instead of re-reading up to two years of incidents. An entry is keyed by everything the
figures depend on besides the data (``cache_key``) and validated against the month's data by a
fingerprint (``month_fingerprint``) computed fresh from the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from speechwatch.reports.counting import (
    BlockFigure,
    BlockSpec,
    Figures,
    ItemFigure,
)
from speechwatch.reports.rows import CategoryInfo, Period
from speechwatch.reports.rules import CountingRules

__all__ = [
    "FORMAT",
    "MonthEntry",
    "cache_key",
    "entry_from_data",
    "entry_to_data",
    "figures_from_data",
    "figures_to_data",
    "month_fingerprint",
    "rules_data",
    "spec_data",
]

# Bump when the payload or the way figures are computed changes: old entries stop matching.
FORMAT = 1


@dataclass(frozen=True)
class MonthEntry:
    """One month as cached: its figures, and incidents per region code ("" = no region) of every
    published incident recorded in it (the regions chart counts uncategorised ones too)."""

    figures: Figures
    regions: Mapping[str, int] = field(default_factory=dict)


# -- keys and fingerprints ----------------------------------------------------------------------


def rules_data(rules: CountingRules) -> dict[str, Any]:
    """The rules as canonical JSON data (frozensets sorted: their order varies per process)."""
    return {
        "organisation": rules.organisation,
        "version": rules.version,
        "month_by": rules.month_by,
        "new_cases_only": sorted(rules.new_cases_only),
        "facets": list(rules.facets),
        "groups": {
            name: {"from": g.source, "values": {k: list(v) for k, v in g.values.items()}}
            for name, g in sorted(rules.groups.items())
        },
    }


def spec_data(spec: Sequence[BlockSpec] | None) -> Any:
    if spec is None:
        return None
    return [
        {
            "code": b.code,
            "items": None if b.items is None else list(b.items),
            "breakdowns": {
                code: {"by": s.by, "codes": list(s.codes)} for code, s in b.breakdowns.items()
            },
        }
        for b in spec
    ]


def cache_key(
    taxonomy: tuple[int, str, int],
    categories: Sequence[tuple[int, CategoryInfo]],
    rules: CountingRules,
    spec: Sequence[BlockSpec] | None,
) -> str:
    """sha256 of what figures depend on besides the data: the taxonomy (id, code, version and
    every category with its database id), the counting rules, the listing spec (None: counts
    only, no blocks listed) and the cache format."""
    doc = {
        "format": FORMAT,
        "taxonomy": list(taxonomy),
        "categories": [
            [pk, c.code, c.parent, c.block, c.depth, c.position] for pk, c in categories
        ],
        "rules": rules_data(rules),
        "spec": spec_data(spec),
    }
    text = json.dumps(doc, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def month_fingerprint(
    incidents: int,
    id_sum: int,
    last_update: datetime | None,
    ongoing: Iterable[int],
    actors: str,
) -> str:
    """The month's data as seen by counting, in a few words: incidents recorded in it (any
    status), the sum of their ids, the latest update among them, the reports on ongoing cases
    (they follow case links and stages, which do not touch the incident) and the actors' state
    (an actor's type is a facet value)."""
    digest = hashlib.sha256(",".join(map(str, sorted(ongoing))).encode("ascii")).hexdigest()[:16]
    stamp = last_update.isoformat() if last_update is not None else "-"
    return f"{incidents}:{id_sum}:{stamp}:{digest}:{actors}"


# -- Figures <-> JSON ---------------------------------------------------------------------------


def _item_to_data(item: ItemFigure) -> dict[str, Any]:
    return {
        "code": item.code,
        "count": item.count,
        "kind": item.kind,
        "breakdown": [_item_to_data(part) for part in item.breakdown],
        "facets": item.facets,
    }


def _item_from_data(d: Mapping[str, Any]) -> ItemFigure:
    return ItemFigure(
        code=d["code"],
        count=int(d["count"]),
        kind=d["kind"],
        breakdown=tuple(_item_from_data(p) for p in d["breakdown"]),
        facets=d["facets"],
    )


def figures_to_data(figures: Figures) -> dict[str, Any]:
    return {
        "period": [figures.period.start.isoformat(), figures.period.end.isoformat()],
        "blocks": [
            {
                "code": b.code,
                "total": b.total,
                "items": [_item_to_data(i) for i in b.items],
                "others": b.others,
                "ongoing": b.ongoing,
                "ongoing_ids": list(b.ongoing_ids),
                "facets": b.facets,
            }
            for b in figures.blocks
        ],
        "counts": dict(figures.counts),
        "facets": figures.facets,
        "ongoing": dict(figures.ongoing),
    }


def figures_from_data(d: Mapping[str, Any]) -> Figures:
    start, end = (date.fromisoformat(x) for x in d["period"])
    return Figures(
        period=Period(start, end),
        blocks=tuple(
            BlockFigure(
                code=b["code"],
                total=int(b["total"]),
                items=tuple(_item_from_data(i) for i in b["items"]),
                others=bool(b["others"]),
                ongoing=int(b["ongoing"]),
                ongoing_ids=tuple(b["ongoing_ids"]),
                facets=b["facets"],
            )
            for b in d["blocks"]
        ),
        counts=d["counts"],
        facets=d["facets"],
        ongoing=d["ongoing"],
    )


def entry_to_data(entry: MonthEntry) -> dict[str, Any]:
    return {"figures": figures_to_data(entry.figures), "regions": dict(entry.regions)}


def entry_from_data(d: Mapping[str, Any]) -> MonthEntry:
    return MonthEntry(figures_from_data(d["figures"]), dict(d["regions"]))
