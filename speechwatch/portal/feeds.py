"""Atom feeds per language: newly published incidents (with the list's filters) and overviews.

/feeds/<lang>/incidents.atom?category=…&region=… reads the one declared filter set
(incidents/filters.py, `status` refused as on every public page); entries are the latest
published incidents, newest publication first, built by the interchange serializer's public path so
nothing confidential can get in. /feeds/<lang>/overviews.atom lists every published version.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from speechwatch.incidents.filters import FilterError, IncidentFilters, parse_filters
from speechwatch.incidents.models import Incident
from speechwatch.incidents.queries import public_incidents
from speechwatch.interchange.serializer import PARENT_FIELDS, serialize_rows
from speechwatch.lib.text import pick_text
from speechwatch.portal import archive
from speechwatch.portal.views import bad_request, lookups, reference

LANGS = ("kk", "ru", "en")
ENTRIES = 50
MEDIA_TYPE = "application/atom+xml; charset=utf-8"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise Http404("no feed in this language")
    return lang


def _feed_response(feed: Atom1Feed) -> HttpResponse:
    response = HttpResponse(content_type=MEDIA_TYPE)
    feed.write(response, "utf-8")
    return response


def feed_incidents(filters: IncidentFilters) -> QuerySet[Incident]:
    """Newest publication first, along the incident_published_feed index (no sort)."""
    newest = F("status_changed_at").desc(nulls_last=True)  # imported rows may have none
    return public_incidents(filters).order_by(newest, "-recorded_on", "-id")


def incidents_feed(request: HttpRequest, lang: str) -> HttpResponse:
    lang = _lang(lang)
    try:
        filters = parse_filters(request.GET, allow_status=False)
    except FilterError as exc:
        return bad_request(request, exc.problems)
    rows = list(feed_incidents(filters).values(*PARENT_FIELDS["incident"])[:ENTRIES])
    records = serialize_rows("incident", rows, public=True, lookups=lookups(request))
    changed = {r["external_id"]: r["status_changed_at"] for r in rows}
    query = request.GET.urlencode()
    with translation.override(lang):
        ref = reference(request, lang)
        list_url = request.build_absolute_uri(reverse("incidents") + (f"?{query}" if query else ""))
        feed = Atom1Feed(
            title=_("SpeechWatch: published incidents"),
            link=list_url,
            description=_("Violations of freedom of expression, as published."),
            language=lang,
            feed_url=request.build_absolute_uri(),
        )
        for rec in records:
            title, _title_lang = pick_text(rec["title"], lang)
            summary, _summary_lang = pick_text(rec["summary"], lang)
            url = request.build_absolute_uri(reverse("incident", args=[rec["external_id"]]))
            published = changed.get(rec["external_id"]) or _midnight(rec["recorded_on"])
            feed.add_item(
                title=title or rec["external_id"],
                link=url,
                description=summary,
                unique_id=url,
                pubdate=published,
                updateddate=published,
                categories=[ref.categories.get(c, c) for c in rec["categories"]],
            )
    return _feed_response(feed)


def _midnight(day: str) -> datetime:
    return datetime.combine(datetime.fromisoformat(day).date(), time(), tzinfo=UTC)


def overviews_feed(request: HttpRequest, lang: str) -> HttpResponse:
    lang = _lang(lang)
    versions = [v for m in archive.published_months() for v in m.versions]
    versions.sort(key=lambda v: v.published_at, reverse=True)
    with translation.override(lang):
        feed = Atom1Feed(
            title=_("SpeechWatch: monthly overviews"),
            link=request.build_absolute_uri(reverse("overviews")),
            description=_("Every published monthly overview and correction."),
            language=lang,
            feed_url=request.build_absolute_uri(),
        )
        for v in versions[:ENTRIES]:
            shown = lang if lang in v.languages else (v.languages[0] if v.languages else lang)
            url = request.build_absolute_uri(
                reverse("overview_version", args=[v.month, v.number]) + f"?lang={shown}"
            )
            title = _("Overview for %(month)s") % {"month": v.month}
            if v.replaces:
                title += " — " + _("corrected (version %(number)s)") % {"number": v.number}
            feed.add_item(
                title=title,
                link=url,
                description=v.note,
                unique_id=url,
                pubdate=v.published_at,
                updateddate=v.published_at,
            )
    return _feed_response(feed)
