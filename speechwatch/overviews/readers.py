"""The registry of statistics readers, one per taxonomy (organisation's way of writing figures).

    register_reader("gdf", read_gdf)        # func(StatsInput) -> StatsResult
    get_reader("adilsoz-2024")(StatsInput(lines, lang, period, mapper))

A reader gets the prepared lines after the title (types.StatsInput) and returns the blocks,
items, grand totals and warnings it found (types.StatsResult), plus the line numbers it used, so
the narrative reader skips them. Unknown codes fall back to the default (Adil Soz) reader, which
handles any taxonomy whose figures are written as "phrase – N" / "N phrase" lines.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from speechwatch.overviews.types import StatsInput, StatsResult

__all__ = ["DEFAULT", "StatsReader", "get_reader", "register_reader", "registered"]

StatsReader = Callable[[StatsInput], StatsResult]
DEFAULT = "adilsoz-2024"
# Modules that call register_reader when imported (add yours here: one line each).
PLUGINS: tuple[str, ...] = (
    "speechwatch.overviews.orgs.gdf",
    "speechwatch.overviews.orgs.imi",
)

_READERS: dict[str, StatsReader] = {}
_loaded = False


def register_reader(taxonomy_code: str, func: StatsReader) -> None:
    _READERS[taxonomy_code] = func


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from speechwatch.overviews.locate import read_statistics

    _READERS.setdefault(DEFAULT, read_statistics)
    for name in PLUGINS:
        importlib.import_module(name)


def get_reader(taxonomy_code: str) -> StatsReader:
    _load()
    return _READERS.get(taxonomy_code) or _READERS[DEFAULT]


def registered() -> list[str]:
    _load()
    return sorted(_READERS)
