"""The public read API (django-ninja, OpenAPI at /api/v1/docs): published records only.

Record shapes are generated from the interchange schema's public fields, so the API, the public
export and their documentation cannot drift apart — and no confidential field can appear.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field as PydanticField
from pydantic import create_model

from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.queries import BadCursor, public_incident, public_page
from speechwatch.interchange.schema import INCIDENT, Field, RecordType
from speechwatch.portal.views import lookups
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy

_SCALARS: dict[str, Any] = {
    "version": int,
    "type": str,
    "str": str,
    "bool": bool,
    "date": str,
    "opt_date": str,
    "partial_date": str,
    "datetime": str,
    "enum": str,
    "text": dict[str, str],
    "str_list": list[str],
    "int_or_null": int | None,
}


def _model(name: str, fields: tuple[Field, ...]) -> type[Schema]:
    spec: dict[str, Any] = {}
    for f in fields:
        if f.confidential:
            continue
        if f.kind == "objects":
            item = _model(f"{name}{f.name.title()}", f.item_fields)
            spec[f.name] = (list[item], ...)  # type: ignore[valid-type]
        else:
            spec[f.name] = (_SCALARS[f.kind], ...)
    return create_model(name, __base__=Schema, **spec)


def public_schema(rt: RecordType) -> type[Schema]:
    return _model(f"Public{rt.name.title()}", rt.public_fields())


PublicIncident = public_schema(INCIDENT)


class IncidentPage(Schema):
    items: list[PublicIncident]  # type: ignore[valid-type]
    next_cursor: str | None


class ErrorOut(Schema):
    detail: str


class ProblemOut(Schema):
    type: str
    loc: list[str | int] = PydanticField(description='["query", name]: the refused parameter')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ProblemOut]


# Every list endpoint answers a refused parameter with one of these, never a 500.
REFUSALS: dict[int, Any] = {400: ErrorOut, 422: ValidationErrorOut}


class CategoryOut(Schema):
    code: str
    parent: str | None
    depth: int
    labels: dict[str, str]


class RegionOut(Schema):
    code: str
    kind: str
    labels: dict[str, str]


api = NinjaAPI(title="SpeechWatch public API", version="1", urls_namespace="api-v1")


@api.get("/incidents", response={200: IncidentPage, **REFUSALS}, tags=["incidents"])
def list_incidents(
    request: HttpRequest,
    filters: Query[IncidentFilters],
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Published incidents, newest first. Pass `next_cursor` back as `cursor` for the next page.

    An impossible filter value (such as `date_from=2024-02-30` or `month=2024-13`) is a 422 whose
    `detail[].loc` names the parameter; a bad `cursor` or the staff-only `status` is a 400.
    """
    if filters.status:
        raise HttpError(400, "status is not a public filter")
    try:
        page = public_page(filters, cursor, limit, lookups=lookups(request))
    except BadCursor as exc:
        raise HttpError(400, str(exc)) from None
    return {"items": page.records, "next_cursor": page.next_cursor}


@api.get(
    "/incidents/{external_id}", response={200: PublicIncident, 404: ErrorOut}, tags=["incidents"]
)
def get_incident(request: HttpRequest, external_id: str) -> dict[str, Any]:
    record = public_incident(external_id, lookups=lookups(request))
    if record is None:
        raise HttpError(404, "no published incident with this id")
    return record


@api.get("/taxonomy", response=list[CategoryOut], tags=["reference"])
def taxonomy(request: HttpRequest) -> list[dict[str, Any]]:
    """The default taxonomy, in file order."""
    return [
        {
            "code": c.code,
            "parent": c.parent.code if c.parent else None,
            "depth": c.depth,
            "labels": c.labels,
        }
        for c in Category.objects.filter(taxonomy=default_taxonomy())
        .select_related("parent")
        .order_by("position")
    ]


@api.get("/regions", response=list[RegionOut], tags=["reference"])
def regions(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"code": r.code, "kind": r.kind, "labels": r.labels} for r in Region.objects.all()]
