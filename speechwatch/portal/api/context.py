"""/api/v1/events and /api/v1/legislation: the context of the incidents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from speechwatch.context.public import (
    EventFilters,
    LegislationFilters,
    public_events,
    public_legislation,
    public_legislative_item,
)
from speechwatch.interchange.schema import (
    EVENT_KINDS,
    ID_PATTERN,
    LEGISLATION_KINDS,
    LEGISLATION_STAGES,
)
from speechwatch.lib.dates import query_date
from speechwatch.portal.api.common import code_param, date_param, enum_of, responses

router = Router(tags=["context"])

ItemId = Annotated[str, Field(pattern=f"^{ID_PATTERN}$", max_length=120)]


class EventOut(Schema):
    external_id: str
    date: dt.date
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    title: dict[str, str]
    text: dict[str, str]
    region: str = Field(description="region code; empty for the whole country")
    source_urls: list[str]


class EventQuery(Schema):
    date_from: date_param("on or after") = None  # type: ignore[valid-type]
    date_to: date_param("on or before") = None  # type: ignore[valid-type]
    kind: enum_of(EVENT_KINDS) | None = None  # type: ignore[valid-type]
    region: code_param("region code") = None  # type: ignore[valid-type]
    limit: int = Field(100, ge=1, le=1000, description="at most this many, newest first")


class LegislativeStageOut(Schema):
    stage: Literal[LEGISLATION_STAGES]  # type: ignore[valid-type]
    date: dt.date
    note: dict[str, str]


class LegislationOut(Schema):
    external_id: str
    kind: Literal[LEGISLATION_KINDS]  # type: ignore[valid-type]
    title: dict[str, str]
    summary: dict[str, str]
    stages: list[LegislativeStageOut]
    current_stage: Literal[("", *LEGISLATION_STAGES)]  # type: ignore[valid-type]
    last_change: dt.date | None


class LegislationQuery(Schema):
    kind: enum_of(LEGISLATION_KINDS) | None = None  # type: ignore[valid-type]
    stage: enum_of(LEGISLATION_STAGES) | None = Field(None, description="the current stage")  # type: ignore[valid-type]


def _day(name: str, value: str | None) -> dt.date | None:
    return query_date(name, value) if value else None


@router.get("/events", response=responses(list[EventOut], params=True))
def list_events(request: HttpRequest, query: Query[EventQuery]) -> list[Any]:
    """Published context events (statements, emergencies, court rulings…), newest first."""
    filters = EventFilters(
        date_from=_day("date_from", query.date_from),
        date_to=_day("date_to", query.date_to),
        kind=query.kind or "",
        region=query.region or "",
    )
    return list(public_events(filters, limit=query.limit))


@router.get("/legislation", response=responses(list[LegislationOut], params=True))
def list_legislation(request: HttpRequest, query: Query[LegislationQuery]) -> list[Any]:
    """Published bills and laws with their stages, the most recently moved first."""
    filters = LegislationFilters(kind=query.kind or "", stage=query.stage or "")
    return list(public_legislation(filters))


@router.get(
    "/legislation/{external_id}", response=responses(LegislationOut, params=True, missing=True)
)
def get_legislation(request: HttpRequest, external_id: ItemId) -> Any:
    item = public_legislative_item(external_id)
    if item is None:
        raise HttpError(404, "no published legislative item with this id")
    return item
