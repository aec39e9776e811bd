"""The vocabulary shared by the validators (validate.py, fastpath.py) and the importer: a
validated record, a problem, the resolver of reference data and a few canonical forms.

Its own module so that the general validator can call the fast path and the fast path can use
these without the two importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Protocol

from speechwatch.lib.legal import LegalRef, parse_legal_ref


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        # A field path may hold a key from the file: escape line breaks so a problem stays a line.
        name = self.field.translate(_ESCAPES)
        return f"{where}: {name}: {self.message}" if name else f"{where}: {self.message}"


_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}


class Resolver(Protocol):
    """Reference data the validator needs; see importer.DbResolver."""

    default_taxonomy: str

    def has_taxonomy(self, code: str) -> bool: ...

    def category_id(self, taxonomy: str, code: str) -> int | None: ...

    def suggest_category(self, taxonomy: str, code: str) -> str | None: ...

    def region(self, text: str) -> tuple[str, int] | None:
        """(code, id) of the region the text names, or None."""
        ...

    def suggest_region(self, text: str) -> list[str]: ...


@lru_cache(maxsize=4096)  # few distinct references recur across many records
def legal_ref_parts(text: str) -> tuple[str, str, str]:
    """(code, article, part or "") of a legal reference in any accepted spelling."""
    ref = parse_legal_ref(text)
    return ref.code, ref.article, ref.part or ""


@lru_cache(maxsize=4096)
def legal_ref_text(code: str, article: str, part: str) -> str:
    """The normal form ("PC 274", "PC 274(2)") of stored reference columns."""
    return str(LegalRef(code, article, part or None))


@dataclass
class Validated:
    """A record in canonical form plus the ids its codes resolved to."""

    type: str
    record: dict[str, Any]
    region_id: int | None = None
    category_ids: list[int] = field(default_factory=list)  # parallel to record["categories"]
    legal_refs: list[tuple[str, str, str]] = field(default_factory=list)


Errors = list[tuple[str, str]]  # (field, message)

# Marks a value that failed its check, so later checks skip it instead of reporting it twice.
BAD: Any = object()


def parse_datetime(text: str) -> str:
    """Canonical form of a status_changed_at value: UTC ISO, or "" for empty."""
    if text == "":
        return ""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a datetime: {text!r} (expected ISO 8601 with offset)") from None
    if value.tzinfo is None:
        raise ValueError(f"datetime {text!r} has no UTC offset (e.g. +05:00)")
    try:
        return value.astimezone(UTC).isoformat()
    except OverflowError:  # 0001-01-01T00:00+05:00 is in year 0 in UTC
        raise ValueError(f"datetime {text!r} is out of range") from None
