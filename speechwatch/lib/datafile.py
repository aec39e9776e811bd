"""Reading the project's YAML data files (word lists, gazetteers), every error naming the file."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

__all__ = ["known_keys", "read_yaml"]


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
