"""The report workspace: pick a month, preview the overview, choose what it lists, edit its
narrative, see the checks, publish, and look at or download any version.

Monitors may look (REVIEW); saving the month's choices and publishing need PUBLISH (editors).
Every page works without JavaScript; with htmx, saving the form refreshes the preview and the
checks in place.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from speechwatch.lib.conflicts import StaleEdit, flatten, parse_version
from speechwatch.lib.dates import BadParameter, query_month
from speechwatch.reports import formats
from speechwatch.reports.actions import publish, save_overrides
from speechwatch.reports.compose import OverridesError
from speechwatch.reports.document import Report
from speechwatch.reports.queries import (
    ReportNotFound,
    check_month,
    draft,
    get_overrides,
    overrides_version,
    published_report,
    report_template,
    versions,
)
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import has, require, who
from speechwatch.workspace.conflicts import conflict_context
from speechwatch.workspace.report_form import overrides_from_post
from speechwatch.workspace.report_queries import LANGS, form_choices, month_rows

FORMATS = ("html", "md", "docx", "pdf", "json")
TEXT_LABELS = {
    "title": gettext_lazy("Title"),
    "intro": gettext_lazy("Introduction"),
    "methodology": gettext_lazy("Methodology"),
}
WARNING_KINDS = {
    "sum": gettext_lazy("Sums"),
    "missing": gettext_lazy("Missing data"),
    "duplicate": gettext_lazy("Possible duplicates"),
    "changed": gettext_lazy("Changed since publication"),
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _month(value: str) -> str:
    """The URL's month, canonical "YYYY-MM" with a year in QUERY_YEARS; otherwise 404."""
    try:
        year, number = query_month("month", value)
    except BadParameter:
        raise Http404(_("no such month")) from None
    month = f"{year:04d}-{number:02d}"
    if month != value:
        raise Http404(_("no such month"))
    return month


def _lang(request: HttpRequest, value: str | None = None) -> str:
    lang = value or request.GET.get("lang") or (get_language() or "en").split("-")[0]
    if lang not in LANGS:
        raise Http404(_("no such language"))
    return lang


def _version(request: HttpRequest) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    # ASCII digits only ("²".isdigit() is True) and short enough for a database integer.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        raise Http404(_("no such version"))
    return int(raw)


@require(R.REVIEW)
def reports(request: HttpRequest) -> HttpResponse:
    picked = request.GET.get("month", "")
    if picked:
        try:
            year, number = query_month("month", picked)
        except BadParameter:
            messages.error(request, _("Month: expected YYYY-MM, e.g. 2024-04."))
        else:
            return redirect("workspace:report", month=f"{year:04d}-{number:02d}")
    return render(
        request,
        "workspace/reports.html",
        {"months": month_rows(timezone.localdate()), "picked": picked},
    )


def _checks_context(month: str) -> dict[str, Any]:
    found = check_month(month)
    warnings = [w for w in found if w.kind != "changed"]
    return {
        "month": month,
        "warnings": [(WARNING_KINDS.get(w.kind, w.kind), w) for w in warnings],
        "changes": [w for w in found if w.kind == "changed"],
    }


def _page_context(
    request: HttpRequest, month: str, *, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    lang = _lang(request)
    stored = get_overrides(month)
    shown = stored if overrides is None else overrides
    current = draft(month, ())
    history = versions(month)
    for v in history:
        v.languages = [r.lang for r in v.renditions.all()]  # type: ignore[attr-defined]
    template = current.template
    return {
        "month": month,
        "lang": lang,
        "langs": LANGS,
        "formats": FORMATS,
        "choices": form_choices(current, shown, lang, TEXT_LABELS),
        "can_edit": has(request, R.PUBLISH),
        "version": overrides_version(month),  # what the form was read at (lib/conflicts.py)
        "versions": history,
        "next_version": (history[0].number if history else 0) + 1,
        "report_langs": template.languages,
        "stamp": timezone.now().timestamp(),
        **_checks_context(month),
    }


@require(R.REVIEW)
def report(request: HttpRequest, month: str) -> HttpResponse:
    month = _month(month)
    try:
        context = _page_context(request, month)
    except OverridesError as exc:
        messages.error(request, str(exc))
        context = _page_context(request, month, overrides={})
    return render(request, "workspace/report.html", context)


@require_POST
@require(R.PUBLISH)
def report_overrides(request: HttpRequest, month: str) -> HttpResponse:
    """Save the month's choices; a refused value (named) changes nothing."""
    month = _month(month)
    current = get_overrides(month)
    langs = report_template().languages
    blocks = [b.code for b in report_template().blocks]
    error = ""
    try:
        expected = parse_version(request.POST.get("version"))
        new = overrides_from_post(dict(request.POST.lists()), current, blocks=blocks, langs=langs)
        save_overrides(month, new, who=who(request), expected_version=expected)
    except StaleEdit as exc:
        return _overrides_conflict(request, month, new, exc)
    except ValueError as exc:  # OverridesError is a ValueError
        error = str(exc)
    if _is_htmx(request):
        context = _page_context(request, month)
        context["form_error"] = error
        context["saved"] = not error
        response = render(request, "workspace/_report_form.html", context)
        if not error:
            response["HX-Trigger"] = "report-saved"
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The month's choices were saved."))
    return redirect("workspace:report", month=month)


def _overrides_conflict(
    request: HttpRequest, month: str, yours: dict[str, Any], exc: StaleEdit
) -> HttpResponse:
    """Someone saved the month's choices after this form was read: nothing was saved; show
    theirs next to yours, and the form with yours at the new version (saving again overwrites)."""
    context = _page_context(request, month, overrides=yours)
    context["version"] = exc.version
    context["conflict"] = conflict_context(exc, flatten(yours), flatten(exc.current))
    template = "workspace/_report_form.html" if _is_htmx(request) else "workspace/report.html"
    return render(request, template, context, status=409)


@require(R.REVIEW)
def report_checks(request: HttpRequest, month: str) -> HttpResponse:
    """The warnings and the changes since publication (htmx refresh after a save)."""
    month = _month(month)
    return render(request, "workspace/_report_checks.html", _checks_context(month))


@require(R.REVIEW)
def report_frame(request: HttpRequest, month: str) -> HttpResponse:
    """The preview iframe for one language (htmx swaps it when a tab or the form changes)."""
    month = _month(month)
    return render(
        request,
        "workspace/_report_frame.html",
        {
            "month": month,
            "lang": _lang(request),
            "langs": LANGS,
            "formats": FORMATS,
            "stamp": timezone.now().timestamp(),
        },
    )


def _report(month: str, lang: str, version: int | None) -> Report:
    if version is None:
        return draft(month, (lang,)).reports[lang]
    try:
        return published_report(month, lang, version)
    except ReportNotFound as exc:
        raise Http404(str(exc)) from exc


@xframe_options_sameorigin
@require(R.REVIEW)
def report_preview(request: HttpRequest, month: str, lang: str) -> HttpResponse:
    """The overview as its HTML rendering: the draft, or `?version=N` as published."""
    doc = _report(_month(month), _lang(request, lang), _version(request))
    response = HttpResponse(formats.render(doc, "html"), content_type="text/html; charset=utf-8")
    # The rendering is self-contained (inline CSS and SVG): nothing in it needs to run. This header
    # replaces the site-wide policy (django-csp keeps a header a view set) for this response only;
    # the report workspace frames it, so frame-ancestors allows our own origin.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'self'"
    )
    return response


@require(R.REVIEW)
def report_download(request: HttpRequest, month: str, lang: str, fmt: str) -> HttpResponse:
    month, lang = _month(month), _lang(request, lang)
    if fmt not in FORMATS:
        raise Http404(_("no such format"))
    version = _version(request)
    doc = _report(month, lang, version)
    spec = formats.get(fmt)
    body = formats.render(doc, fmt)
    suffix = f".v{version}" if version is not None else ".draft"
    response = HttpResponse(body, content_type=spec.media_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{month}.{lang}{suffix}.{spec.extension}"'
    )
    return response


@require_POST
@require(R.PUBLISH)
def report_publish(request: HttpRequest, month: str) -> HttpResponse:
    month = _month(month)
    langs = [code for code in request.POST.getlist("langs") if code in LANGS]
    if not langs:
        messages.error(request, _("Choose at least one language to publish."))
        return redirect("workspace:report", month=month)
    try:
        version = publish(
            month, who=who(request), langs=langs, note=request.POST.get("note", "").strip()
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("workspace:report", month=month)
    messages.success(request, _("Published version %(number)s.") % {"number": version.number})
    return redirect(reverse("workspace:report", args=[month]) + "#versions")
