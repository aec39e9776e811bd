"""Staff pages: review queue, incidents (list, page, editor), history, cases, search fragments.

Views parse the request, call a query or an action, and render; permissions are declared with
`@require(capability)` and object-level rules are checked inline.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechwatch.actors.actions import create_actor
from speechwatch.actors.matching import suggest_matches
from speechwatch.actors.models import Actor
from speechwatch.actors.queries import actor_names
from speechwatch.cases import actions as case_actions
from speechwatch.cases.models import Case
from speechwatch.incidents.actions import (
    change_status,
    create_incident,
    input_fields,
    update_incident,
)
from speechwatch.incidents.filters import FilterError, IncidentFilters, no_filters, parse_filters
from speechwatch.incidents.models import LANGS, Incident, LegalReference, Status
from speechwatch.incidents.queries import BadCursor
from speechwatch.incidents.workflow import TransitionError
from speechwatch.intake.models import SubmissionOutcome
from speechwatch.intake.queries import open_submissions, submission_page
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.lib.legal import CODES, parse_legal_ref
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy
from speechwatch.workspace import actions
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import has, require, user_roles, who
from speechwatch.workspace.conflicts import BadVersion, conflict_context
from speechwatch.workspace.conflicts import posted_version as _posted_version
from speechwatch.workspace.forms import (
    ActorForm,
    CaseForm,
    CommentForm,
    DefendantForm,
    IncidentForm,
    LinkIncidentForm,
    StageForm,
    initial_from,
    parse_sources,
)
from speechwatch.workspace.models import Assignment
from speechwatch.workspace.queries import (
    TABS,
    case_timeline,
    cases_list,
    duplicate_actor_pairs,
    incident_input,
    incident_page,
    queue_counts,
    shared_source_urls,
    tab_incidents,
    work_items,
)
from speechwatch.workspace.queries import (
    history as history_query,
)

TAB_LABELS = {
    "submissions": gettext_lazy("New submissions"),
    "draft": gettext_lazy("Drafts"),
    "under_review": gettext_lazy("Under review"),
    "verified": gettext_lazy("Verified, not published"),
    "missing": gettext_lazy("Missing category, region or source"),
    "duplicates": gettext_lazy("Suspected duplicates"),
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _filters(request: HttpRequest, *, allow_status: bool) -> IncidentFilters:
    return parse_filters(request.GET, allow_status=allow_status)


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()


def _staff_users() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name__in=[R.MONITOR, R.EDITOR, R.ADMIN])
        .distinct()
        .order_by("username")
    )


def _filter_context(request: HttpRequest) -> dict[str, Any]:
    taxonomy = default_taxonomy()
    return {
        "categories": Category.objects.filter(taxonomy=taxonomy).order_by("position"),
        "regions": Region.objects.all(),
        "statuses": Status.choices,
    }


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


# --- one incident -----------------------------------------------------------------------------


def _incident(external_id: str) -> Incident:
    return get_object_or_404(
        Incident.objects.select_related("region", "status_changed_by"), external_id=external_id
    )


def _incident_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    lang = get_language() or "en"
    assignee = (
        Assignment.objects.filter(object_type="incident", object_id=incident.external_id)
        .select_related("user")
        .first()
    )
    return {
        "incident": incident,
        "lang": lang,
        "langs": LANGS,
        "texts": [
            (code, incident.text("title", code), incident.text("summary", code)) for code in LANGS
        ],
        "category_links": incident.category_links.select_related("category").order_by(
            "-is_primary", "id"
        ),
        "actor_links": incident.actor_links.select_related("actor"),
        "legal_refs": [
            (r, parse_legal_ref(str(r)).describe(lang)) for r in incident.legal_refs.all()
        ],
        "sources": incident.sources.all(),
        "tags": incident.tags.all(),
        "comments": incident.comments.select_related("author"),
        "comment_form": CommentForm(),
        "targets": R.allowed_targets(user_roles(request.user), incident.status),
        "lock": actions.lock_holder("incident", incident.external_id),
        "assignee": assignee.user.get_username() if assignee else "",
        "staff_users": _staff_users(),
        "cases": incident.cases.all(),
        "submissions": SubmissionOutcome.objects.filter(incident=incident).select_related(
            "submission"
        ),
    }


@require(R.REVIEW)
def incident(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _incident(external_id)
    return render(request, "workspace/incident.html", _incident_context(request, obj))


def _editor_context(
    request: HttpRequest,
    form: IncidentForm,
    incident: Incident | None,
    version: int | None = None,
) -> dict[str, Any]:
    lang = get_language() or "en"
    selected = set(form["categories"].value() or [])
    common_refs = (
        LegalReference.objects.values("code", "article")
        .annotate(n=Count("id"))
        .order_by("-n", "code", "article")[:40]
    )
    actors = form.actor_objects
    return {
        "form": form,
        "incident": incident,
        # The version this form was read at: the saved one when opened, the posted one when
        # re-shown with errors, the new one after a conflict (submitting again overwrites).
        "version": version if version is not None else (incident.version if incident else ""),
        "lang": lang,
        "langs": [(code, form[f"title_{code}"], form[f"summary_{code}"]) for code in LANGS],
        "category_tree": form.category_objects,
        "selected_categories": selected,
        "primary": form["primary_category"].value() or "",
        "actor_roles": [
            (
                role,
                label,
                [actors[e] for e in (form[f"{role}s"].value() or []) if e in actors],
                form[f"{role}s"].errors,
            )
            for role, label in (("victim", _("Victims")), ("perpetrator", _("Perpetrators")))
        ],
        "sources": form.sources,
        "blank_sources": range(len(form.sources), len(form.sources) + 2),
        "source_kinds": [
            ("url", "URL"),
            ("outlet", _("outlet")),
            ("correspondent", _("correspondent report")),
            ("document", _("document")),
        ],
        "common_refs": [f"{r['code']} {r['article']}" for r in common_refs],
        "actor_form": ActorForm(prefix="new"),
    }


@require(R.EDIT)
def incident_edit(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _incident(external_id)
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST" and request.POST.get("take_over") == "1":
        if not has(request, R.BREAK_LOCK):
            raise PermissionDenied(R.BREAK_LOCK)
        actions.acquire_lock("incident", obj.external_id, user, force=True)
        return redirect("workspace:incident_edit", external_id=obj.external_id)
    # Opening the editor takes the lock; saving needs it still (or again) to be ours.
    state = actions.acquire_lock("incident", obj.external_id, user)
    if not state.ok:
        return render(
            request,
            "workspace/locked.html",
            {"incident": obj, "state": state, "can_take_over": has(request, R.BREAK_LOCK)},
            status=409 if request.method == "POST" else 200,
        )
    current = incident_input(obj)
    if request.method == "POST":
        sources, errors = parse_sources(request.POST)
        form = IncidentForm(request.POST, sources=sources)
        form.source_errors = errors
        expected: int | None = None
        try:
            expected = _posted_version(request)
        except BadVersion as exc:
            form.add_error(None, str(exc))
        if form.is_valid():
            data = form.to_input(is_demo=obj.is_demo)
            try:
                update_incident(obj, data, who=who(request), expected_version=expected)
            except StaleEdit as exc:
                # Nothing was written: show theirs next to yours, the form keeps what was typed.
                fresh = _incident(external_id)
                context = _editor_context(request, form, fresh, version=exc.version)
                labels = {name: str(f.label or name) for name, f in form.fields.items()}
                labels["sources"] = _("Sources")
                context["conflict"] = conflict_context(
                    exc, input_fields(data), input_fields(incident_input(fresh)), labels
                )
                return render(request, "workspace/incident_edit.html", context, status=409)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                actions.release_lock("incident", obj.external_id, user)
                messages.success(request, _("Saved."))
                return redirect("workspace:incident", external_id=obj.external_id)
        posted = request.POST.get("version", "")
        return render(
            request,
            "workspace/incident_edit.html",
            _editor_context(request, form, obj, version=int(posted) if posted.isdigit() else None),
            status=400,
        )
    form = IncidentForm(initial=initial_from(current), sources=list(current.sources))
    return render(request, "workspace/incident_edit.html", _editor_context(request, form, obj))


@require(R.EDIT)
def incident_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        sources, errors = parse_sources(request.POST)
        form = IncidentForm(request.POST, sources=sources)
        form.source_errors = errors
        if form.is_valid():
            try:
                obj = create_incident(form.to_input(), who=who(request))
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Incident created as a draft."))
                return redirect("workspace:incident", external_id=obj.external_id)
        return render(
            request,
            "workspace/incident_edit.html",
            _editor_context(request, form, None),
            status=400,
        )
    from django.utils import timezone

    form = IncidentForm(
        initial={"recorded_on": timezone.localdate(), "occurred_precision": "unknown"}
    )
    return render(request, "workspace/incident_edit.html", _editor_context(request, form, None))


@require_POST
@require(R.EDIT)
def incident_status(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _incident(external_id)
    target = request.POST.get("target", "")
    if not R.may_transition(user_roles(request.user), obj.status, target):
        raise PermissionDenied(f"{obj.status} → {target}")
    try:
        expected = _posted_version(request)
    except BadVersion as exc:
        return HttpResponseBadRequest(str(exc))
    try:
        change_status(obj, target, who=who(request), expected_version=expected)
    except StaleEdit as exc:
        fresh = _incident(external_id)
        context = _incident_context(request, fresh)
        context["conflict"] = conflict_context(
            exc, {_("status"): target}, {_("status"): fresh.status}
        )
        return render(request, "workspace/incident.html", context, status=409)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render(
            request,
            "workspace/incident.html",
            _incident_context(request, _incident(external_id)),
            status=400,
        )
    messages.success(request, _("Status changed."))
    return redirect("workspace:incident", external_id=obj.external_id)


@require_POST
@require(R.EDIT)
def incident_comment(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _incident(external_id)
    form = CommentForm(request.POST)
    status = 200
    if form.is_valid():
        actions.add_comment(obj, form.cleaned_data["text"], who=who(request))
        form = CommentForm()
    else:
        status = 400
    if _is_htmx(request):
        return render(
            request,
            "workspace/_comments.html",
            {
                "incident": obj,
                "comments": obj.comments.select_related("author"),
                "comment_form": form,
            },
            status=status,
        )
    if status == 400:
        messages.error(request, _("A comment cannot be empty."))
    return redirect(reverse("workspace:incident", args=[obj.external_id]) + "#comments")


# --- locks and assignments --------------------------------------------------------------------


def _check_object(object_type: str, object_id: str) -> None:
    from speechwatch.intake.models import Submission

    models: dict[str, Any] = {"incident": Incident, "case": Case, "submission": Submission}
    model = models.get(object_type)
    if model is None or not model.objects.filter(external_id=object_id).exists():
        raise Http404(_("no such record"))


@require_POST
@require(R.EDIT)
def lock(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """Renew (heartbeat from the open editor), release or take over an edit lock."""
    _check_object(object_type, object_id)
    op = request.POST.get("op", "renew")
    if op == "release":
        actions.release_lock(object_type, object_id, request.user)  # type: ignore[arg-type]
        state = None
    elif op == "take_over":
        if not has(request, R.BREAK_LOCK):
            raise PermissionDenied(R.BREAK_LOCK)
        state = actions.acquire_lock(object_type, object_id, request.user, force=True)  # type: ignore[arg-type]
    else:
        state = actions.acquire_lock(object_type, object_id, request.user)  # type: ignore[arg-type]
    return render(
        request,
        "workspace/_lock.html",
        {"state": state, "object_type": object_type, "object_id": object_id},
        status=409 if state is not None and not state.ok else 200,
    )


@require_POST
@require(R.EDIT)
def assign(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    _check_object(object_type, object_id)
    username = request.POST.get("user", "")
    target: User | None
    if username == "me":
        target = request.user  # type: ignore[assignment]
    elif username:
        target = next((u for u in _staff_users() if u.username == username), None)
        if target is None:
            return HttpResponseBadRequest(_("user: not a member of the monitoring team"))
    else:
        target = None
    try:
        expected = _posted_version(request)
    except BadVersion as exc:
        return HttpResponseBadRequest(str(exc))
    try:
        actions.assign(object_type, object_id, target, who=who(request), expected_version=expected)
    except StaleEdit as exc:  # only submissions count assignments in their version
        from speechwatch.intake.views import stale_response

        yours = {"assigned to": target.get_username() if target else ""}
        return stale_response(request, object_id, exc, yours)
    messages.success(request, _("Assignment saved."))
    back = request.POST.get("next", "")
    if back.startswith("/work/"):
        return redirect(back)
    return redirect("workspace:queue")


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


# --- search fragments (htmx) ------------------------------------------------------------------


@require(R.REVIEW)
def search_categories(request: HttpRequest) -> HttpResponse:
    """Categories whose code, label or any synonym (any language) contains the words."""
    words = request.GET.get("q", "").casefold().split()
    lang = get_language() or "en"
    found = []
    if words:
        for c in Category.objects.filter(taxonomy=default_taxonomy()).order_by("position"):
            haystack = " ".join(
                [c.code, *map(str, c.labels.values())]
                + [str(s) for values in c.synonyms.values() for s in values]
            ).casefold()
            if all(w in haystack for w in words):
                found.append((c, c.label(lang)))
    return render(
        request,
        "workspace/_category_results.html",
        {"found": found[:30], "q": request.GET.get("q", "")},
    )


@require(R.REVIEW)
def search_actors(request: HttpRequest) -> HttpResponse:
    """Existing actors that match the name across scripts and spellings, best first."""
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "victim")
    if role not in ("victim", "perpetrator"):
        return HttpResponseBadRequest("role")
    matches = suggest_matches(q, actor_names(), limit=8) if q else []
    actors = Actor.objects.in_bulk([k for k, _ in matches], field_name="external_id")
    return render(
        request,
        "workspace/_actor_results.html",
        {
            "matches": [(actors[k], score) for k, score in matches if k in actors],
            "role": role,
            "q": q,
        },
    )


@require(R.REVIEW)
def actor_chip(request: HttpRequest) -> HttpResponse:
    actor = get_object_or_404(Actor, external_id=request.GET.get("ext", ""))
    role = request.GET.get("role", "victim")
    if role not in ("victim", "perpetrator"):
        return HttpResponseBadRequest("role")
    return render(request, "workspace/_actor_chip.html", {"actor": actor, "role": role})


def _actor_form_response(
    request: HttpRequest, context: dict[str, Any], status: int
) -> HttpResponse:
    """Problems go back into the new-actor panel: htmx swaps only 2xx, so retarget there."""
    response = render(request, "workspace/_actor_form.html", context)
    if _is_htmx(request):
        response["HX-Retarget"] = "#new-actor-messages"
        response["HX-Reswap"] = "innerHTML"
    else:
        response.status_code = status
    return response


@require_POST
@require(R.EDIT)
def actor_new(request: HttpRequest) -> HttpResponse:
    """Create an actor from the editor; near-duplicates (any script) must be confirmed first."""
    role = request.POST.get("new-role", "victim")
    if role not in ("victim", "perpetrator"):
        return HttpResponseBadRequest("role")
    form = ActorForm(request.POST, prefix="new")
    if not form.is_valid():
        return _actor_form_response(request, {"actor_form": form}, 400)
    names = [form.cleaned_data["name"], *form.cleaned_data["name_variants"]]
    candidates = actor_names()
    dupes: dict[str, float] = {}
    for name in names:
        for key, score in suggest_matches(name, candidates, limit=5, min_score=85.0):
            dupes[key] = max(score, dupes.get(key, 0.0))
    if dupes and not form.cleaned_data["confirm_new"]:
        actors = Actor.objects.in_bulk(list(dupes), field_name="external_id")
        found = sorted(
            ((actors[k], s) for k, s in dupes.items() if k in actors), key=lambda p: -p[1]
        )
        return _actor_form_response(
            request, {"actor_form": form, "duplicates": found, "role": role}, 409
        )
    actor = create_actor(
        name=form.cleaned_data["name"],
        kind=form.cleaned_data["kind"],
        type=form.cleaned_data["type"],
        name_variants=form.cleaned_data["name_variants"],
        who=who(request),
    )
    response = render(request, "workspace/_actor_chip.html", {"actor": actor, "role": role})
    if _is_htmx(request):
        response["HX-Retarget"] = f"#{role}s-list"
        response["HX-Reswap"] = "beforeend"
    return response


@require(R.REVIEW)
def search_legal(request: HttpRequest) -> HttpResponse:
    """Normalise what was typed ("ст. 274 УК РК" → PC 274) and suggest articles in use."""
    q = request.GET.get("q", "").strip()
    lang = get_language() or "en"
    parsed = error = None
    if q:
        try:
            ref = parse_legal_ref(q)
            parsed = {"normal": str(ref), "described": {code: ref.describe(code) for code in LANGS}}
        except ValueError as exc:
            error = str(exc)
    used = LegalReference.objects.values("code", "article").annotate(n=Count("id")).order_by("-n")
    if q:
        first = q.split()[0]
        used = used.filter(article__startswith=first) if first[:1].isdigit() else used
    suggestions = []
    for row in used[:10]:
        text = f"{row['code']} {row['article']}"
        ref = parse_legal_ref(text)
        suggestions.append((text, ref.describe(lang), row["n"]))
    return render(
        request,
        "workspace/_legal_results.html",
        {"q": q, "parsed": parsed, "error": error, "suggestions": suggestions, "codes": CODES},
    )


# --- cases ------------------------------------------------------------------------------------


@require(R.REVIEW)
def cases(request: HttpRequest) -> HttpResponse:
    recent = request.GET.get("recent") == "1"
    return render(
        request,
        "workspace/cases.html",
        {"cases": cases_list(recent_only=recent), "recent": recent, "lang": get_language() or "en"},
    )


def _case(external_id: str) -> Case:
    return get_object_or_404(Case, external_id=external_id)


def _case_context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    lang = get_language() or "en"
    return {
        "case": case,
        # The version the case's forms were read at (the posted one when re-shown with errors).
        "version": forms.get("version") or case.version,
        "lang": lang,
        "texts": [
            (code, getattr(case, f"title_{code}"), getattr(case, f"summary_{code}"))
            for code in LANGS
        ],
        "timeline": case_timeline(case),
        "defendants": case.defendants.select_related("actor"),
        "total_claimed": sum(s.claim_amount or 0 for s in case.stages.all()),
        "stage_form": forms.get("stage_form") or StageForm(),
        "link_form": forms.get("link_form") or LinkIncidentForm(),
        "defendant_form": forms.get("defendant_form") or DefendantForm(),
    }


@require(R.REVIEW)
def case(request: HttpRequest, external_id: str) -> HttpResponse:
    return render(request, "workspace/case.html", _case_context(request, _case(external_id)))


@require(R.EDIT)
def case_new(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        obj = case_actions.create_case(
            kind=d["kind"],
            title={lang: d.get(f"title_{lang}", "") for lang in LANGS},
            summary={lang: d.get(f"summary_{lang}", "") for lang in LANGS},
            opened_on=d.get("opened_on"),
            internal_notes=d.get("internal_notes", ""),
            who=who(request),
        )
        return redirect("workspace:case", external_id=obj.external_id)
    return render(
        request, "workspace/case_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _case_write(
    request: HttpRequest,
    obj: Case,
    form_name: str,
    form: Any,
    write: Any,
    yours: dict[str, Any],
) -> HttpResponse:
    """Run one case form's write with the posted version: a bad version is a 400 naming it, a
    stale one a 409 with the case as saved now next to what was typed (form kept, new version)."""
    try:
        expected = _posted_version(request)
    except BadVersion as exc:
        if form is None:
            return HttpResponseBadRequest(str(exc))
        form.add_error(None, str(exc))
        return render(
            request,
            "workspace/case.html",
            _case_context(request, obj, **{form_name: form}),
            status=400,
        )
    try:
        write(expected)
    except StaleEdit as exc:
        fresh = _case(obj.external_id)
        theirs = case_actions.case_fields(fresh)
        context = _case_context(request, fresh, **{form_name: form, "version": exc.version})
        context["conflict"] = conflict_context(exc, yours, theirs)
        return render(request, "workspace/case.html", context, status=409)
    return redirect("workspace:case", external_id=obj.external_id)


def _posted_or_none(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@require_POST
@require(R.EDIT)
def case_stage(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _case(external_id)
    form = StageForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, obj, stage_form=form, version=_posted_or_none(request))
        return render(request, "workspace/case.html", context, status=400)
    d = form.cleaned_data
    stages = case_actions.case_fields(obj)["stages"]
    new = f"{d['date'].isoformat()} {d['stage']} {d.get('outcome', '')}".strip()
    return _case_write(
        request,
        obj,
        "stage_form",
        form,
        lambda expected: case_actions.add_stage(
            obj,
            stage=d["stage"],
            on=d["date"],
            body=d.get("body", ""),
            claim_amount=d.get("claim_amount"),
            outcome=d.get("outcome", ""),
            note={lang: d.get(f"note_{lang}", "") for lang in LANGS},
            who=who(request),
            expected_version=expected,
        ),
        {"stages": [*stages, new]},
    )


@require_POST
@require(R.EDIT)
def case_link(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _case(external_id)
    form = LinkIncidentForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, obj, link_form=form, version=_posted_or_none(request))
        return render(request, "workspace/case.html", context, status=400)
    incident = form.cleaned_data["incident"]
    linked = case_actions.case_fields(obj)["incidents"]
    return _case_write(
        request,
        obj,
        "link_form",
        form,
        lambda expected: case_actions.link_incident(
            obj, incident, who=who(request), expected_version=expected
        ),
        {"incidents": sorted({*linked, incident.external_id})},
    )


@require_POST
@require(R.EDIT)
def case_defendant(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _case(external_id)
    form = DefendantForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, obj, defendant_form=form, version=_posted_or_none(request))
        return render(request, "workspace/case.html", context, status=400)
    d = form.cleaned_data
    on = d.get("status_on")
    return _case_write(
        request,
        obj,
        "defendant_form",
        form,
        lambda expected: case_actions.set_defendant_status(
            obj, d["actor"], status=d["status"], on=on, who=who(request), expected_version=expected
        ),
        {
            f"defendant {d['actor'].external_id}": " ".join(
                filter(None, [d["status"], on.isoformat() if on else ""])
            )
        },
    )


@require_POST
@require(R.PUBLISH)
def case_publish(request: HttpRequest, external_id: str) -> HttpResponse:
    obj = _case(external_id)
    published = request.POST.get("published") == "1"
    return _case_write(
        request,
        obj,
        "publish_form",
        None,
        lambda expected: actions.set_case_published(
            obj, published, who=who(request), expected_version=expected
        ),
        {"published": published},
    )
