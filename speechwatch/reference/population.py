"""Population figures and the tile-grid layout of the regions (reference data, read from YAML).

Both files live in speechwatch/reference/data/ with their sources named in them
(docs/reference-data.md). Read once per process: they change only with a release.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


class ReferenceDataError(ValueError):
    pass


@dataclass(frozen=True)
class Population:
    source: str
    as_of: date
    figures: dict[str, int]  # region code -> inhabitants (units without a figure are absent)


@dataclass(frozen=True)
class TileMap:
    columns: int
    rows: int
    tiles: dict[str, tuple[int, int]]  # region code -> (column, row)


def _load(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def parse_population(raw: Any, where: str = "kz-population.yaml") -> Population:
    if not isinstance(raw, dict) or not str(raw.get("source") or "").strip():
        raise ReferenceDataError(f"{where}: a mapping with a non-empty 'source' is required")
    as_of = raw.get("as_of")
    if not isinstance(as_of, date):
        raise ReferenceDataError(f"{where}: 'as_of' must be a date (YYYY-MM-DD)")
    figures: dict[str, int] = {}
    for code, value in (raw.get("figures") or {}).items():
        if value is None:
            continue  # not transcribed: no rate rather than a guess
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ReferenceDataError(f"{where}: figures.{code} must be a positive whole number")
        figures[str(code)] = value
    return Population(" ".join(str(raw["source"]).split()), as_of, figures)


def parse_tilemap(raw: Any, where: str = "kz-tilemap.yaml") -> TileMap:
    try:
        columns, rows = int(raw["columns"]), int(raw["rows"])
        tiles = {str(code): (int(pos[0]), int(pos[1])) for code, pos in raw["tiles"].items()}
    except (KeyError, TypeError, ValueError, IndexError):
        raise ReferenceDataError(f"{where}: columns, rows and tiles {{code: [col, row]}}") from None
    seen: dict[tuple[int, int], str] = {}
    for code, (col, row) in tiles.items():
        if not (0 <= col < columns and 0 <= row < rows):
            raise ReferenceDataError(f"{where}: tile {code} lies outside the grid")
        if (col, row) in seen:
            raise ReferenceDataError(f"{where}: tiles {seen[(col, row)]} and {code} overlap")
        seen[(col, row)] = code
    return TileMap(columns, rows, tiles)


@functools.cache
def population() -> Population:
    return parse_population(_load("kz-population.yaml"))


@functools.cache
def tilemap() -> TileMap:
    return parse_tilemap(_load("kz-tilemap.yaml"))
