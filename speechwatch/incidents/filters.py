"""The one declared incident filter set: pages, the API (and its OpenAPI schema) and exports."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from ninja import FilterSchema
from pydantic import Field, field_validator

from speechwatch.incidents.models import Incident, Status
from speechwatch.incidents.search import search_words
from speechwatch.lib.dates import month_bounds, parse_month


class IncidentFilters(FilterSchema):
    month: str | None = Field(None, description="YYYY-MM: incidents recorded in this month")
    date_from: str | None = Field(None, description="YYYY-MM-DD: recorded on or after")
    date_to: str | None = Field(None, description="YYYY-MM-DD: recorded on or before")
    category: str | None = Field(None, description="taxonomy code; includes its sub-categories")
    region: str | None = Field(None, description="region code")
    tag: str | None = None
    q: str | None = Field(
        None, description="words in title, summary or settlement (any language, any case)"
    )
    status: str | None = Field(None, description="workflow status (staff only)")

    @field_validator("month")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value:
            parse_month(value)
        return value

    @field_validator("date_from", "date_to")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("expected YYYY-MM-DD")
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
            first, last = month_bounds(*parse_month(self.month))
            qs = qs.filter(recorded_on__range=(first, last))
        if self.date_from:
            qs = qs.filter(recorded_on__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(recorded_on__lte=self.date_to)
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
            for word in search_words(self.q):
                qs = qs.filter(search_text__contains=word)
        return qs
