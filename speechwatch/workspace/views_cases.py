"""Staff pages of cases: list, page, new case, stages, linked incidents, defendants, publish."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from speechwatch.cases import actions as case_actions
from speechwatch.cases.models import Case
from speechwatch.incidents.models import LANGS
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.workspace import actions
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import require, who
from speechwatch.workspace.conflicts import BadVersion, conflict_context
from speechwatch.workspace.conflicts import posted_version as _posted_version
from speechwatch.workspace.forms import (
    CaseForm,
    DefendantForm,
    LinkIncidentForm,
    StageForm,
)
from speechwatch.workspace.queries import (
    case_timeline,
    cases_list,
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
