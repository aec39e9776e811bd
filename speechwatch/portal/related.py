"""What an incident page shows besides the incident: its published cases and related incidents."""

from __future__ import annotations

from typing import Any

from speechwatch.cases.public import CaseFilters, public_cases, related_incidents
from speechwatch.lib.text import pick_text
from speechwatch.portal import public_labels as L


def related_context(external_id: str, lang: str) -> dict[str, Any]:
    cases = [
        {
            "external_id": c.external_id,
            "title_text": pick_text(c.title, lang)[0] or c.external_id,
            "stage_label": L.label(L.CASE_STAGES, c.last_stage),
        }
        for c in public_cases(CaseFilters(incident=external_id))
    ]
    related = [
        {
            "external_id": r.external_id,
            "recorded_on": r.recorded_on,
            "title_text": pick_text(r.title, lang)[0] or r.external_id,
            "reason": r.reason,
        }
        for r in related_incidents(external_id)
    ]
    return {"cases": cases, "related": related}
