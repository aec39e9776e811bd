"""The one declared incident filter set: pages, the API (and its OpenAPI schema) and exports.

Every value is checked here, by the same parsers (speechwatch.lib.dates) wherever the set is
used, so an impossible date such as 2024-02-30 is a named 400/422, never a database error.
Each field also declares its exact JSON schema (pattern, format): the API publishes it, and the
validators accept exactly the values it describes (tests/api checks both directions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from ninja import FilterSchema
from pydantic import Field, ValidationError, WithJsonSchema, field_validator

from speechwatch.incidents.models import Incident, IncidentCategory, Status
from speechwatch.incidents.search import by_status, matching
from speechwatch.lib.dates import BadParameter, month_bounds, query_date, query_month
from speechwatch.reference.models import Region

# Longer than any code, date or sensible search; keeps SQL (one condition per word) bounded.
MAX_LENGTH = 200

# The exact languages of the values (lib/dates.QUERY_YEARS: 1900..2200). A date must also be a
# real calendar day (`format: date`), which a pattern cannot say.
_YEAR = "(19[0-9]{2}|2[01][0-9]{2}|2200)"
MONTH_RE = f"{_YEAR}-(0[1-9]|1[0-2])"
DATE_RE = f"{MONTH_RE}-(0[1-9]|[12][0-9]|3[01])"
MONTH_PATTERN = f"^{MONTH_RE}$"
DATE_PATTERN = f"^{DATE_RE}$"
CODE_RE = "[A-Za-z0-9][A-Za-z0-9._-]*"  # taxonomy and region codes
TEXT_RE = "[^\\x00-\\x1f\\x7f]+"  # any text without control characters
CODE_PATTERN = f"^{CODE_RE}$"
TEXT_PATTERN = f"^{TEXT_RE}$"


def _string(pattern: str, fmt: str = "", max_length: int = MAX_LENGTH) -> Any:
    """A query string's declared schema: a plain string (never `anyOf … null`)."""
    schema: dict[str, Any] = {"type": "string", "pattern": pattern, "maxLength": max_length}
    if fmt:
        schema["format"] = fmt
    return WithJsonSchema(schema)


MonthParam = Annotated[str | None, _string(MONTH_PATTERN, max_length=7)]
DateParam = Annotated[str | None, _string(DATE_PATTERN, "date", max_length=10)]
CodeParam = Annotated[str | None, _string(CODE_PATTERN)]
TextParam = Annotated[str | None, _string(TEXT_PATTERN)]


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
    if not re.fullmatch(TEXT_RE, value):
        raise ValueError("empty, or contains a control character")
    return value


def _exact(value: str) -> str:
    # The date parsers forgive surrounding spaces; the declared patterns do not (pages strip
    # their values before this, the API takes them exactly as its schema says).
    if value != value.strip():
        raise ValueError("has spaces around it")
    return value


class PublicIncidentFilters(FilterSchema):
    """The filters anyone may use (the API's parameters); IncidentFilters adds staff ones."""

    month: MonthParam = Field(
        None, description="YYYY-MM: incidents recorded in this month (years 1900..2200)"
    )
    date_from: DateParam = Field(
        None, description="YYYY-MM-DD: recorded on or after (a real calendar day, 1900..2200)"
    )
    date_to: DateParam = Field(
        None, description="YYYY-MM-DD: recorded on or before (a real calendar day, 1900..2200)"
    )
    category: CodeParam = Field(
        None, description="taxonomy code; includes its sub-categories", max_length=MAX_LENGTH
    )
    region: CodeParam = Field(None, description="region code", max_length=MAX_LENGTH)
    tag: TextParam = Field(None, description="a tag, exactly", max_length=MAX_LENGTH)
    q: TextParam = Field(
        None,
        description="words in title, summary or settlement (any language, any case)",
        max_length=MAX_LENGTH,
    )

    @field_validator("category", "region", "tag", "q", "month", "date_from", "date_to")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _plain(value) if value is not None else value

    @field_validator("category", "region")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(CODE_RE, value):
            raise ValueError("a code has only letters A-Z, digits, '.', '_' and '-'")
        return value

    @field_validator("month")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is not None:
            year, month = _named(query_month, "month", _exact(value))
            return f"{year:04d}-{month:02d}"
        return value

    @field_validator("date_from", "date_to")
    @classmethod
    def _date(cls, value: str | None, info: Any) -> str | None:
        if value is not None:
            return _named(query_date, info.field_name, _exact(value)).isoformat()
        return value

    def apply(self, qs: QuerySet[Incident], *, public: bool) -> QuerySet[Incident]:
        """Filter `qs`; a public caller always sees published incidents only."""
        if public:
            qs = qs.filter(by_status(qs.db, Status.PUBLISHED, self.q))
        if self.month:
            first, last = month_bounds(*query_month("month", self.month))
            qs = qs.filter(recorded_on__range=(first, last))
        if self.date_from:
            qs = qs.filter(recorded_on__gte=query_date("date_from", self.date_from))
        if self.date_to:
            qs = qs.filter(recorded_on__lte=query_date("date_to", self.date_to))
        if self.category:
            # EXISTS, not a join + DISTINCT: the list keeps walking its date index to the page
            # size (PostgreSQL: 300 ms at 1M with DISTINCT over every listed column, 10 without).
            code = self.category
            linked = IncidentCategory.objects.filter(
                Q(category__code=code) | Q(category__code__startswith=code + "."),
                incident=OuterRef("pk"),
            )
            qs = qs.filter(Exists(linked))
        if self.region:
            # The region's id as a value (a subquery), not a join: PostgreSQL then walks the
            # (region, recorded_on, id) index in list order and stops at the page size.
            region = Region.objects.filter(code=self.region).values("id")[:1]
            qs = qs.filter(region=Subquery(region))
        if self.tag:
            qs = qs.filter(tags__tag=self.tag)
        if self.q:
            qs = matching(qs, self.q)  # full-text index of this database (incidents/search.py)
        return qs


class IncidentFilters(PublicIncidentFilters):
    status: str | None = Field(None, description="workflow status (staff only)")

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        if value and value not in Status.values:
            raise ValueError(f"unknown status; one of {', '.join(Status.values)}")
        return value

    def apply(self, qs: QuerySet[Incident], *, public: bool) -> QuerySet[Incident]:
        if not public and self.status:
            qs = qs.filter(by_status(qs.db, self.status, self.q))
        return super().apply(qs, public=public)


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
    given = {k: (params.get(k) or "").strip() for k in IncidentFilters.model_fields}
    values = {k: v for k, v in given.items() if v}
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
