"""Reads of actors."""

from __future__ import annotations

from dataclasses import dataclass

from speechwatch.actors.matching import ActorNames, find_duplicates
from speechwatch.actors.models import Actor


@dataclass(frozen=True)
class DuplicatePair:
    a: Actor
    b: Actor
    score: float


def actor_names() -> list[ActorNames]:
    return [
        ActorNames(key=ext, names=(name, *variants))
        for ext, name, variants in Actor.objects.values_list("external_id", "name", "name_variants")
    ]


def duplicate_actors(threshold: float = 88.0) -> list[DuplicatePair]:
    """Pairs of actors that are probably the same, across scripts and transliterations."""
    pairs = find_duplicates(actor_names(), threshold=threshold)
    by_ext = Actor.objects.in_bulk(
        [k for a, b, _ in pairs for k in (a, b)], field_name="external_id"
    )
    return [DuplicatePair(by_ext[a], by_ext[b], score) for a, b, score in pairs]
