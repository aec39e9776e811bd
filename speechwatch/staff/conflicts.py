"""What the staff pages do with a refused stale write (rules and diff: lib/conflicts.py).

Views read the posted `version` with `posted_version` and, when an action raises StaleEdit,
answer 409 with `conflict_context` shown by the template workspace/conflict.html: the person's
typed values next to the saved ones, field by field, above their form re-filled at the new
version, so that saving again is a deliberate overwrite.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from speechwatch.lib.conflicts import StaleEdit, compare, parse_version

__all__ = ["BadVersion", "conflict_context", "posted_version"]


class BadVersion(ValueError):
    """The posted version is not a version: the write is refused (400) and names the field."""


def posted_version(request: HttpRequest) -> int | None:
    """The version the page was read at; None when the form sent none (not checked)."""
    try:
        return parse_version(request.POST.get("version"))
    except ValueError as exc:
        raise BadVersion(str(exc)) from exc


def conflict_context(
    exc: StaleEdit,
    yours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The side-by-side rows (label, FieldDiff) of a refused write, and how many differ."""
    rows = [((labels or {}).get(d.field, d.field), d) for d in compare(yours, theirs)]
    return {
        "expected": exc.expected,
        "version": exc.version,
        "rows": rows,
        "differing": sum(1 for _, d in rows if d.differs),
    }
