"""/api/v1/cases: published legal cases with their public stages, claims, outcomes, defendants."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from speechwatch.cases.public import CaseFilters, public_case, public_cases
from speechwatch.interchange.schema import (
    CASE_KINDS,
    CASE_STAGES,
    DEFENDANT_STATUSES,
    ID_PATTERN,
    OUTCOMES,
)
from speechwatch.lib.dates import query_date
from speechwatch.portal.api.common import date_param, enum_of, responses, string_param

router = Router(tags=["cases"])

CaseId = Annotated[str, Field(pattern=f"^{ID_PATTERN}$", max_length=120)]
StageOrNone = Literal[("", *CASE_STAGES)]  # type: ignore[valid-type]


class StageOut(Schema):
    stage: Literal[CASE_STAGES]  # type: ignore[valid-type]
    date: dt.date
    body: str = Field(description="the court or body")
    claim_amount: int | None = Field(description="the amount claimed, in tenge")
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    note: dict[str, str]


class DefendantOut(Schema):
    actor: str = Field(description="the actor's external id")
    name: str
    status: Literal[DEFENDANT_STATUSES]  # type: ignore[valid-type]
    status_on: dt.date | None


class CaseSummaryOut(Schema):
    external_id: str
    kind: Literal[CASE_KINDS]  # type: ignore[valid-type]
    title: dict[str, str]
    summary: dict[str, str]
    opened_on: dt.date | None
    last_stage: StageOrNone
    last_stage_on: dt.date | None
    outcome: Literal[OUTCOMES] = Field(description="the latest outcome; empty when none yet")  # type: ignore[valid-type]
    claims_total: int | None = Field(description="the claims of all stages, in tenge")
    updated_at: dt.date | None


class CaseOut(CaseSummaryOut):
    stages: list[StageOut]
    defendants: list[DefendantOut]
    incidents: list[str] = Field(description="external ids of its published incidents")


class CaseQuery(Schema):
    kind: enum_of(CASE_KINDS) | None = None  # type: ignore[valid-type]
    stage: enum_of(CASE_STAGES) | None = Field(None, description="the case's latest stage")  # type: ignore[valid-type]
    incident: string_param(ID_PATTERN, "cases that include this published incident", "", 120) = None  # type: ignore[valid-type]
    date_from: date_param("opened on or after") = None  # type: ignore[valid-type]
    date_to: date_param("opened on or before") = None  # type: ignore[valid-type]


def _day(name: str, value: str | None) -> dt.date | None:
    return query_date(name, value) if value else None


@router.get("/cases", response=responses(list[CaseSummaryOut], params=True))
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> list[Any]:
    """Published cases, the most recently opened first."""
    filters = CaseFilters(
        kind=query.kind or "",
        stage=query.stage or "",
        incident=query.incident or "",
        date_from=_day("date_from", query.date_from),
        date_to=_day("date_to", query.date_to),
    )
    return list(public_cases(filters))


@router.get("/cases/{external_id}", response=responses(CaseOut, params=True, missing=True))
def get_case(request: HttpRequest, external_id: CaseId) -> Any:
    """One published case: its stages on a timeline, defendants and linked incidents."""
    case = public_case(external_id)
    if case is None:
        raise HttpError(404, "no published case with this id")
    return case
