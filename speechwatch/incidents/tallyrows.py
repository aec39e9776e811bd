"""What one published incident adds to the month tallies (incidents/monthtally.py), pure: its
rows by category, facet and value, and the rows of a report on an ongoing case; with the
tallies' stored form, which their readers (reports/tallycount.py, reports/loadtallies.py) share."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["ONGOING", "SEP", "SET_FACETS", "Profile", "contributions", "joined", "ongoing_rows"]

K = TypeVar("K", bound=Hashable)
ONGOING = "~"  # before the facet of the rows of reports on ongoing cases; "~id": their ids
SEP = ","  # joins the members of a stored set (actor types and category ids never hold it)
SET_FACETS = ("victim_type", "perpetrator_type")  # stored as whole sets of types


def joined(values: Iterable[object]) -> str:
    """A set as stored: its members' text, sorted, joined."""
    return SEP.join(sorted(str(v) for v in values))


@dataclass(frozen=True)
class Profile:
    """What one published incident contributes: its month and what it is counted by."""

    month: str  # YYYY-MM of recorded_on
    categories: tuple[int, ...]
    region: str = ""
    victim_types: frozenset[str] = frozenset()
    perpetrator_types: frozenset[str] = frozenset()
    legal_refs: frozenset[str] = frozenset()
    ongoing: bool = False  # reports on an ongoing case


def contributions(
    categories: Iterable[K],
    lineage: Callable[[K], Sequence[K]],
    *,
    region: str = "",
    victim_types: Iterable[str] = (),
    perpetrator_types: Iterable[str] = (),
    legal_refs: Iterable[str] = (),
) -> Counter[tuple[K | None, str, str]]:
    """The tally rows one incident adds (pure): (category or None for "every incident", facet,
    value) -> 1. ``lineage(c)``: c and its ancestors, the block last."""
    out: Counter[tuple[K | None, str, str]] = Counter()
    out[(None, "", "")] += 1
    out[(None, "region", region)] += 1
    under: dict[K, set[K]] = defaultdict(set)  # every counted category -> own ones below it
    for own in set(categories):
        for c in lineage(own):
            under[c].add(own)
    victims, perpetrators = joined(set(victim_types)), joined(set(perpetrator_types))
    for c in under:
        out[(c, "", "")] += 1
        if region:
            out[(c, "region", region)] += 1
        if victims:
            out[(c, "victim_type", victims)] += 1
        if perpetrators:
            out[(c, "perpetrator_type", perpetrators)] += 1
        for ref in set(legal_refs):
            out[(c, "legal_ref", ref)] += 1
    for own in set(categories):
        block = lineage(own)[-1]
        out[(block, "cats", joined(under[block]))] = 1
    return out


def ongoing_rows(
    own: Counter[tuple[K | None, str, str]], incident_id: int, is_block: Callable[[K], bool]
) -> Counter[tuple[K | None, str, str]]:
    """The rows a report on an ongoing case adds besides ``own`` (its `contributions`, pure):
    the same under ONGOING facets (not those of every incident), and its id at each block."""
    out: Counter[tuple[K | None, str, str]] = Counter()
    for (c, facet, value), n in own.items():
        if c is None:
            continue
        out[(c, ONGOING + facet, value)] += n
        if facet == "" and is_block(c):
            out[(c, ONGOING + "id", str(incident_id))] = 1
    return out
