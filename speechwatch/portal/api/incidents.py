"""/api/v1/incidents: published incidents, filtered by the one declared filter set, keyset pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from speechwatch.incidents.filters import IncidentFilters, PublicIncidentFilters
from speechwatch.incidents.queries import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    decode_cursor,
    public_incident,
    public_page,
)
from speechwatch.interchange.schema import ID_PATTERN, INCIDENT
from speechwatch.portal.api.common import public_schema, responses, string_param
from speechwatch.portal.views import lookups

router = Router(tags=["incidents"])

PublicIncident = public_schema(INCIDENT)

# The API's cursor: "<day number>.<id>" of the last row. Every value of the pattern is a position
# (a day beyond the calendar is clamped to it), so no cursor the schema allows is refused.
CURSOR_RE = r"[0-9]{1,7}\.[0-9]{1,18}"
Cursor = string_param(CURSOR_RE, "`next_cursor` of the previous page", max_length=26)
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description="records per page (1..200)")]
IncidentId = Annotated[str, Field(pattern=f"^{ID_PATTERN}$", max_length=120)]


class PageQuery(Schema):
    cursor: Cursor = None  # type: ignore[valid-type]
    limit: Limit = PAGE_SIZE


class IncidentPage(Schema):
    items: list[PublicIncident]  # type: ignore[valid-type]
    next_cursor: str | None = Field(description="pass back as `cursor`; null on the last page")


def to_page_cursor(cursor: str) -> str:
    """The API cursor -> the queries' "YYYY-MM-DD.id" (same position)."""
    days, pk = cursor.split(".")
    day = date.fromordinal(min(max(int(days), 1), date.max.toordinal()))
    return f"{day.isoformat()}.{int(pk)}"


def from_page_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    day, pk = decode_cursor(cursor)
    return f"{day.toordinal()}.{pk}"


@router.get("/incidents", response=responses(IncidentPage, params=True))
def list_incidents(
    request: HttpRequest,
    filters: Query[PublicIncidentFilters],
    paging: Query[PageQuery],
) -> dict[str, Any]:
    """Published incidents, newest first. Pass `next_cursor` back as `cursor` for the next page.

    An impossible filter value (such as `date_from=2024-02-30` or `month=2024-13`) is a 422
    whose `detail[].loc` names the parameter. Staff-only filters (`status`) do not exist here.
    """
    full = IncidentFilters.model_construct(**filters.model_dump(), status=None)
    cursor = to_page_cursor(paging.cursor) if paging.cursor else None
    page = public_page(full, cursor, paging.limit, lookups=lookups(request))
    return {"items": page.records, "next_cursor": from_page_cursor(page.next_cursor)}


@router.get(
    "/incidents/{external_id}", response=responses(PublicIncident, params=True, missing=True)
)
def get_incident(request: HttpRequest, external_id: IncidentId) -> dict[str, Any]:
    """One published incident (404 for an unknown or unpublished id: both look the same)."""
    record = public_incident(external_id, lookups=lookups(request))
    if record is None:
        raise HttpError(404, "no published incident with this id")
    return record
