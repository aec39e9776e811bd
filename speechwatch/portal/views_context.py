"""Public pages of cases, the legislation tracker and context events (thin views over
cases/public.py and context/public.py: only published data, nothing confidential)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from speechwatch.cases.public import CaseFilters, public_case, public_cases
from speechwatch.context.public import (
    EventFilters,
    LegislationFilters,
    public_events,
    public_legislation,
)
from speechwatch.lib.dates import BadParameter, query_date
from speechwatch.lib.text import pick_text
from speechwatch.portal import public_labels as L
from speechwatch.portal.views import bad_request, reference

Problems = list[tuple[str, str]]


def _lang() -> str:
    return get_language() or "en"


def _text(texts: dict[str, str], lang: str) -> tuple[str, str | None]:
    return pick_text(texts, lang)


def _choice(request: HttpRequest, name: str, table: dict[str, Any], problems: Problems) -> str:
    value = request.GET.get(name, "")
    if value and value not in table:
        problems.append((name, f"{value[:40]!r} is not one of: {', '.join(table)}"))
        return ""
    return value


def _day(request: HttpRequest, name: str, problems: Problems) -> date | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    try:
        return query_date(name, value)
    except BadParameter as exc:
        problems.append((exc.param, exc.message))
        return None


def tenge(amount: int | None) -> str:
    """1 500 000 ₸ (thin spaces between thousands, as all three languages write them)."""
    return "" if amount is None else f"{amount:,}".replace(",", "\u202f") + "\u00a0₸"


def _with_texts(item: Any, lang: str, *names: str) -> dict[str, Any]:
    out = asdict(item)
    for name in names:
        out[f"{name}_text"], out[f"{name}_lang"] = _text(getattr(item, name), lang)
    return out


# --- cases ------------------------------------------------------------------------------------


def cases(request: HttpRequest) -> HttpResponse:
    problems: Problems = []
    filters = CaseFilters(
        kind=_choice(request, "kind", L.CASE_KINDS, problems),
        stage=_choice(request, "stage", L.CASE_STAGES, problems),
        date_from=_day(request, "date_from", problems),
        date_to=_day(request, "date_to", problems),
    )
    if problems:
        return bad_request(request, problems)
    lang = _lang()
    rows = []
    for c in public_cases(filters):
        row = _with_texts(c, lang, "title", "summary")
        row["kind_label"] = L.label(L.CASE_KINDS, c.kind)
        row["stage_label"] = L.label(L.CASE_STAGES, c.last_stage)
        row["outcome_label"] = L.label(L.OUTCOMES, c.outcome)
        row["claims_text"] = tenge(c.claims_total)
        rows.append(row)
    context = {
        "cases": rows,
        "filters": filters,
        "kind_options": [(k, str(v)) for k, v in L.CASE_KINDS.items()],
        "stage_options": [(k, str(v)) for k, v in L.CASE_STAGES.items()],
    }
    return render(request, "portal/cases.html", context)


def case(request: HttpRequest, code: str) -> HttpResponse:
    found = public_case(code)
    if found is None:
        raise Http404("no published case with this id")
    lang = _lang()
    data = _with_texts(found, lang, "title", "summary")
    data["kind_label"] = L.label(L.CASE_KINDS, found.kind)
    data["outcome_label"] = L.label(L.OUTCOMES, found.outcome)
    data["claims_text"] = tenge(found.claims_total)
    data["stage_label"] = L.label(L.CASE_STAGES, found.last_stage)
    data["stages"] = [
        {
            **_with_texts(s, lang, "note"),
            "stage_label": L.label(L.CASE_STAGES, s.stage),
            "outcome_label": L.label(L.OUTCOMES, s.outcome),
            "claim_text": tenge(s.claim_amount),
        }
        for s in found.stages
    ]
    data["defendants"] = [
        {**asdict(d), "status_label": L.label(L.DEFENDANT_STATUSES, d.status)}
        for d in found.defendants
    ]
    return render(request, "portal/case.html", {"c": data})


# --- legislation and events ------------------------------------------------------------------


def legislation(request: HttpRequest) -> HttpResponse:
    problems: Problems = []
    filters = LegislationFilters(
        kind=_choice(request, "kind", L.LEGISLATION_KINDS, problems),
        stage=_choice(request, "stage", L.LEGISLATION_STAGES, problems),
    )
    if problems:
        return bad_request(request, problems)
    lang = _lang()
    items = []
    for item in public_legislation(filters):
        row = _with_texts(item, lang, "title", "summary")
        row["kind_label"] = L.label(L.LEGISLATION_KINDS, item.kind)
        row["stage_label"] = L.label(L.LEGISLATION_STAGES, item.current_stage)
        row["stages"] = [
            {**_with_texts(s, lang, "note"), "stage_label": L.label(L.LEGISLATION_STAGES, s.stage)}
            for s in item.stages
        ]
        items.append(row)
    context = {
        "items": items,
        "filters": filters,
        "kind_options": [(k, str(v)) for k, v in L.LEGISLATION_KINDS.items()],
        "stage_options": [(k, str(v)) for k, v in L.LEGISLATION_STAGES.items()],
    }
    return render(request, "portal/legislation.html", context)


def events(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    ref = reference(request, lang)
    problems: Problems = []
    filters = EventFilters(
        date_from=_day(request, "date_from", problems),
        date_to=_day(request, "date_to", problems),
        kind=_choice(request, "kind", L.EVENT_KINDS, problems),
        region=_choice(request, "region", ref.regions, problems),
    )
    if problems:
        return bad_request(request, problems)
    rows = []
    for e in public_events(filters, limit=500):
        row = _with_texts(e, lang, "title", "text")
        row["kind_label"] = L.label(L.EVENT_KINDS, e.kind)
        row["region_label"] = ref.regions.get(e.region, e.region)
        rows.append(row)
    context = {
        "events": rows,
        "filters": filters,
        "kind_options": [(k, str(v)) for k, v in L.EVENT_KINDS.items()],
        "region_options": ref.region_options,
    }
    return render(request, "portal/events.html", context)
