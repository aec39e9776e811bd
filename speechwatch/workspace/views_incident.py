"""Staff pages of one incident: page, editor, new incident, status moves, comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechwatch.incidents.actions import (
    change_status,
    create_incident,
    input_fields,
    update_incident,
)
from speechwatch.incidents.models import LANGS, Incident, LegalReference
from speechwatch.incidents.workflow import TransitionError
from speechwatch.intake.models import SubmissionOutcome
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.lib.legal import parse_legal_ref
from speechwatch.workspace import actions
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import has, require, user_roles, who
from speechwatch.workspace.conflicts import BadVersion, conflict_context
from speechwatch.workspace.conflicts import posted_version as _posted_version
from speechwatch.workspace.forms import (
    ActorForm,
    CommentForm,
    IncidentForm,
    initial_from,
    parse_sources,
)
from speechwatch.workspace.models import Assignment
from speechwatch.workspace.queries import (
    incident_input,
)
from speechwatch.workspace.views_common import (
    _is_htmx,
    _staff_users,
)

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
