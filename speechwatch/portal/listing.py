"""The public incident list's rows: what the page shows (date, title, region, categories) of one
keyset page of published incidents, by the same filters and cursor as the API's list
(incidents/queries.py), in two queries and without building the whole public record (sources,
actors, legal references and tags are not shown there)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.models import IncidentCategory
from speechwatch.incidents.queries import PAGE_SIZE, Page, public_page_rows
from speechwatch.interchange.serializer import Lookups, iso

LANGS = ("en", "ru", "kk")
FIELDS = ["id", "external_id", "recorded_on", "region_id", *(f"title_{lang}" for lang in LANGS)]


def list_page(
    filters: IncidentFilters, cursor: str | None, lookups: Lookups, limit: int = PAGE_SIZE
) -> Page:
    """Records with the keys of the public record the list uses (``summary`` empty)."""
    rows, next_cursor = public_page_rows(filters, cursor, limit, FIELDS)
    codes: dict[int, list[str]] = defaultdict(list)
    links = IncidentCategory.objects.filter(incident_id__in=[r["id"] for r in rows])
    for pk, category in links.order_by("id").values_list("incident_id", "category_id"):
        codes[pk].append(lookups.categories[category][0])
    return Page([_record(r, codes[r["id"]], lookups) for r in rows], next_cursor)


def _record(row: dict[str, Any], categories: list[str], lookups: Lookups) -> dict[str, Any]:
    return {
        "external_id": row["external_id"],
        "recorded_on": iso(row["recorded_on"]),
        "title": {lang: row[f"title_{lang}"] for lang in LANGS if row[f"title_{lang}"]},
        "summary": {},
        "region": lookups.regions.get(row["region_id"], "") if row["region_id"] else "",
        "categories": categories,
    }


def incident_urls() -> Callable[[str], str]:
    """external id -> its page's path, as {% url 'incident' id %} writes it, reversed once per
    request instead of once per row (a fifth of the list's rendering)."""
    head, _, tail = reverse("incident", args=["~"]).rpartition("~")
    return lambda external_id: head + quote(external_id, safe=RFC3986_SUBDELIMS + "/~:@") + tail
