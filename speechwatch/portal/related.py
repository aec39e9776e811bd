"""What an incident page shows besides the incident: its published cases and related incidents.

Built from the incident's key in a few indexed queries (docs/portal.md, "Speed"): its case links
with their cases, the cases' stages (only when it has a case), the other incidents of those cases
and the newest incidents sharing a victim.
"""

from __future__ import annotations

from typing import Any

from speechwatch.cases.public import incident_cases, related_incidents
from speechwatch.lib.text import pick_text
from speechwatch.portal import public_labels as L


def related_context(incident_id: int, external_id: str, lang: str) -> dict[str, Any]:
    """``incident_id``: the key of a published incident (the view has read it)."""
    found = incident_cases(incident_id)
    cases = [
        {
            "external_id": c.external_id,
            "title_text": pick_text(c.title, lang)[0] or c.external_id,
            "stage_label": L.label(L.CASE_STAGES, c.last_stage),
        }
        for c in found.values()
    ]
    case_ids = list(found)
    related = [
        {
            "external_id": r.external_id,
            "recorded_on": r.recorded_on,
            "title_text": pick_text(r.title, lang)[0] or r.external_id,
            "reason": r.reason,
        }
        for r in related_incidents(external_id, incident_id=incident_id, case_ids=case_ids)
    ]
    return {"cases": cases, "related": related}
