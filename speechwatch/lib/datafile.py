"""Reading the project's YAML data files (word lists, gazetteers), every error naming the file."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import yaml

__all__ = ["checked_list", "is_lower_word", "known_keys", "read_yaml"]


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot be read: {exc}") from exc


def known_keys(raw: Any, known: Collection[str], source: str) -> dict[str, Any]:
    """``raw`` as a mapping with no key outside ``known``; else a ValueError naming ``source``."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: expected a mapping of lists")
    if unknown := sorted(map(str, set(raw) - set(known))):
        raise ValueError(f"{source}: unknown key {', '.join(unknown)}")
    return raw


def checked_list(
    value: Any, key: str, source: str, ok: Callable[[Any], bool], item: str, items: str
) -> list[Any]:
    """``value`` as a non-empty list whose entries all pass ``ok`` (``item`` names one, e.g.
    "one lower-case word"; ``items`` several) and none repeats; else a ValueError naming
    ``source`` and ``key``."""
    if not isinstance(value, list) or not value:
        raise ValueError(f"{source}: {key} must be a non-empty list of {items}")
    for entry in value:
        if not ok(entry):
            raise ValueError(f"{source}: {key}: {entry!r} is not {item}")
    if dups := sorted({str(v) for v in value if value.count(v) > 1}):
        raise ValueError(f"{source}: {key} lists {', '.join(dups)} twice")
    return value


def is_lower_word(value: Any) -> bool:
    """One word of letters only, in lower case (as word lists are compared)."""
    return isinstance(value, str) and value.isalpha() and value == value.casefold()
