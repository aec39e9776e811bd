"""The public overview archive: /overviews/, a month, a version, and its permanent renditions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_sameorigin

from speechwatch.lib.dates import BadParameter, query_month
from speechwatch.portal import archive

# The rendition is self-contained (inline CSS and SVG) and nothing in it runs: this policy
# replaces the site-wide one for this response only (django-csp keeps a header a view set), so
# the month page can frame it (frame-ancestors 'self') while the portal keeps no 'unsafe-inline'.
RENDITION_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox"
)


def _month(text: str) -> str:
    try:
        year, month = query_month("month", text)
    except BadParameter as exc:
        raise Http404(str(exc)) from exc
    return f"{year:04d}-{month:02d}"


def overviews(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/overviews.html", {"months": archive.published_months()})


def _shown_lang(request: HttpRequest, languages: tuple[str, ...]) -> str:
    wanted = request.GET.get("lang") or get_language() or "en"
    return wanted if wanted in languages else languages[0]


def overview_month(request: HttpRequest, month: str, number: int | None = None) -> HttpResponse:
    """A month's overview: the latest version (or version `number`) inline, every download."""
    found = archive.published_month(_month(month))
    if found is None:
        raise Http404("this month has no published overview")
    chosen = found.latest
    if number is not None:
        matches = [v for v in found.versions if v.number == number]
        if not matches:
            raise Http404("no such version")
        chosen = matches[0]
    if not chosen.languages:
        raise Http404("this version has no language")
    lang = _shown_lang(request, chosen.languages)
    by_lang: dict[str, list[archive.Rendition]] = {}
    for r in archive.renditions(chosen):
        by_lang.setdefault(r.lang, []).append(r)
    context = {
        "month": found,
        "version": chosen,
        "lang": lang,
        "frame": archive.Rendition(chosen.month, chosen.number, lang, "html", "text/html").path,
        "downloads": sorted(by_lang.items(), key=lambda kv: kv[0] != lang),
    }
    return render(request, "portal/overview.html", context)


@xframe_options_sameorigin
def rendition(request: HttpRequest, month: str, number: int, lang: str, fmt: str) -> HttpResponse:
    """A permanent link: /overviews/2024-04/v1/ru.pdf (the published version never changes)."""
    try:
        body, media_type = archive.render_rendition(_month(month), number, lang, fmt)
    except archive.NotPublished as exc:
        raise Http404(str(exc)) from exc
    if isinstance(body, str) and "charset" not in media_type:
        media_type += "; charset=utf-8"
    response = HttpResponse(body, content_type=media_type)
    name = archive.Rendition(month, number, lang, fmt, media_type).filename
    disposition = "inline" if fmt in ("html", "md", "json") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    if fmt == "html":
        response["Content-Security-Policy"] = RENDITION_CSP
    response["Cache-Control"] = "public, max-age=86400"
    return response
