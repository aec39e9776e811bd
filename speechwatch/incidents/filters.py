"""The one declared incident filter set: pages, the API (and its OpenAPI schema) and exports.

Every value is checked here, by the same parsers (speechwatch.lib.dates) wherever the set is
used, so an impossible date such as 2024-02-30 is a named 400/422, never a database error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from ninja import FilterSchema
from pydantic import Field, ValidationError, field_validator

from speechwatch.incidents.models import Incident, Status
from speechwatch.incidents.search import matching
from speechwatch.lib.dates import BadParameter, month_bounds, query_date, query_month

# Longer than any code, date or sensible search; keeps SQL (one condition per word) bounded.
MAX_LENGTH = 200


class FilterError(ValueError):
    """Refused filter values; `problems` holds (parameter, message), str() one line each."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{param}: {message}" for param, message in problems))


def _plain(value: str) -> str:
    if len(value) > MAX_LENGTH:
        raise ValueError(f"longer than {MAX_LENGTH} characters")
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


class IncidentFilters(FilterSchema):
    month: str | None = Field(
        None, description="YYYY-MM: incidents recorded in this month (years 1900..2200)"
    )
    date_from: str | None = Field(
        None, description="YYYY-MM-DD: recorded on or after (a real calendar day, 1900..2200)"
    )
    date_to: str | None = Field(
        None, description="YYYY-MM-DD: recorded on or before (a real calendar day, 1900..2200)"
    )
    category: str | None = Field(
        None, description="taxonomy code; includes its sub-categories", max_length=MAX_LENGTH
    )
    region: str | None = Field(None, description="region code", max_length=MAX_LENGTH)
    tag: str | None = Field(None, max_length=MAX_LENGTH)
    q: str | None = Field(
        None,
        description="words in title, summary or settlement (any language, any case)",
        max_length=MAX_LENGTH,
    )
    status: str | None = Field(None, description="workflow status (staff only)")

    @field_validator("category", "region", "tag", "q", "month", "date_from", "date_to", "status")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _plain(value) if value else value

    @field_validator("month")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value:
            year, month = _named(query_month, "month", value)
            return f"{year:04d}-{month:02d}"
        return value

    @field_validator("date_from", "date_to")
    @classmethod
    def _date(cls, value: str | None, info: Any) -> str | None:
        if value:
            return _named(query_date, info.field_name, value).isoformat()
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        if value and value not in Status.values:
            raise ValueError(f"unknown status; one of {', '.join(Status.values)}")
        return value

    def apply(self, qs: QuerySet[Incident], *, public: bool) -> QuerySet[Incident]:
        """Filter `qs`; a public caller always sees published incidents only."""
        if public:
            qs = qs.filter(status=Status.PUBLISHED)
        elif self.status:
            qs = qs.filter(status=self.status)
        if self.month:
            first, last = month_bounds(*query_month("month", self.month))
            qs = qs.filter(recorded_on__range=(first, last))
        if self.date_from:
            qs = qs.filter(recorded_on__gte=query_date("date_from", self.date_from))
        if self.date_to:
            qs = qs.filter(recorded_on__lte=query_date("date_to", self.date_to))
        if self.category:
            code = self.category
            qs = qs.filter(
                Q(category_links__category__code=code)
                | Q(category_links__category__code__startswith=code + ".")
            ).distinct()
        if self.region:
            qs = qs.filter(region__code=self.region)
        if self.tag:
            qs = qs.filter(tags__tag=self.tag)
        if self.q:
            qs = matching(qs, self.q)  # full-text index of this database (incidents/search.py)
        return qs


def _named(parse: Any, param: str, value: str) -> Any:
    # Pydantic already names the field (loc), so the message itself leaves the name out.
    try:
        return parse(param, value)
    except BadParameter as exc:
        raise ValueError(exc.message) from None


def parse_filters(params: Mapping[str, str], *, allow_status: bool) -> IncidentFilters:
    """The filter set from a page's query string; FilterError names every refused parameter.

    Unknown parameters are ignored (a page has its own, such as `cursor`); empty ones mean
    "no filter"; `status` is dropped unless the caller is staff.
    """
    values = {k: params[k] for k in IncidentFilters.model_fields if params.get(k)}
    if not allow_status:
        values.pop("status", None)
    try:
        return IncidentFilters(**values)
    except ValidationError as exc:
        raise FilterError(validation_problems(exc)) from None


def no_filters() -> IncidentFilters:
    """The empty filter set (a page that refused its filters shows the form empty)."""
    return parse_filters({}, allow_status=False)


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(parameter, readable message) for each error of a pydantic validation."""
    problems = []
    for error in exc.errors(include_url=False):
        param = ".".join(str(part) for part in error.get("loc", ()) if part != "query") or "?"
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        problems.append((param, message))
    return problems
