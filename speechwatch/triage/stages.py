"""The stage registry: built-in stages register here, and an organisation can swap one.

A stage is `fn(docs, results, context) -> None`: it reads the documents (and what earlier
stages wrote into `results`) and fills its own fields of each `Triage`. Stages run in
ascending `order`; registering an existing name replaces that stage. The `context` is built once
per run by the load step (`context.py`): taxonomy, model, gazetteer, known actors, stored items
to match against — stages never query the database themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from speechwatch.triage.types import Document, Triage

StageFn = Callable[[Sequence[Document], list[Triage], Any], None]


@dataclass(frozen=True)
class Stage:
    name: str
    order: int
    fn: StageFn


STAGES: dict[str, Stage] = {}

# Built-in order: language 10, legal 20, date 30, place 40, actors 50, relevance 60,
# categories 70, stories 80, links 90.


def register(name: str, order: int) -> Callable[[StageFn], StageFn]:
    def wrap(fn: StageFn) -> StageFn:
        STAGES[name] = Stage(name, order, fn)
        return fn

    return wrap


def ordered(only: Sequence[str] | None = None) -> list[Stage]:
    stages = sorted(STAGES.values(), key=lambda s: (s.order, s.name))
    return [s for s in stages if only is None or s.name in only]


def run(docs: Sequence[Document], context: Any, only: Sequence[str] | None = None) -> list[Triage]:
    """Run every registered stage (or the named ones) over one batch, in order."""
    import speechwatch.triage.builtin  # noqa: F401  (registers the built-in stages)

    results = [Triage(key=d.key) for d in docs]
    for stage in ordered(only):
        stage.fn(docs, results, context)
    return results
