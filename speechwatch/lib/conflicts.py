"""Optimistic concurrency: the version a form was read at, and what changed since. Pure.

Every editable record carries a `version` that each write increments. A form sends back the
version it was read at; the action refuses the write (StaleEdit) when the record moved on, and
the page shows the person's typed values next to the saved ones, field by field, so they can
merge and save again deliberately.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["FieldDiff", "StaleEdit", "compare", "flatten", "parse_version", "text_of"]


class StaleEdit(Exception):
    """The record changed since the form was read: nothing was written.

    `current` holds the saved values (field → value) as the action read them under lock."""

    def __init__(
        self,
        object_type: str,
        object_id: str,
        *,
        expected: int,
        version: int,
        current: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(
            f"version: {object_type} {object_id} was changed by someone else "
            f"(you edited version {expected}, it is now version {version})"
        )
        self.object_type = object_type
        self.object_id = object_id
        self.expected = expected
        self.version = version
        self.current = dict(current or {})


@dataclass(frozen=True)
class FieldDiff:
    field: str
    yours: str
    theirs: str

    @property
    def differs(self) -> bool:
        return self.yours != self.theirs


def parse_version(raw: str | None) -> int | None:
    """The posted version: None when the form sent none (the write is then not checked)."""
    text = (raw or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"version: expected a positive whole number, got {text!r}")
    return int(text)


def text_of(value: Any) -> str:
    """A value as the conflict page shows it: lists one item a line, no value as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "\n".join(text_of(v) for v in value)
    return str(value).replace("\r\n", "\n").strip()


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys ({"a": {"b": 1}} → {"a.b": 1}); lists stay whole."""
    if not isinstance(value, Mapping):
        return {prefix: value} if prefix else {}
    out: dict[str, Any] = {}
    for key in sorted(value, key=str):
        name = f"{prefix}.{key}" if prefix else str(key)
        inner = value[key]
        if isinstance(inner, Mapping) and inner:
            out.update(flatten(inner, name))
        else:
            out[name] = inner
    return out


def compare(yours: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[FieldDiff]:
    """Every field of either side, yours first in their order, then fields only they have."""
    names = list(dict.fromkeys([*yours, *theirs]))
    return [FieldDiff(n, text_of(yours.get(n)), text_of(theirs.get(n))) for n in names]
