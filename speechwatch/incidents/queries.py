"""Reads of incidents for the public portal and the API: published records only, keyset pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.models import Incident
from speechwatch.interchange.serializer import PARENT_FIELDS, Lookups, serialize_rows
from speechwatch.taxonomy.queries import default_taxonomy

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    next_cursor: str | None


class BadCursor(ValueError):
    pass


def encode_cursor(recorded_on: date, pk: int) -> str:
    return f"{recorded_on.isoformat()}.{pk}"


def decode_cursor(cursor: str) -> tuple[date, int]:
    try:
        day, pk = cursor.split(".")
        number = int(pk)
        # An id beyond a 64-bit column would overflow the database driver (a 500, not a 400).
        if not 0 <= number < 2**63:
            raise ValueError(pk)
        return date.fromisoformat(day), number
    except ValueError:
        raise BadCursor(_("bad cursor %(cursor)r") % {"cursor": cursor[:40]}) from None


def public_incidents(filters: IncidentFilters) -> QuerySet[Incident]:
    return filters.apply(Incident.objects.all(), public=True)


def public_page(
    filters: IncidentFilters,
    cursor: str | None,
    limit: int = PAGE_SIZE,
    *,
    lookups: Lookups | None = None,
) -> Page:
    """Newest first; the cursor is the (recorded_on, id) of the last row, so a page costs the same
    at any depth (no OFFSET). `lookups`: the reference tables, if the caller keeps them."""
    rows, next_cursor = public_page_rows(filters, cursor, limit, PARENT_FIELDS["incident"])
    records = serialize_rows("incident", rows, public=True, lookups=lookups or _lookups())
    return Page(records, next_cursor)


def public_page_rows(
    filters: IncidentFilters, cursor: str | None, limit: int, fields: list[str]
) -> tuple[list[dict[str, Any]], str | None]:
    """One keyset page of ``.values(*fields)`` (``id`` and ``recorded_on`` among them) and the
    next cursor: for a reader that needs only some columns (the portal's list)."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = public_incidents(filters).order_by("-recorded_on", "-id")
    if cursor:
        day, pk = decode_cursor(cursor)
        qs = qs.filter(Q(recorded_on__lt=day) | Q(recorded_on=day, id__lt=pk))
    rows = list(qs.values(*fields)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1]["recorded_on"], rows[-1]["id"]) if more else None
    return rows, next_cursor


def _lookups() -> Lookups:
    return Lookups.load(default_taxonomy().code)


def public_incident(external_id: str, *, lookups: Lookups | None = None) -> dict[str, Any] | None:
    found = public_incident_with_key(external_id, lookups=lookups)
    return found[1] if found else None


def public_incident_with_key(
    external_id: str, *, lookups: Lookups | None = None
) -> tuple[int, dict[str, Any]] | None:
    """(primary key, public record) of a published incident, or None."""
    rows = list(
        Incident.objects.filter(external_id=external_id, status="published").values(
            *PARENT_FIELDS["incident"]
        )
    )
    if not rows:
        return None
    records = serialize_rows("incident", rows, public=True, lookups=lookups or _lookups())
    return int(rows[0]["id"]), records[0]
