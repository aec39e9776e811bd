"""The conditional UPDATE behind optimistic concurrency (the rules: lib/conflicts.py).

`claim_version` runs first inside an atomic action: it adds 1 to the row's version only while
the version is still the one the form was read at, so of two concurrent saves exactly one
matches the row — on PostgreSQL the second UPDATE waits for the first to commit and then finds
the version moved; on SQLite writes are serialised by the database lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from django.db.models import F

from speechwatch.lib.conflicts import StaleEdit

__all__ = ["claim_version"]


def claim_version(
    model: type[models.Model],
    pk: Any,
    expected: int | None,
    *,
    object_type: str,
    object_id: str,
    current: Callable[[Any], Mapping[str, Any]] | None = None,
) -> int:
    """Add 1 to the row's version (only if it is still `expected`, when given) and return the
    new version; raise StaleEdit with the saved version (and `current(row)`) otherwise."""
    manager = model._default_manager
    rows = manager.filter(pk=pk)
    guarded = rows if expected is None else rows.filter(version=expected)
    if guarded.update(version=F("version") + 1) == 0:
        row = rows.get()  # DoesNotExist propagates: the record is gone
        raise StaleEdit(
            object_type,
            object_id,
            expected=expected or 0,
            version=row.version,  # type: ignore[attr-defined]
            current=current(row) if current else None,
        )
    return int(rows.values_list("version", flat=True).get())
