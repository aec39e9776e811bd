"""sitemap.xml: every public page — the portal's own pages, published incidents and cases, every
published overview month and version.

Up to MAX_URLS addresses it is one <urlset>; beyond, /sitemap.xml is a <sitemapindex> of
/sitemaps/pages-1.xml (everything but incidents) and /sitemaps/incidents-<n>.xml, each at most
MAX_URLS addresses (the protocol's limit is 50,000). Incident pages are read in id order with
keyset steps, so no page of the index costs more than its own rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse

from speechwatch.cases.models import Case
from speechwatch.incidents.models import Incident
from speechwatch.portal import archive

MAX_URLS = 50_000
MEDIA_TYPE = "application/xml; charset=utf-8"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Portal pages by URL name; names another part of the portal has not added yet are skipped.
PAGE_NAMES = (
    "home",
    "incidents",
    "statistics",
    "map",
    "cases",
    "legislation",
    "events",
    "overviews",
    "opendata",
)

Entry = tuple[str, date | datetime | None]  # (path, last modified)


def _published_incidents():  # type: ignore[no-untyped-def]
    return Incident.objects.filter(status="published")


def page_entries() -> list[Entry]:
    """Everything but incident pages (a few thousand at most: cases and overview versions)."""
    out: list[Entry] = []
    seen = set()
    for name in PAGE_NAMES:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        if path not in seen:
            seen.add(path)
            out.append((path, None))
    for code, updated in (
        Case.objects.filter(published=True).order_by("id").values_list("external_id", "updated_at")
    ):
        out.append((reverse("case", args=[code]), updated))
    for month in archive.published_months():
        out.append((reverse("overview_month", args=[month.month]), month.latest.published_at))
        for v in month.versions:
            out.append((reverse("overview_version", args=[month.month, v.number]), v.published_at))
    return out


def incident_entries(page: int) -> Iterator[Entry]:
    """Incident pages of sitemap page `page` (1-based): ids in order, MAX_URLS a page."""
    qs = _published_incidents().order_by("id")
    start = (
        qs.values_list("id", flat=True)[(page - 1) * MAX_URLS : (page - 1) * MAX_URLS + 1].first()
        if page > 1
        else 0
    )
    if start is None:
        return
    # A list, not .iterator(): a server-side cursor left open by an unread streamed response
    # deadlocks psycopg when the garbage collector closes it during another query. One page
    # is at most MAX_URLS short tuples.
    rows = list(
        qs.filter(id__gte=start).values_list("external_id", "status_changed_at", "recorded_on")[
            :MAX_URLS
        ]
    )
    for code, changed, recorded in rows:
        yield reverse("incident", args=[code]), changed or recorded


def _lastmod(value: date | datetime | None) -> str:
    if value is None:
        return ""
    shown = value.date() if isinstance(value, datetime) else value
    return f"<lastmod>{shown.isoformat()}</lastmod>"


def _urlset(request: HttpRequest, entries: Iterator[Entry] | list[Entry]) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n'
    for path, modified in entries:
        loc = escape(request.build_absolute_uri(path))
        yield f"<url><loc>{loc}</loc>{_lastmod(modified)}</url>\n"
    yield "</urlset>\n"


def _stream(pieces: Iterator[str]) -> StreamingHttpResponse:
    return StreamingHttpResponse((p.encode("utf-8") for p in pieces), content_type=MEDIA_TYPE)


def sitemap(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    pages = page_entries()
    incidents = _published_incidents().count()
    if len(pages) + incidents <= MAX_URLS:
        return _stream(_urlset(request, [*pages, *incident_entries(1)]))
    parts = [reverse("sitemap_part", args=["pages", 1])]
    parts += [
        reverse("sitemap_part", args=["incidents", n])
        for n in range(1, (incidents + MAX_URLS - 1) // MAX_URLS + 1)
    ]
    body = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n']
    for path in parts:
        body.append(f"<sitemap><loc>{escape(request.build_absolute_uri(path))}</loc></sitemap>\n")
    body.append("</sitemapindex>\n")
    return HttpResponse("".join(body), content_type=MEDIA_TYPE)


def sitemap_part(request: HttpRequest, section: str, page: int) -> StreamingHttpResponse:
    if section == "pages" and page == 1:
        return _stream(_urlset(request, page_entries()))
    if section == "incidents" and 1 <= page <= 10**6:
        entries = incident_entries(page)
        first = next(entries, None)
        if first is None:
            raise Http404("no such sitemap page")
        return _stream(_urlset(request, _chain(first, entries)))
    raise Http404("no such sitemap page")


def _chain(first: Entry, rest: Iterator[Entry]) -> Iterator[Entry]:
    yield first
    yield from rest
