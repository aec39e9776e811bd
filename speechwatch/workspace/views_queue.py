"""Staff pages: the review queue, the incident list and a record's history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from speechwatch.incidents.filters import FilterError, no_filters
from speechwatch.incidents.models import Incident
from speechwatch.incidents.queries import BadCursor
from speechwatch.intake.queries import open_submissions, submission_page
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import require
from speechwatch.workspace.models import Assignment
from speechwatch.workspace.queries import (
    TABS,
    duplicate_actor_pairs,
    incident_page,
    queue_counts,
    shared_source_urls,
    tab_incidents,
    tab_order,
    work_items,
)
from speechwatch.workspace.queries import (
    history as history_query,
)
from speechwatch.workspace.views_common import (
    TAB_LABELS,
    _check_object,
    _filter_context,
    _filters,
    _query_without_cursor,
)

# --- queue and lists --------------------------------------------------------------------------


@require(R.REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") or "submissions"
    if tab not in TABS:
        return HttpResponseBadRequest(_("unknown tab"))
    assigned = request.GET.get("assigned", "")
    counts = queue_counts()
    context: dict[str, Any] = {
        "tab": tab,
        "tab_items": [(t, TAB_LABELS[t], counts[t]) for t in TABS],
        "counts": counts,
        "assigned": assigned,
        "query": _query_without_cursor(request),
    }
    try:
        if tab == "submissions":
            qs = open_submissions()
            if assigned == "me":
                qs = qs.filter(
                    external_id__in=Assignment.objects.filter(
                        object_type="submission", user_id=request.user.pk or 0
                    ).values("object_id")
                )
            elif assigned == "none":
                qs = qs.exclude(
                    external_id__in=Assignment.objects.filter(object_type="submission").values(
                        "object_id"
                    )
                )
            page = submission_page(qs, request.GET.get("cursor"))
            assignees, locks = work_items("submission", [s.external_id for s in page.submissions])
            context.update(
                submissions=page.submissions,
                next_cursor=page.next_cursor,
                assignees=assignees,
                locks=locks,
            )
        elif tab == "duplicates":
            context.update(shared_urls=shared_source_urls(), actor_pairs=duplicate_actor_pairs())
        else:
            filters = _filters(request, allow_status=False)
            ipage = incident_page(
                tab_incidents(tab),
                filters,
                request.GET.get("cursor"),
                assigned=assigned,
                user_id=request.user.pk,
                order=tab_order(tab),
            )
            context.update(
                rows=ipage.rows,
                next_cursor=ipage.next_cursor,
                filters=filters,
                **_filter_context(request),
            )
    except FilterError as exc:
        # The filter form again, empty, above a list of what was refused (400, nothing listed).
        context.update(rows=[], filters=no_filters(), filter_errors=exc.problems)
        context.update(_filter_context(request))
        return render(request, "workspace/queue.html", context, status=400)
    except BadCursor as exc:
        return HttpResponseBadRequest(str(exc))
    return render(request, "workspace/queue.html", context)


@require(R.REVIEW)
def incidents(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "query": _query_without_cursor(request),
        "assigned": request.GET.get("assigned", ""),
        **_filter_context(request),
    }
    try:
        filters = _filters(request, allow_status=True)
        page = incident_page(
            Incident.objects.all(),
            filters,
            request.GET.get("cursor"),
            assigned=request.GET.get("assigned", ""),
            user_id=request.user.pk,
        )
    except FilterError as exc:
        # The filter form again, empty, above a list of what was refused (400, nothing listed).
        context.update(rows=[], filters=no_filters(), filter_errors=exc.problems)
        return render(request, "workspace/incidents.html", context, status=400)
    except BadCursor as exc:
        return HttpResponseBadRequest(str(exc))
    context.update(rows=page.rows, next_cursor=page.next_cursor, filters=filters)
    return render(request, "workspace/incidents.html", context)


# --- history ----------------------------------------------------------------------------------


@require(R.REVIEW)
def history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    _check_object(object_type, object_id)
    return render(
        request,
        "workspace/history.html",
        {
            "object_type": object_type,
            "object_id": object_id,
            "entries": history_query(object_type, object_id),
        },
    )
