"""Staff partials: edit locks and assignments, and the htmx search fragments of the editor
(categories, actors, legal references) with the new-actor form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechwatch.actors.actions import create_actor
from speechwatch.actors.matching import suggest_matches
from speechwatch.actors.models import Actor
from speechwatch.actors.queries import actor_names
from speechwatch.incidents.models import LANGS, LegalReference
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.lib.legal import CODES, parse_legal_ref
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy
from speechwatch.workspace import actions
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import has, require, who
from speechwatch.workspace.conflicts import BadVersion
from speechwatch.workspace.conflicts import posted_version as _posted_version
from speechwatch.workspace.forms import (
    ActorForm,
)
from speechwatch.workspace.views_common import (
    _check_object,
    _is_htmx,
    _staff_users,
)

# --- locks and assignments --------------------------------------------------------------------


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
