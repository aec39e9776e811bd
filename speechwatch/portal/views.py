"""Public portal pages: thin views over the same filter set and queries as the API."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language
from pydantic import ValidationError

from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.queries import BadCursor, public_incident, public_incidents, public_page
from speechwatch.interchange.exporter import Lookups, iter_records
from speechwatch.interchange.formats import get_format
from speechwatch.interchange.schema import INCIDENT
from speechwatch.lib.text import pick_text
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy


def _filters(request: HttpRequest) -> IncidentFilters:
    params = {k: request.GET[k] for k in IncidentFilters.model_fields if request.GET.get(k)}
    params.pop("status", None)  # not a public filter
    return IncidentFilters(**params)


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


def _labels(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    cats = {c.code: c.label(lang) for c in Category.objects.filter(taxonomy=default_taxonomy())}
    regions = {r.code: r.label(lang) for r in Region.objects.all()}
    return cats, regions


def incidents(request: HttpRequest) -> HttpResponse:
    lang = get_language() or "en"
    try:
        filters = _filters(request)
        page = public_page(filters, request.GET.get("cursor"))
    except (ValidationError, BadCursor) as exc:
        return HttpResponseBadRequest(str(exc))
    cats, regions = _labels(lang)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "records": [_present(r, lang, cats, regions) for r in page.records],
        "next_cursor": page.next_cursor,
        "filters": filters,
        "query": query.urlencode(),
        "categories": Category.objects.filter(taxonomy=default_taxonomy()).order_by("position"),
        "regions": Region.objects.all(),
        "lang": lang,
    }
    return render(request, "portal/incidents.html", context)


def incident(request: HttpRequest, external_id: str) -> HttpResponse:
    record = public_incident(external_id)
    if record is None:
        raise Http404("no published incident with this id")
    lang = get_language() or "en"
    cats, regions = _labels(lang)
    return render(request, "portal/incident.html", {"r": _present(record, lang, cats, regions)})


def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The public export of the filtered selection (same filters as the page and the API)."""
    try:
        filters = _filters(request)
        writer_format = get_format(fmt)
    except (ValidationError, ValueError) as exc:
        return HttpResponseBadRequest(str(exc))
    lookups = Lookups.load(default_taxonomy().code)
    tmp = Path(tempfile.mkdtemp()) / f"incidents.{writer_format.extension}"
    writer = writer_format.writer(tmp, INCIDENT, INCIDENT.public_fields())
    for record in iter_records(
        INCIDENT, public=True, lookups=lookups, queryset=public_incidents(filters)
    ):
        writer.write(record)
    writer.close()
    return FileResponse(tmp.open("rb"), as_attachment=True, filename=tmp.name)
