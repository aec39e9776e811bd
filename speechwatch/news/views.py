"""Triage inbox (/work/inbox/) and source health (/work/sources/): parse, call, respond."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechwatch.incidents.models import Incident
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.lib.dates import BadParameter
from speechwatch.news import actions, inbox, pipeline, stories_inbox
from speechwatch.news.forms import REASON_CHOICES, ManualItemForm, SourceForm
from speechwatch.news.models import NewsItem, Source
from speechwatch.news.parsed import FetchError
from speechwatch.news.triage_actions import attach_items, create_incident_from_items
from speechwatch.staff import roles as R
from speechwatch.staff.access import has, require, who
from speechwatch.staff.conflicts import BadVersion, posted_version

INBOX = "/work/inbox/"


def _back(request: HttpRequest) -> str:
    """Where to return after a decision: the inbox page the form was on (never off-site)."""
    target = request.POST.get("next", "")
    return target if target.startswith(INBOX) and "//" not in target else INBOX


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()


def state_items() -> list[tuple[str, str, int | None]]:
    counts = inbox.inbox_counts()
    labels = {
        "new": _("New"),
        "incident": _("Incident created"),
        "attached": _("Attached"),
        "dismissed": _("Dismissed"),
        "all": _("All"),
    }
    return [(code, labels[code], counts.get(code)) for code in inbox.STATES]


def _inbox_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "state_items": state_items(),
        "sources": Source.objects.order_by("name").only("id", "name"),
        "states": inbox.STATES,
        "langs": inbox.LANGS,
        "reasons": REASON_CHOICES,
        "params": request.GET,
        "query": _query_without_cursor(request),
    }


@require(R.EDIT)
def inbox_view(request: HttpRequest) -> HttpResponse:
    context = _inbox_context(request)
    context.setdefault("manual_form", ManualItemForm())
    try:
        filters = inbox.parse_inbox_filters(request.GET)
        page = inbox.inbox_page(filters, request.GET.get("cursor"))
    except (BadParameter, inbox.BadInboxCursor) as exc:
        context.update(stories=[], filter_error=str(exc), state="")
        return render(request, "news/inbox.html", context, status=400)
    stories_inbox.attach_views(page.items, get_language() or "en")
    context.update(stories=page.stories, next_cursor=page.next_cursor, state=filters.state,
                   by_score=filters.by_score)  # fmt: skip
    return render(request, "news/inbox.html", context)


@require(R.EDIT)
def item_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem.objects.select_related("source", "incident", "triage"), pk=pk)
    stories_inbox.attach_views([item], get_language() or "en", full=True)
    revisions = (
        NewsItem.objects.filter(Q(pk=item.first_id) | Q(revision_of_id=item.first_id))
        .order_by("revision")
        .only("id", "revision", "fetched_at", "title")
    )
    decisions = item.decisions.select_related("user", "incident")[:50]
    return render(
        request,
        "news/item.html",
        {"item": item, "revisions": revisions, "decisions": decisions, "reasons": REASON_CHOICES},
    )


@require_POST
@require(R.EDIT)
def inbox_add(request: HttpRequest) -> HttpResponse:
    form = ManualItemForm(request.POST)
    problem = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["url"] and not data["text"].strip():
                item = actions.add_url(who(request), data["url"], lang=data["lang"])
            else:
                item = actions.add_text(
                    who(request), text=data["text"], title=data["title"], url=data["url"],
                    lang=data["lang"],
                )  # fmt: skip
        except (actions.NewsError, FetchError) as exc:
            problem = str(exc)
        else:
            pipeline.dispatch_triage([item.pk])  # scored like a fetched item
            messages.success(request, _("Added to the inbox."))
            return redirect("workspace:inbox_item", pk=item.pk)
    context = _inbox_context(request)
    filters = inbox.InboxFilters()
    page = inbox.inbox_page(filters, None)
    stories_inbox.attach_views(page.items, get_language() or "en")
    context.update(manual_form=form, manual_error=problem, stories=page.stories,
                   next_cursor=page.next_cursor, state=filters.state)  # fmt: skip
    return render(request, "news/inbox.html", context, status=400)


def _item_ids(request: HttpRequest) -> list[int]:
    values = request.POST.getlist("items")
    if not values or any(not v.isdigit() or len(v) > 18 for v in values):
        raise actions.NewsError(_("items: choose at least one item"))
    return [int(v) for v in values]


@require_POST
@require(R.EDIT)
def inbox_decide(request: HttpRequest) -> HttpResponse:
    """Dismiss (one or many), create a draft incident, or attach to an incident."""
    action = request.POST.get("action", "")
    try:
        ids = _item_ids(request)
        if action == "dismiss":
            n = actions.dismiss_items(who(request), ids, request.POST.get("reason", ""))
            messages.success(request, _("Dismissed: %(n)d.") % {"n": n})
            return redirect(_back(request))
        if action == "incident":
            incident = create_incident_from_items(who(request), ids)
            messages.success(request, _("Draft incident created."))
            return redirect("workspace:incident", external_id=incident.external_id)
        if action == "attach":
            return _attach(request, ids)
    except actions.NewsError as exc:
        return HttpResponseBadRequest(str(exc))
    return HttpResponseBadRequest(_("action: expected dismiss, incident or attach"))


def _attach(request: HttpRequest, ids: list[int]) -> HttpResponse:
    """First POST shows the incident to confirm (and the version it was read at); the
    confirming POST attaches unless the incident changed in between (409, shown again)."""
    external_id = request.POST.get("incident", "").strip()
    incident = Incident.objects.filter(external_id=external_id).first() if external_id else None
    if incident is None:
        return HttpResponseBadRequest(_("incident: no incident %(id)r") % {"id": external_id[:80]})
    items = list(NewsItem.objects.filter(pk__in=ids).select_related("source"))
    lang = get_language() or "en"
    context = {"incident": incident, "title": incident.text("title", lang), "items": items,
               "next": _back(request)}  # fmt: skip
    if "version" not in request.POST:
        return render(request, "news/attach.html", context)
    try:
        expected = posted_version(request)
        incident = attach_items(who(request), ids, incident, expected_version=expected)
    except BadVersion as exc:
        return HttpResponseBadRequest(str(exc))
    except StaleEdit as exc:
        incident.refresh_from_db()
        context.update(incident=incident, title=incident.text("title", lang), stale=str(exc))
        return render(request, "news/attach.html", context, status=409)
    messages.success(request, _("Attached to the incident."))
    return redirect("workspace:incident", external_id=incident.external_id)


# --- sources ---------------------------------------------------------------------------------


@require(R.REVIEW)
def sources_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/sources.html",
        {
            "health": inbox.source_health(),
            "form": SourceForm(),
            "can_manage": has(request, R.PUBLISH),
        },
    )


FORM_FIELDS = (
    "name", "kind", "url_or_path", "lang", "region", "poll_interval", "full_text", "enabled",
    "seen_at",
)  # fmt: skip


def _source_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in FORM_FIELDS}


@require(R.PUBLISH)
def source_new(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, initial={"enabled": True})
    if request.method == "POST" and form.is_valid():
        try:
            source = actions.add_source(who(request), **_source_fields(form.cleaned_data))
        except actions.NewsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Source added."))
            return redirect("workspace:source", pk=source.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "news/source_form.html", {"form": form, "source": None}, status=status)


@require(R.PUBLISH)
def source_view(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    initial = {key: getattr(source, key) for key in FORM_FIELDS}
    form = SourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = _source_fields(form.cleaned_data)
        clash = Source.objects.filter(name=fields["name"]).exclude(pk=source.pk).exists()
        if clash:
            form.add_error("name", _("A source with this name exists."))
        else:
            try:
                actions.update_source(who(request), source, **fields)
            except actions.NewsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Source saved."))
                return redirect("workspace:sources")
    status = 400 if request.method == "POST" else 200
    runs = source.runs.all()[:20]
    return render(
        request, "news/source_form.html", {"form": form, "source": source, "runs": runs},
        status=status,
    )  # fmt: skip


@require_POST
@require(R.PUBLISH)
def source_enabled(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    value = request.POST.get("enabled", "")
    if value not in ("0", "1"):
        return HttpResponseBadRequest(_("enabled: expected 0 or 1"))
    actions.update_source(who(request), source, enabled=value == "1")
    messages.success(request, _("Source enabled.") if value == "1" else _("Source disabled."))
    return redirect("workspace:sources")


@require_POST
@require(R.PUBLISH)
def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    if source.items.exists():
        messages.error(request, _("A source with stored items cannot be deleted; disable it."))
        return redirect("workspace:sources")
    actions.delete_source(who(request), source)
    messages.success(request, _("Source deleted."))
    return redirect("workspace:sources")
