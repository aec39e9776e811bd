"""/work/triage/models/: stored model versions with their evaluation reports; make one active."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechwatch.staff import roles as R
from speechwatch.staff.access import require, who
from speechwatch.triage import actions
from speechwatch.triage.models import ModelVersion

SHOWN = 50  # versions listed; older ones stay stored and reachable by `triage rollback N`


def _pct(value: Any) -> str:
    return f"{float(value) * 100:.1f}%" if isinstance(value, int | float) else "—"


def report_view(report: dict[str, Any]) -> dict[str, Any]:
    """A stored report (evaluation.EvalReport.as_dict) as table rows for the template."""

    def prf_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "name": name or "?",
                "precision": _pct(m.get("precision")),
                "recall": _pct(m.get("recall")),
                "f1": _pct(m.get("f1")),
                "support": m.get("support", 0),
            }
            for name, m in table.items()
            if isinstance(m, dict)
        ]

    top1, top3 = report.get("top1") or {}, report.get("top3") or {}
    return {
        "items": report.get("items", 0),
        "violation": prf_rows(report.get("violation") or {}),
        "blocks": prf_rows(report.get("blocks") or {}),
        "top1": _pct(top1.get("accuracy")),
        "top3": _pct(top3.get("accuracy")),
        "codes_total": top3.get("total", 0),
        "brier": f"{report['brier']:.3f}" if isinstance(report.get("brier"), int | float) else "—",
        "bins": [
            {
                "range": f"{b['low']:.1f}–{b['high']:.1f}",
                "count": b["count"],
                "mean": f"{b['mean_score']:.2f}",
                "observed": f"{b['observed']:.2f}",
            }
            for b in report.get("bins") or []
            if isinstance(b, dict) and b.get("count")
        ],
        "thresholds": sorted((k or "*", v) for k, v in (report.get("thresholds") or {}).items()),
    }


@require(R.PUBLISH)
def models_view(request: HttpRequest) -> HttpResponse:
    versions = list(ModelVersion.objects.defer("blob").order_by("-number")[:SHOWN])
    rows = [{"version": v, "report": report_view(v.report or {})} for v in versions]
    active = next((v for v in versions if v.active), None)
    return render(request, "triage/models.html", {"rows": rows, "active": active})


@require_POST
@require(R.PUBLISH)
def activate_view(request: HttpRequest, number: int) -> HttpResponse:
    try:
        actions.activate(who(request), number)
    except actions.ModelError as exc:
        messages.error(request, str(exc))
        return redirect("triage:models")
    messages.success(request, _("Model version %(number)s is now in use.") % {"number": number})
    return redirect("triage:models")
