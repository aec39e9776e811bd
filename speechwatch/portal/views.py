"""Public portal pages: thin views over the same filter set and queries as the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language

from speechwatch.incidents.filters import FilterError, IncidentFilters, parse_filters
from speechwatch.incidents.queries import (
    BadCursor,
    public_incident_with_key,
    public_incidents,
)
from speechwatch.interchange.exporter import iter_records, stream_lines
from speechwatch.interchange.formats import get_format
from speechwatch.interchange.schema import INCIDENT
from speechwatch.interchange.serializer import Lookups
from speechwatch.lib.text import pick_text
from speechwatch.portal.cache import csrf_context, memo, request_generation
from speechwatch.portal.listing import incident_urls, list_page
from speechwatch.portal.related import related_context
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}


def _filters(request: HttpRequest) -> IncidentFilters:
    return parse_filters(request.GET, allow_status=False)  # status is not a public filter


def bad_request(request: HttpRequest, problems: list[tuple[str, str]]) -> HttpResponse:
    """400 with a page that names each refused parameter."""
    return render(request, "portal/bad_request.html", {"problems": problems}, status=400)


def _present(
    record: dict[str, Any], lang: str, labels: dict[str, str], regions: dict[str, str]
) -> dict[str, Any]:
    title, title_lang = pick_text(record["title"], lang)
    summary, summary_lang = pick_text(record["summary"], lang)
    return {
        **record,
        "title_text": title or record["external_id"],
        "title_lang": title_lang,
        "summary_text": summary,
        "summary_lang": summary_lang,
        "category_labels": [labels.get(code, code) for code in record["categories"]],
        "region_label": regions.get(record["region"], record["region"]),
    }


@dataclass(frozen=True)
class Reference:
    """Labels and filter-form options in one language: built once per process and generation."""

    categories: dict[str, str]  # code -> label
    regions: dict[str, str]
    category_options: list[tuple[str, str]]  # (code, "· · code label") in file order
    region_options: list[tuple[str, str]]


def _build_reference(lang: str) -> Reference:
    cats = list(
        Category.objects.filter(taxonomy=default_taxonomy())
        .order_by("position")
        .only("code", "depth", "labels")  # not the synonyms, descriptions, facets (JSON)
    )
    regions = list(Region.objects.only("code", "labels"))
    return Reference(
        categories={c.code: c.label(lang) for c in cats},
        regions={r.code: r.label(lang) for r in regions},
        category_options=[(c.code, f"{'· ' * c.depth}{c.code} {c.label(lang)}") for c in cats],
        region_options=[(r.code, r.label(lang)) for r in regions],
    )


def reference(request: HttpRequest, lang: str) -> Reference:
    gen = request_generation(request)
    return memo(f"portal-reference-{lang}", gen, lambda: _build_reference(lang))  # type: ignore[no-any-return]


def lookups(request: HttpRequest) -> Lookups:
    """The interchange serializer's id -> code tables, once per process and generation."""
    gen = request_generation(request)
    return memo("lookups", gen, lambda: Lookups.load(default_taxonomy().code))  # type: ignore[no-any-return]


def incidents(request: HttpRequest) -> HttpResponse:
    lang = get_language() or "en"
    try:
        filters = _filters(request)
        page = list_page(filters, request.GET.get("cursor"), lookups(request))
    except FilterError as exc:
        return bad_request(request, exc.problems)
    except BadCursor as exc:
        return bad_request(request, [("cursor", str(exc))])
    ref = reference(request, lang)
    query = request.GET.copy()
    query.pop("cursor", None)
    url = incident_urls()
    records = [_present(r, lang, ref.categories, ref.regions) for r in page.records]
    context = {
        "records": [{**r, "url": url(r["external_id"])} for r in records],
        "next_cursor": page.next_cursor,
        "filters": filters,
        "query": query.urlencode(),
        "category_options": ref.category_options,
        "region_options": ref.region_options,
        "lang": lang,
        **csrf_context(request),
    }
    return render(request, "portal/incidents.html", context)


def incident(request: HttpRequest, external_id: str) -> HttpResponse:
    found = public_incident_with_key(external_id, lookups=lookups(request))
    if found is None:
        raise Http404("no published incident with this id")
    key, record = found
    lang = get_language() or "en"
    ref = reference(request, lang)
    context = {
        "r": _present(record, lang, ref.categories, ref.regions),
        **related_context(key, external_id, lang),
        **csrf_context(request),
    }
    return render(request, "portal/incident.html", context)


def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The public export of the filtered selection (same filters as the page and the API).

    Streamed as it is written (no temporary file), with the same writer and spreadsheet-safe
    cells as `speechwatch export --public`, so both give the same bytes for the same data.
    """
    try:
        filters = _filters(request)
        format_ = get_format(fmt)
    except FilterError as exc:
        return bad_request(request, exc.problems)
    except ValueError as exc:  # an unknown format
        return bad_request(request, [("format", str(exc))])
    records = iter_records(
        INCIDENT, public=True, lookups=lookups(request), queryset=public_incidents(filters)
    )
    lines = stream_lines(
        format_, INCIDENT, INCIDENT.public_fields(), records, spreadsheet_safe=True
    )
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in lines),
        content_type=MEDIA_TYPES.get(format_.name, "application/octet-stream"),
    )
    response["Content-Disposition"] = f'attachment; filename="incidents.{format_.extension}"'
    return response
